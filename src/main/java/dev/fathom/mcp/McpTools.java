package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.llm.RequestWriter;
import dev.fathom.tools.ExternalTool;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolException;
import dev.fathom.tools.ToolProgress;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import dev.fathom.tools.ToolSpecs;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The MCP servers of a session: started in parallel when the session starts, with a bounded wait (their tools must
 * be in the first request), offered under the names {@link McpToolNames} gives them, stopped when it ends. A server that fails is
 * reported once; its tools answer with the failure and leave the offered list at the next compaction. At most
 * {@link ToolRegistry#MAX_OFFERED_TOOLS} tools go to the model: built-in tools first, then MCP tools in the order of
 * the settings until the cap; the rest are left out, said once.
 */
public final class McpTools implements AutoCloseable {
    /** How long the session waits for its servers to start, all together. */
    static final Duration START_BOUND = Duration.ofSeconds(30);

    private final List<McpServer> servers = new ArrayList<>();
    private final ObjectMapper json;
    private final Consumer<String> notices;
    private final Set<String> reported = new HashSet<>();
    private Map<McpToolNames.Key, String> names = Map.of();

    /** Why a tool is not offered: it needs MCP tasks. */
    public static final String NEEDS_TASKS = "not offered: it must run as an MCP task (execution.taskSupport: required), which Fathom does not support";
    /** Why a tool is not offered: the cap. */
    public static final String OVER_CAP = "left out: over the " + ToolRegistry.MAX_OFFERED_TOOLS + "-tool limit";

    /** One tool of a running server: its wire name, and why it is not offered (null when it is). */
    public record Entry(McpServer server, McpServer.ToolInfo info, String wireName, String notOffered) {
        public boolean offered() {
            return notOffered == null;
        }
    }

    private McpTools(ObjectMapper json, Consumer<String> notices) {
        this.json = json;
        this.notices = notices;
    }

    public static McpTools start(List<McpServer.Config> configs, Path workspace, Map<String, String> env, Path logDir, ObjectMapper json,
            String version, Consumer<String> notices) {
        return start(configs, workspace, env, logDir, json, version, notices, START_BOUND);
    }

    /**
     * Starts every server at once, each on a thread of its own, and waits for all of them at most {@code bound}: the
     * first request waits for the slowest server, not for the sum. A server not ready by then is left out of the
     * session (its tools never reach the model, so the offered list stays the same all session) and reported.
     */
    static McpTools start(List<McpServer.Config> configs, Path workspace, Map<String, String> env, Path logDir, ObjectMapper json,
            String version, Consumer<String> notices, Duration bound) {
        McpTools t = new McpTools(json, notices);
        configs.forEach(c -> t.servers.add(new McpServer(c, json)));
        CountDownLatch started = new CountDownLatch(t.servers.size());
        for (McpServer s : t.servers) {
            Thread starter = new Thread(() -> {
                try {
                    s.start(workspace, env, logDir, version);
                } finally {
                    started.countDown();
                }
            }, "mcp-start-" + s.config().name());
            starter.setDaemon(true);
            starter.start();
        }
        try {
            started.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the user gave up waiting: whoever is not ready is left out
        }
        for (McpServer s : t.servers) {
            s.abandon("was not ready within " + bound.toSeconds() + " s, so it is left out of this session");
            if (s.state() == McpServer.State.FAILED) {
                t.report(s);
            }
        }
        List<McpToolNames.Key> keys = new ArrayList<>();
        t.servers.forEach(s -> s.tools().forEach(i -> keys.add(new McpToolNames.Key(s.config().name(), i.name()))));
        t.names = McpToolNames.assign(keys);
        return t;
    }

    public List<McpServer> servers() {
        return servers;
    }

    /** The chosen tools of the running servers (a server's {@code tools} list), marked offered while they fit beside {@code builtIns}. */
    public List<Entry> catalog(int builtIns) {
        List<Entry> out = new ArrayList<>();
        int room = ToolRegistry.MAX_OFFERED_TOOLS - builtIns;
        for (McpServer s : servers) {
            if (s.state() != McpServer.State.RUNNING) {
                continue;
            }
            for (McpServer.ToolInfo info : s.tools()) {
                if (s.config().tools() != null && !s.config().tools().contains(info.name())) {
                    continue;
                }
                String notOffered = info.requiresTasks() ? NEEDS_TASKS : room-- > 0 ? null : OVER_CAP;
                out.add(new Entry(s, info, wireName(s, info), notOffered));
            }
        }
        return out;
    }

    /** The tools offered beside the registry's built-in ones; those past the cap are named in one notice. */
    public List<ExternalTool> tools(ToolRegistry registry) {
        List<ExternalTool> out = new ArrayList<>();
        List<Entry> all = catalog(registry.specifications().size());
        List<String> leftOut = new ArrayList<>();
        for (Entry e : all) {
            if (e.offered()) {
                out.add(new McpTool(e.server(), e.info(), e.wireName(), registry));
            } else if (e.notOffered().equals(OVER_CAP)) {
                leftOut.add(e.wireName());
            }
        }
        if (!leftOut.isEmpty()) {
            notices.accept("MCP: " + (registry.specifications().size() + all.stream().filter(e -> !e.info().requiresTasks()).count()) + " tools, but the model takes at most "
                    + ToolRegistry.MAX_OFFERED_TOOLS + "; left out " + leftOut.size() + ": " + leftOut.get(0)
                    + (leftOut.size() > 1 ? " ... " + leftOut.get(leftOut.size() - 1) : "") + ".");
            notices.accept("Choose per server with \"tools\": [\"name\", ...] or \"enabled\": false in the settings; fathom mcp list shows every tool.");
        }
        return out;
    }

    String wireName(McpServer s, McpServer.ToolInfo info) {
        return names.get(new McpToolNames.Key(s.config().name(), info.name()));
    }

    private synchronized void report(McpServer s) {
        if (reported.add(s.config().name())) {
            notices.accept("MCP server '" + s.config().name() + "' " + s.failure() + "; its tools are unavailable.");
        }
    }

    @Override
    public void close() {
        servers.forEach(McpServer::stop);
    }

    /** One MCP tool as an {@link ExternalTool}. */
    private final class McpTool implements ExternalTool {
        private final McpServer server;
        private final McpServer.ToolInfo info;
        private final ToolSpecification spec;
        private final ToolRegistry registry;

        McpTool(McpServer server, McpServer.ToolInfo info, String wireName, ToolRegistry registry) {
            this.server = server;
            this.info = info;
            this.registry = registry;
            JsonNode schema = info.inputSchema().isObject() ? info.inputSchema() : json.createObjectNode().put("type", "object");
            String description = (info.description().isBlank() ? info.name() : info.description().strip())
                    + "\n\n(From the MCP server '" + server.config().name() + "'.)";
            this.spec = ToolSpecification.builder().name(wireName).description(description).parameters(ToolSpecs.objectSchemaOf(schema))
                    .metadata(Map.of(RequestWriter.RAW_PARAMETERS, schema.toString())).build();
        }

        @Override
        public ToolSpecification specification() {
            return spec;
        }

        @Override
        public boolean mutates() {
            return !server.config().readOnly();
        }

        @Override
        public ToolResult run(String arguments, ToolContext context) throws ToolException {
            return run(arguments, context, ToolProgress.NONE);
        }

        @Override
        public ToolResult run(String arguments, ToolContext context, ToolProgress progress) throws ToolException {
            JsonNode args;
            try {
                args = json.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            } catch (Exception e) {
                throw new ToolException("The arguments for " + spec.name() + " are not valid JSON. Send one JSON object.");
            }
            if (!(args instanceof ObjectNode)) {
                throw new ToolException("The arguments for " + spec.name() + " must be a JSON object.");
            }
            try {
                McpServer.Result r = server.callTool(info.name(), args, progress);
                return r.error() ? ToolResult.error(r.text().isEmpty() ? "the tool reported an error" : r.text())
                        : ToolResult.ok(r.text().isEmpty() ? "(no output)" : r.text(), "mcp");
            } catch (McpException e) {
                if (server.state() == McpServer.State.FAILED) {
                    report(server);
                    server.tools().forEach(t -> registry.withdrawLater(wireName(server, t)));
                    throw new ToolException(e.getMessage() + ". Do without this tool.");
                }
                throw new ToolException(e.getMessage() + ".");
            }
        }
    }
}
