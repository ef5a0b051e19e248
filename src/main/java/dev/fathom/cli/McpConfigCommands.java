package dev.fathom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.config.ConfigException;
import dev.fathom.config.McpSettingsFile;
import dev.fathom.config.ProjectTrust;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fathom mcp add|remove|get}: edit and show one MCP server definition without hand-editing JSON. Values of
 * {@code env} and {@code headers} usually hold tokens, so they are written but never printed.
 */
final class McpConfigCommands {
    private McpConfigCommands() {
    }

    /** Where a command reads and writes: the user's file or the workspace's. */
    abstract static class Scoped {
        @ParentCommand
        McpCommand mcp;

        @Mixin
        GlobalOptions global;

        @Option(names = "--scope", paramLabel = "user|project", description = "user: $FATHOM_HOME/settings.json (default);"
                + " project: .fathom/settings.json in the workspace.")
        String scope;

        Launch launch() {
            return mcp.root.launch;
        }

        Path workspace() {
            Path cd = global.or(mcp.root.global).cd;
            return cd == null ? launch().startDir() : launch().startDir().resolve(cd).normalize();
        }

        /** The settings folder, found as the settings loader finds it. */
        Path fathomHome() {
            return dev.fathom.config.SettingsLoader.fathomHome(launch().env());
        }

        McpSettingsFile file(ObjectMapper json) {
            return switch (scope == null ? "user" : scope) {
                case "user" -> McpSettingsFile.user(fathomHome(), json);
                case "project" -> McpSettingsFile.project(workspace(), json);
                default -> throw new ConfigException("--scope must be user or project, got '" + ProjectTrust.printable(scope) + "'.");
            };
        }

        int refuse(ConfigException e) {
            launch().err().println("fathom: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an MCP server: NAME -- COMMAND [ARGS...] (stdio) or NAME --url URL (HTTP).")
    static final class Add extends Scoped implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "Letters, digits, _ and - (at most 30).")
        String name;

        @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (put -- before them).")
        List<String> command = new ArrayList<>();

        @Option(names = "--url", paramLabel = "URL", description = "A streamable HTTP server's endpoint.")
        String url;

        @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "An environment variable for a stdio server (repeatable).")
        List<String> env = new ArrayList<>();

        @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", description = "An HTTP header (repeatable).")
        List<String> headers = new ArrayList<>();

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long a call may go without an answer. Default 120.")
        Integer timeout;

        @Option(names = "--force", description = "Replace a server of the same name.")
        boolean force;

        @Override
        public Integer call() {
            ObjectMapper json = new ObjectMapper();
            try {
                McpSettingsFile file = file(json);
                file.add(name, server(json), force);
                launch().out().println("Added MCP server '" + name + "' to " + file.file() + ".");
                if ("project".equals(scope)) {
                    launch().out().println("Project MCP servers start only in a trusted project: Fathom asks to trust this exact content"
                            + " (again after every change), or pass --trust-project, or add the repository to \"trusted_projects\" in "
                            + fathomHome().resolve("settings.json") + ".");
                }
                return ExitCodes.OK;
            } catch (ConfigException e) {
                return refuse(e);
            }
        }

        private ObjectNode server(ObjectMapper json) {
            if (command.isEmpty() == (url == null)) {
                throw new ConfigException("give either a command (fathom mcp add NAME -- COMMAND [ARGS...]) or --url URL, not "
                        + (command.isEmpty() ? "neither" : "both") + ".");
            }
            ObjectNode s = json.createObjectNode();
            if (url != null) {
                if (!env.isEmpty()) {
                    throw new ConfigException("-e sets a stdio server's environment; an HTTP server takes -H 'Name: value'.");
                }
                s.put("url", checkUrl(url));
                if (!headers.isEmpty()) {
                    ObjectNode h = s.putObject("headers");
                    headers.forEach(line -> put(h, line, ':', "[!#$%&'*+.^_`|~0-9A-Za-z-]+", "-H takes 'Name: value'"));
                }
            } else {
                if (!headers.isEmpty()) {
                    throw new ConfigException("-H sets an HTTP server's headers; a stdio server takes -e KEY=VALUE.");
                }
                s.put("command", command.get(0));
                if (command.size() > 1) {
                    command.subList(1, command.size()).forEach(s.putArray("args")::add);
                }
                if (!env.isEmpty()) {
                    ObjectNode e = s.putObject("env");
                    env.forEach(line -> put(e, line, '=', "[A-Za-z_][A-Za-z0-9_]*", "-e takes KEY=VALUE"));
                }
            }
            if (timeout != null) {
                if (timeout < 1) {
                    throw new ConfigException("--timeout must be a whole number of seconds, at least 1, got " + timeout + ".");
                }
                s.put("timeout_seconds", timeout);
            }
            return s;
        }

