package dev.fathom.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings as they are assembled, layer by layer: built-in defaults, then each settings file applied over them
 * ({@link #apply}), then the environment and the flags ({@link SettingsLoader}). Each value is checked as it is taken.
 */
final class SettingsDraft {
    private static final Set<String> EFFORTS = Set.of("low", "high", "max");
    private static final Set<String> DIALECTS = Set.of("deepseek", "vllm", "sglang", "auto");

    String model = "deepseek-v4-pro";
    String baseUrl = "https://api.deepseek.com";
    String endpointDialect = "auto";
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
    final List<String> allow = new ArrayList<>();
    final List<String> deny = new ArrayList<>();
    boolean network;
    final List<Settings.HookSetting> hooks = new ArrayList<>();
    final Map<String, Settings.McpServerSetting> mcp = new LinkedHashMap<>();
    final List<String> sandboxWritable = new ArrayList<>();
    final List<String> sandboxReadable = new ArrayList<>();
    final List<String> envAllow = new ArrayList<>();
    ProjectTrust.Report project = ProjectTrust.Report.NONE;
    ModelRoles roles = ModelRoles.DEFAULT;

    Settings build() {
        boolean auto = model.equals("auto"); // auto: the main model starts on Flash and escalates
        return new Settings(auto ? "flash" : model, baseUrl, apiKey, thinking, effort, contextWindow, workspace, fathomHome, idleTimeout,
                retryBaseDelay, retryMaxAttempts, compactAt, autoCompact, approval, List.copyOf(allow),
                List.copyOf(deny), network, List.copyOf(hooks), List.copyOf(mcp.values()),
                List.copyOf(sandboxWritable), List.copyOf(sandboxReadable), List.copyOf(envAllow), project,
                endpointDialect, roles.withAuto(auto));
    }

    /** Applies one settings file's values over what is drafted so far; every key is checked first. */
    void apply(Path file, JsonNode root) {
        SettingsKeys.check(file, root);
        model = text(root, "model", file, model);
        if (root.has("models")) {
            roles = roles.apply(root.get("models"), file + ": 'models'", m -> model = m);
        }
        Integer escalateAfter = integer(root, "escalate_after", file);
        if (escalateAfter != null) {
            roles = roles.withEscalateAfter(ModelRoles.checkEscalateAfter(escalateAfter, file + ": 'escalate_after'"));
        }
        baseUrl = text(root, "base_url", file, baseUrl);
        String dialect = text(root, "endpoint_dialect", file, null);
        endpointDialect = dialect != null ? checkDialect(dialect, file + ": 'endpoint_dialect'") : endpointDialect;
        if (root.has("thinking")) {
            if (!root.get("thinking").isBoolean()) {
                throw new ConfigException(file + ": 'thinking' must be true or false.");
            }
            thinking = root.get("thinking").asBoolean();
        }
        String effortValue = text(root, "effort", file, null);
        if (effortValue != null) {
            effort = checkEffort(effortValue, file + ": 'effort'");
        }
        Integer window = integer(root, "context_window", file);
        if (window != null) {
            contextWindow = checkWindow(window, file + ": 'context_window'");
        }
        Integer idle = integer(root, "idle_timeout_seconds", file);
        if (idle != null) {
            idleTimeout = Duration.ofSeconds(positive(idle, file + ": 'idle_timeout_seconds'"));
        }
        Integer delay = integer(root, "retry_base_delay_ms", file);
        if (delay != null) {
            retryBaseDelay = Duration.ofMillis(positive(delay, file + ": 'retry_base_delay_ms'"));
        }
        Integer percent = integer(root, "compact_at", file);
        if (percent != null) {
            compactAt = checkPercent(percent, file + ": 'compact_at'");
        }
        if (root.has("auto_compact")) {
            if (!root.get("auto_compact").isBoolean()) {
                throw new ConfigException(file + ": 'auto_compact' must be true or false.");
            }
            autoCompact = root.get("auto_compact").asBoolean();
        }
        String mode = text(root, "approval", file, null);
        if (mode != null) {
            approval = checkApproval(mode, file + ": 'approval'");
        }
        if (root.has("network")) {
            if (!root.get("network").isBoolean()) {
                throw new ConfigException(file + ": 'network' must be true or false.");
            }
            network = root.get("network").asBoolean();
        }
        sandboxWritable.addAll(strings(root, "sandbox_writable", file, "a list of folders, e.g. [\"~/.m2\", \"~/.npm\"]"));
        sandboxReadable.addAll(strings(root, "sandbox_readable", file, "a list of files or folders, e.g. [\"~/.gitconfig\"]"));
        envAllow.addAll(strings(root, "env_allow", file, "a list of variable names, e.g. [\"JAVA_HOME\"]"));
        JsonNode servers = root.get("mcpServers");
        if (servers != null) {
            ExtensionSettings.mcpServers(servers, file).forEach(m -> mcp.put(m.name(), m));
        }
        JsonNode hookList = root.get("hooks");
        if (hookList != null) {
            hooks.addAll(ExtensionSettings.hooks(hookList, file));
        }
        JsonNode permissions = root.get("permissions");
        if (permissions != null) {
            allow.addAll(PermissionRules.normalize(ExtensionSettings.rules(permissions, "allow", file), file, "permissions.allow"));
            deny.addAll(PermissionRules.normalize(ExtensionSettings.rules(permissions, "deny", file), file, "permissions.deny"));
        }
        Integer attempts = integer(root, "retry_max_attempts", file);
        if (attempts != null) {
            retryMaxAttempts = positive(attempts, file + ": 'retry_max_attempts'");
        }
    }

    private static List<String> strings(JsonNode root, String key, Path file, String example) {
        JsonNode list = root.get(key);
        if (list == null) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new ConfigException(file + ": '" + key + "' must be " + example + ".");
        }
        List<String> out = new ArrayList<>();
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

    static String checkEffort(String effort, String what) {
        if (!EFFORTS.contains(effort)) {
            throw new ConfigException(what + " must be low, high or max, got '" + effort + "'.");
        }
        return effort;
    }

    static String checkDialect(String dialect, String what) {
        if (!DIALECTS.contains(dialect)) {
            throw new ConfigException(what + " must be deepseek, vllm, sglang or auto, got '" + dialect + "'.");
        }
        return dialect;
    }

    static String checkApproval(String mode, String what) {
        if (dev.fathom.safety.ApprovalMode.parse(mode) == null) {
            throw new ConfigException(what + " must be read-only, ask, auto-edit or full-auto, got '" + mode + "'.");
        }
        return mode;
    }

    static int checkPercent(int percent, String what) {
        if (percent < 10 || percent > 100) {
            throw new ConfigException(what + " must be a percentage between 10 and 100, got " + percent + ".");
        }
        return percent;
    }

    static int checkWindow(int window, String what) {
        if (window < 4096) {
            throw new ConfigException(what + " must be at least 4096 tokens, got " + window + ".");
        }
        return window;
    }
}
