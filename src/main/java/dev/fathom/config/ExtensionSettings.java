package dev.fathom.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings that extend or widen what Fathom does: permission rules, MCP servers and hooks, each checked strictly
 * (the file, the key and what is expected in every message). {@link SettingsLoader} applies them; trust decides first
 * whether a project file may set them at all ({@link ProjectTrust}).
 */
final class ExtensionSettings {
    static final Set<String> HOOK_EVENTS = Set.of("pre_tool", "post_tool", "prompt_submit", "stop");

    /** The shared MCP file other agents read at the repository root: {"mcpServers": {...}}. */
    static final String SHARED_MCP_FILE = ".mcp.json";

    private ExtensionSettings() {
    }

    /**
     * The project files, weakest first: the repository root's {@code .mcp.json}, then each {@code .fathom/settings.json}
     * from the root down to the workspace. All pass the same trust check, so an untrusted repository's servers never start.
     */
    static java.util.List<Path> projectFiles(Path workspace) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        out.add(ProjectTrust.root(workspace).resolve(SHARED_MCP_FILE));
        ProjectTrust.folders(workspace).forEach(f -> out.add(f.resolve(".fathom").resolve("settings.json")));
        return out;
    }

    /**
     * A project file as settings: {@code .mcp.json} gives only its {@code mcpServers}, each without the {@code type}
     * key that format carries (Fathom tells stdio from HTTP by {@code command} or {@code url}); other files as they are.
     */
    static com.fasterxml.jackson.databind.node.ObjectNode asSettings(Path file, com.fasterxml.jackson.databind.node.ObjectNode node) {
        if (!file.getFileName().toString().equals(SHARED_MCP_FILE)) {
            return node;
        }
        com.fasterxml.jackson.databind.node.ObjectNode out = node.objectNode();
        JsonNode servers = node.get("mcpServers");
        if (servers == null) {
            return out;
        }
        if (!servers.isObject()) {
            throw new ConfigException(file + ": 'mcpServers' must be an object from server name to {\"command\": ...} or {\"url\": ...}.");
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = servers.deepCopy();
        copy.forEach(s -> {
            if (s instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.remove("type");
            }
        });
        out.set("mcpServers", copy);
        return out;
    }

    static java.util.List<String> rules(JsonNode permissions, String key, Path file) {
        java.util.List<String> out = new java.util.ArrayList<>();
        JsonNode list = permissions.get(key);
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            throw new ConfigException(file + ": 'permissions." + key + "' must be a list of rules such as \"bash(mvn test*)\".");
        }
        for (JsonNode r : list) {
            if (!r.isTextual()) {
                throw new ConfigException(file + ": every rule in 'permissions." + key + "' must be a string.");
            }
            out.add(r.asText());
        }
        String bad = dev.fathom.safety.ApprovalPolicy.invalidRule(out);
        if (bad != null) {
            throw new ConfigException(file + ": '" + bad + "' is not a rule; write tool or tool(pattern), e.g. bash(git push*).");
        }
        return out;
    }

    static java.util.List<Settings.McpServerSetting> mcpServers(JsonNode servers, Path file) {
        if (!servers.isObject()) {
            throw new ConfigException(file + ": 'mcpServers' must be an object from server name to {\"command\": ...} or {\"url\": ...}.");
        }
        java.util.List<Settings.McpServerSetting> out = new java.util.ArrayList<>();
        for (Iterator<String> it = servers.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode s = servers.get(name);
            String where = file + ": MCP server '" + name + "'";
            if (!name.matches("[A-Za-z0-9_-]{1,30}")) {
                throw new ConfigException(where + ": names may use letters, digits, _ and - (at most 30).");
            }
            java.util.List<String> command = new java.util.ArrayList<>();
            if (s.path("command").isTextual()) {
                command.add(s.get("command").asText());
            } else if (s.path("command").isArray()) {
                s.get("command").forEach(c -> command.add(c.asText()));
            }
            s.path("args").forEach(a -> command.add(a.asText()));
            String url = s.hasNonNull("url") ? s.get("url").asText() : null;
            if (command.isEmpty() == (url == null)) {
                throw new ConfigException(where + " needs either \"command\" (with optional \"args\") or \"url\".");
            }
            java.util.List<String> tools = null;
            if (s.has("tools")) {
                if (!s.get("tools").isArray()) {
                    throw new ConfigException(where + ": 'tools' must be a list of the server's tool names, e.g. [\"search\"].");
                }
                tools = new java.util.ArrayList<>();
                for (JsonNode t : s.get("tools")) {
                    tools.add(t.asText());
                }
            }
            int timeout = s.path("timeout_seconds").asInt(120);
            if (timeout < 1) {
                throw new ConfigException(where + ": 'timeout_seconds' must be a whole number of seconds, at least 1.");
            }
            out.add(new Settings.McpServerSetting(name, command, stringMap(s.path("env"), where), url, stringMap(s.path("headers"), where),
                    s.path("read_only").asBoolean(false), tools, s.path("enabled").asBoolean(true), timeout));
        }
        return out;
    }

    static java.util.Map<String, String> stringMap(JsonNode node, String where) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new ConfigException(where + ": 'env' and 'headers' must be objects of strings.");
        }
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static java.util.List<Settings.HookSetting> hooks(JsonNode hooks, Path file) {
        if (!hooks.isObject()) {
            throw new ConfigException(file + ": 'hooks' must be an object from event (" + String.join(", ", HOOK_EVENTS.stream().sorted().toList())
                    + ") to a list of hooks.");
        }
        java.util.List<Settings.HookSetting> out = new java.util.ArrayList<>();
        for (Iterator<String> it = hooks.fieldNames(); it.hasNext(); ) {
            String event = it.next();
            if (!HOOK_EVENTS.contains(event)) {
                throw new ConfigException(file + ": unknown hook event '" + event + "'; use " + String.join(", ", HOOK_EVENTS.stream().sorted().toList()) + ".");
            }
            JsonNode list = hooks.get(event);
            if (!list.isArray()) {
                throw new ConfigException(file + ": 'hooks." + event + "' must be a list of {\"command\": ...} objects.");
            }
            for (JsonNode h : list) {
                if (!h.path("command").isTextual() || h.path("command").asText().isBlank()) {
                    throw new ConfigException(file + ": every hook in 'hooks." + event + "' needs a \"command\".");
                }
                String matcher = h.hasNonNull("matcher") ? h.get("matcher").asText() : null;
                if (matcher != null) {
                    try {
                        java.util.regex.Pattern.compile(matcher);
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw new ConfigException(file + ": hook matcher '" + matcher + "' is not a valid regular expression.");
                    }
                }
                int timeout = h.has("timeout_seconds") ? h.get("timeout_seconds").asInt(-1) : 60;
                if (timeout <= 0) {
                    throw new ConfigException(file + ": a hook's 'timeout_seconds' must be a positive whole number.");
                }
                out.add(new Settings.HookSetting(event, matcher, h.get("command").asText(), timeout));
            }
        }
        return out;
    }
}