        private static void put(ObjectNode into, String line, char separator, String keyRule, String usage) {
            int at = line.indexOf(separator);
            String key = at < 0 ? "" : line.substring(0, at).strip();
            if (!key.matches(keyRule)) {
                throw new ConfigException(usage + ", got '" + ProjectTrust.printable(at < 0 ? line : key) + "'.");
            }
            into.put(key, separator == ':' ? line.substring(at + 1).strip() : line.substring(at + 1));
        }

        private static String checkUrl(String url) {
            try {
                URI u = new URI(url);
                if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                    return url;
                }
            } catch (java.net.URISyntaxException e) {
                // worded below
            }
            throw new ConfigException("--url must be an http:// or https:// address, got '" + ProjectTrust.printable(url) + "'.");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an MCP server from the user (default) or project settings.")
    static final class Remove extends Scoped implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try {
                McpSettingsFile file = file(new ObjectMapper());
                file.remove(name);
                launch().out().println("Removed MCP server '" + name + "' from " + file.file() + ".");
                return ExitCodes.OK;
            } catch (ConfigException e) {
                return refuse(e);
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show where an MCP server is defined and how it starts (secrets hidden).")
    static final class Get extends Scoped implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            List<McpSettingsFile.Definition> found;
            try {
                found = McpSettingsFile.find(fathomHome(), workspace(), name, new ObjectMapper());
                if (scope != null) {
                    file(new ObjectMapper()); // checks the word
                    found = found.stream().filter(d -> d.project() == scope.equals("project")).toList();
                }
            } catch (ConfigException e) {
                return refuse(e);
            }
            if (found.isEmpty()) {
                launch().err().println("fathom: no MCP server '" + name + "' in the user or project settings.");
                return ExitCodes.FAILED;
            }
            for (McpSettingsFile.Definition d : found) {
                print(d, d == found.get(found.size() - 1) && found.size() > 1);
            }
            return ExitCodes.OK;
        }

        private void print(McpSettingsFile.Definition d, boolean wins) {
            var out = launch().out();
            JsonNode s = d.server();
            out.println(name + ": " + d.file() + (d.project() ? " (project; starts only in a trusted project)" : " (user)")
                    + (wins ? "  <- in effect" : ""));
            if (s.hasNonNull("url")) {
                out.println("  transport: streamable HTTP");
                out.println("  url: " + ProjectTrust.printable(s.get("url").asText()));
            } else {
                List<String> cmd = new ArrayList<>();
                if (s.path("command").isArray()) {
                    s.get("command").forEach(c -> cmd.add(c.asText()));
                } else {
                    cmd.add(s.path("command").asText());
                }
                s.path("args").forEach(a -> cmd.add(a.asText()));
                out.println("  transport: stdio");
                out.println("  command: " + ProjectTrust.printable(String.join(" ", cmd)));
            }
            hidden(s.path("env"), "env");
            hidden(s.path("headers"), "headers");
            out.println("  timeout_seconds: " + s.path("timeout_seconds").asInt(120));
            if (s.path("read_only").asBoolean(false)) {
                out.println("  read_only: true");
            }
            if (!s.path("enabled").asBoolean(true)) {
                out.println("  enabled: false");
            }
            if (s.path("tools").isArray()) {
                List<String> tools = new ArrayList<>();
                s.get("tools").forEach(t -> tools.add(ProjectTrust.printable(t.asText())));
                out.println("  tools: " + String.join(", ", tools));
            }
        }

        /** The names only: values of env and headers are secrets. */
        private void hidden(JsonNode map, String label) {
            List<String> keys = new ArrayList<>();
            map.fieldNames().forEachRemaining(k -> keys.add(ProjectTrust.printable(k) + "=***"));
            if (!keys.isEmpty()) {
                launch().out().println("  " + label + ": " + String.join(" ", keys));
            }
        }
    }
}
