package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.Settings;
import dev.fathom.mcp.McpServer;
import dev.fathom.mcp.McpTools;
import dev.fathom.safety.ChildEnvironment;
import dev.fathom.tools.ToolRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fathom mcp list}: starts each configured MCP server, shows its state and tools, stops it. {@code add},
 * {@code remove} and {@code get} edit and show the settings ({@link McpConfigCommands}).
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "MCP servers.",
        subcommands = {McpCommand.ListCommand.class, McpConfigCommands.Add.class, McpConfigCommands.Remove.class,
            McpConfigCommands.Get.class})
public final class McpCommand implements Callable<Integer> {
    @ParentCommand
    FathomCommand root;

    @Override
    public Integer call() {
        root.launch.err().println("fathom: usage: fathom mcp list | add NAME (-- COMMAND [ARGS...] | --url URL) | remove NAME | get NAME");
        return ExitCodes.USAGE;
    }

    /** The list subcommand. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Start each configured server, show its state and tools.")
    public static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        McpCommand mcp;

        @Mixin
        GlobalOptions global;

        @Override
        public Integer call() {
            FathomCommand root = mcp.root;
            Launch launch = root.launch;
            ObjectMapper json = new ObjectMapper();
            Settings settings = root.headlessSettings(global, json);
            if (settings == null) {
                return ExitCodes.USAGE;
            }
            if (settings.mcpServers().isEmpty()) {
                launch.out().println("No MCP servers configured (settings key \"mcpServers\").");
                return ExitCodes.OK;
            }
            boolean allRunning = true;
            try (McpTools tools = McpTools.start(RunFactory.mcpConfigs(settings), settings.workspace(), ChildEnvironment.scrub(launch.env(), settings.envAllow()),
                    settings.fathomHome().resolve("logs"), json, Version.get(), notice -> { })) {
                List<McpTools.Entry> catalog = tools.catalog(ToolRegistry.standard(json).specifications().size());
                for (McpServer s : tools.servers()) {
                    McpServer.Config c = s.config();
                    String state = switch (s.state()) {
                        case RUNNING -> "running";
                        case DISABLED -> "disabled";
                        default -> "failed: " + s.failure();
                    };
                    long chosen = catalog.stream().filter(e -> e.server() == s).count();
                    launch.out().println(c.name() + "  " + (c.url() != null ? c.url() : String.join(" ", c.command())) + "  " + state
                            + (c.readOnly() ? "  (read-only)" : "") + (c.tools() != null ? "  (" + chosen + " of " + s.tools().size() + " tools chosen by \"tools\")" : ""));
                    allRunning &= s.state() == McpServer.State.RUNNING || s.state() == McpServer.State.DISABLED;
                    for (McpTools.Entry e : catalog) {
                        if (e.server() != s) {
                            continue;
                        }
                        String d = e.info().description().replaceAll("\\s+", " ").strip();
                        launch.out().println("    " + e.wireName() + (e.offered() ? "" : "  (" + e.notOffered() + ")")
                                + (d.isEmpty() ? "" : "  " + (d.length() > 70 ? d.substring(0, 70) + "…" : d)));
                    }
                }
            }
            return allRunning ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
