package dev.fathom.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link Settings} from the layered sources. Every file is checked strictly: malformed JSON, an unknown key or
 * a value of the wrong type stops the run with the file, the key and what is expected.
 */
public final class SettingsLoader {
    private static final Set<String> KEYS = Set.of("model", "base_url", "thinking", "effort", "context_window",
            "idle_timeout_seconds", "retry_base_delay_ms", "retry_max_attempts", "compact_at", "auto_compact", "approval", "permissions", "network", "hooks", "mcpServers", "sandbox_writable",
            "sandbox_readable", "env_allow");
    private static final Set<String> HOOK_EVENTS = Set.of("pre_tool", "post_tool", "prompt_submit", "stop");
    private static final Set<String> EFFORTS = Set.of("high", "max");

    /** Values given on the command line; null where a flag was not given. */
    public record Flags(String model, String baseUrl, String thinking, String effort, Integer contextWindow, Path cd, Path config,
            Integer compactAt, boolean noAutoCompact, String approval, boolean network) {
    }

    private final ObjectMapper json;
    private final Map<String, String> env;
    private final Path startDir;

    public SettingsLoader(ObjectMapper json, Map<String, String> env, Path startDir) {
        this.json = json;
        this.env = env;
        this.startDir = startDir;
    }

    public Settings load(Flags flags) {
        Builder b = new Builder();
        Path home = fathomHome();
        b.fathomHome = home;
        Path workspace = flags.cd() != null ? startDir.resolve(flags.cd()).normalize() : startDir;
        if (!Files.isDirectory(workspace)) {
            throw new ConfigException("--cd " + flags.cd() + ": no such directory.");
        }
        b.workspace = workspace;
        apply(b, home.resolve("settings.json"), false);
        apply(b, workspace.resolve(".fathom").resolve("settings.json"), false);
        if (flags.config() != null) {
            apply(b, startDir.resolve(flags.config()), true);
        }
        if (env.get("DEEPSEEK_BASE_URL") != null && !env.get("DEEPSEEK_BASE_URL").isBlank()) {
            b.baseUrl = env.get("DEEPSEEK_BASE_URL");
        }
        if (env.get("FATHOM_MODEL") != null && !env.get("FATHOM_MODEL").isBlank()) {
            b.model = env.get("FATHOM_MODEL");
        }
        b.apiKey = env.get("DEEPSEEK_API_KEY");
        if (flags.model() != null) {
            b.model = flags.model();
        }
        if (flags.baseUrl() != null) {
            b.baseUrl = flags.baseUrl();
        }
        if (flags.thinking() != null) {
            b.thinking = switch (flags.thinking()) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new ConfigException("--thinking must be on or off, got '" + flags.thinking() + "'.");
            };
        }
        if (flags.effort() != null) {
            b.effort = checkEffort(flags.effort(), "--effort");
        }
        if (flags.contextWindow() != null) {
            b.contextWindow = checkWindow(flags.contextWindow(), "--context-window");
        }
        if (flags.compactAt() != null) {
            b.compactAt = checkPercent(flags.compactAt(), "--compact-at");
        }
        if (flags.noAutoCompact()) {
            b.autoCompact = false;
        }
        if (flags.approval() != null) {
            b.approval = checkApproval(flags.approval(), "--approval");
        }
        if (flags.network()) {
            b.network = true;
        }
        return b.build();
    }

    private Path fathomHome() {
        String h = env.get("FATHOM_HOME");
        if (h != null && !h.isBlank()) {
            return Path.of(h);
        }
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(userHome, ".fathom");
    }

    private void apply(Builder b, Path file, boolean mustExist) {
        if (!Files.exists(file)) {
            if (mustExist) {
                throw new ConfigException("--config " + file + ": no such file.");
            }
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "") + ".");
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + " must contain a JSON object.");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new ConfigException(file + ": unknown setting '" + key + "'. Known settings: " + String.join(", ", KEYS.stream().sorted().toList()) + ".");
            }
        }
        b.model = text(root, "model", file, b.model);
        b.baseUrl = text(root, "base_url", file, b.baseUrl);
        if (root.has("thinking")) {
            if (!root.get("thinking").isBoolean()) {
                throw new ConfigException(file + ": 'thinking' must be true or false.");
            }
            b.thinking = root.get("thinking").asBoolean();
        }
        String effort = text(root, "effort", file, null);
        if (effort != null) {
            b.effort = checkEffort(effort, file + ": 'effort'");
        }
        Integer window = integer(root, "context_window", file);
        if (window != null) {
            b.contextWindow = checkWindow(window, file + ": 'context_window'");
        }
        Integer idle = integer(root, "idle_timeout_seconds", file);
        if (idle != null) {
            b.idleTimeout = Duration.ofSeconds(positive(idle, file + ": 'idle_timeout_seconds'"));
        }
        Integer delay = integer(root, "retry_base_delay_ms", file);
        if (delay != null) {
            b.retryBaseDelay = Duration.ofMillis(positive(delay, file + ": 'retry_base_delay_ms'"));
        }
        Integer compactAt = integer(root, "compact_at", file);
        if (compactAt != null) {
            b.compactAt = checkPercent(compactAt, file + ": 'compact_at'");
        }
        if (root.has("auto_compact")) {
            if (!root.get("auto_compact").isBoolean()) {
                throw new ConfigException(file + ": 'auto_compact' must be true or false.");
            }
            b.autoCompact = root.get("auto_compact").asBoolean();
        }
        String approval = text(root, "approval", file, null);
        if (approval != null) {
            b.approval = checkApproval(approval, file + ": 'approval'");
        }
        if (root.has("network")) {
            if (!root.get("network").isBoolean()) {
                throw new ConfigException(file + ": 'network' must be true or false.");
            }
            b.network = root.get("network").asBoolean();
        }
        b.sandboxWritable.addAll(strings(root, "sandbox_writable", file, "a list of folders, e.g. [\"~/.m2\", \"~/.npm\"]"));
        b.sandboxReadable.addAll(strings(root, "sandbox_readable", file, "a list of files or folders, e.g. [\"~/.gitconfig\"]"));
        b.envAllow.addAll(strings(root, "env_allow", file, "a list of variable names, e.g. [\"JAVA_HOME\"]"));
        JsonNode mcp = root.get("mcpServers");
        if (mcp != null) {
            mcpServers(mcp, file).forEach(m -> b.mcp.put(m.name(), m));
        }
        JsonNode hooks = root.get("hooks");
        if (hooks != null) {
            b.hooks.addAll(hooks(hooks, file));
        }
        JsonNode permissions = root.get("permissions");
        if (permissions != null) {
            b.allow.addAll(rules(permissions, "allow", file));
            b.deny.addAll(rules(permissions, "deny", file));
        }
        Integer attempts = integer(root, "retry_max_attempts", file);
        if (attempts != null) {
            b.retryMaxAttempts = positive(attempts, file + ": 'retry_max_attempts'");
        }
    }

    private static java.util.List<String> strings(JsonNode root, String key, Path file, String example) {
        JsonNode list = root.get(key);
        if (list == null) {
            return java.util.List.of();
        }
        if (!list.isArray()) {
            throw new ConfigException(file + ": '" + key + "' must be " + example + ".");
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        list.forEach(w -> out.add(w.asText()));
        return out;
    }

    private static String text(JsonNode root, String key, Path file, String fallback) {
        JsonNode v = root.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(file + ": '" + key + "' must be a non-empty string.");
        }
        return v.asText();
    }

    private static Integer integer(JsonNode root, String key, Path file) {
        JsonNode v = root.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ConfigException(file + ": '" + key + "' must be a whole number.");
        }
        return v.asInt();
    }

    private static int positive(int v, String what) {
        if (v <= 0) {
            throw new ConfigException(what + " must be positive, got " + v + ".");
        }
        return v;
    }

    private static String checkEffort(String effort, String what) {
        if (!EFFORTS.contains(effort)) {
            throw new ConfigException(what + " must be high or max, got '" + effort + "'.");
        }
        return effort;
    }

    private static java.util.List<String> rules(JsonNode permissions, String key, Path file) {
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

    private static java.util.List<Settings.McpServerSetting> mcpServers(JsonNode servers, Path file) {
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
            out.add(new Settings.McpServerSetting(name, command, stringMap(s.path("env"), where), url, stringMap(s.path("headers"), where),
                    s.path("read_only").asBoolean(false)));
        }
        return out;
    }

    private static java.util.Map<String, String> stringMap(JsonNode node, String where) {
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

    private static java.util.List<Settings.HookSetting> hooks(JsonNode hooks, Path file) {
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

    private static String checkApproval(String mode, String what) {
        if (dev.fathom.safety.ApprovalMode.parse(mode) == null) {
            throw new ConfigException(what + " must be read-only, ask, auto-edit or full-auto, got '" + mode + "'.");
        }
        return mode;
    }

    private static int checkPercent(int percent, String what) {
        if (percent < 10 || percent > 100) {
            throw new ConfigException(what + " must be a percentage between 10 and 100, got " + percent + ".");
        }
        return percent;
    }

    private static int checkWindow(int window, String what) {
        if (window < 4096) {
            throw new ConfigException(what + " must be at least 4096 tokens, got " + window + ".");
        }
        return window;
    }

    private static final class Builder {
        String model = "deepseek-v4-pro";
        String baseUrl = "https://api.deepseek.com";
        String apiKey;
        boolean thinking = true;
        String effort = "max";
        Integer contextWindow;
        Path workspace;
        Path fathomHome;
        Duration idleTimeout = Duration.ofSeconds(90);
        Duration retryBaseDelay = Duration.ofSeconds(1);
        int retryMaxAttempts = 6;
        Integer compactAt;
        boolean autoCompact = true;
        String approval;
        final java.util.List<String> allow = new java.util.ArrayList<>();
        final java.util.List<String> deny = new java.util.ArrayList<>();
        boolean network;
        final java.util.List<Settings.HookSetting> hooks = new java.util.ArrayList<>();
        final java.util.Map<String, Settings.McpServerSetting> mcp = new java.util.LinkedHashMap<>();
        final java.util.List<String> sandboxWritable = new java.util.ArrayList<>();
        final java.util.List<String> sandboxReadable = new java.util.ArrayList<>();
        final java.util.List<String> envAllow = new java.util.ArrayList<>();

        Settings build() {
            return new Settings(model, baseUrl, apiKey, thinking, effort, contextWindow, workspace, fathomHome, idleTimeout,
                    retryBaseDelay, retryMaxAttempts, compactAt, autoCompact, approval, java.util.List.copyOf(allow),
                    java.util.List.copyOf(deny), network, java.util.List.copyOf(hooks), java.util.List.copyOf(mcp.values()),
                    java.util.List.copyOf(sandboxWritable), java.util.List.copyOf(sandboxReadable), java.util.List.copyOf(envAllow));
        }
    }
}
