package dev.fathom.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link Settings} from the layered sources. Every file is checked strictly: malformed JSON, an unknown key or
 * a value of the wrong type stops the run with the file, the key and what is expected.
 */
public final class SettingsLoader {
    private static final Set<String> EFFORTS = Set.of("low", "high", "max");
    private static final Set<String> DIALECTS = Set.of("deepseek", "vllm", "sglang", "auto");

    /** Values given on the command line; null where a flag was not given. */
    public record Flags(String model, String baseUrl, String thinking, String effort, Integer contextWindow, Path cd, Path config,
            Integer compactAt, boolean noAutoCompact, String approval, boolean network, boolean trustProject, String endpointDialect,
            String models) {
    }

    private final ObjectMapper json;
    private final Map<String, String> env;
    private final Path startDir;

    public SettingsLoader(ObjectMapper json, Map<String, String> env, Path startDir) {
        this.json = json;
        this.env = env;
        this.startDir = startDir;
    }

    /** The same loader reading no settings file: the defaults, the environment and the flags (doctor's fallback). */
    public SettingsLoader withoutFiles() {
        SettingsLoader l = new SettingsLoader(json, env, startDir);
        l.readFiles = false;
        return l;
    }

    private boolean readFiles = true;

    public Settings load(Flags flags) {
        Builder b = new Builder();
        Path home = fathomHome();
        b.fathomHome = home;
        Path workspace = flags.cd() != null ? startDir.resolve(flags.cd()).normalize() : startDir;
        if (!Files.isDirectory(workspace)) {
            throw new ConfigException("--cd " + flags.cd() + ": no such directory.");
        }
        b.workspace = workspace;
        Path userFile = home.resolve("settings.json");
        List<Path> trustedRoots = List.of();
        if (readFiles && Files.exists(userFile)) {
            ObjectNode user = parse(userFile, bytes(userFile));
            apply(b, userFile, user);
            trustedRoots = trustedProjects(user, userFile);
        }
        b.project = readFiles ? project(b, workspace, userFile, flags.trustProject(), trustedRoots) : ProjectTrust.Report.NONE;
        if (readFiles && flags.config() != null) {
            Path config = startDir.resolve(flags.config());
            if (!Files.exists(config)) {
                throw new ConfigException("--config " + config + ": no such file.");
            }
            ObjectNode extra = parse(config, bytes(config));
            if (extra.has("trusted_projects")) {
                throw new ConfigException(config + ": 'trusted_projects' is read only from " + userFile + ".");
            }
            apply(b, config, extra);
        }
        if (env.get("DEEPSEEK_BASE_URL") != null && !env.get("DEEPSEEK_BASE_URL").isBlank()) {
            b.baseUrl = env.get("DEEPSEEK_BASE_URL");
        }
        if (env.get("FATHOM_MODEL") != null && !env.get("FATHOM_MODEL").isBlank()) {
            b.model = env.get("FATHOM_MODEL");
        }
        String envKey = env.get("DEEPSEEK_API_KEY");
        b.apiKey = envKey != null && !envKey.isBlank() ? envKey : StoredKey.read(home); // the environment wins over fathom login
        if (flags.model() != null) {
            b.model = flags.model();
        }
        if (flags.models() != null) {
            b.roles = b.roles.applyFlag(flags.models(), m -> b.model = m);
        }
        if (flags.baseUrl() != null) {
            b.baseUrl = flags.baseUrl();
        }
        if (flags.endpointDialect() != null) {
            b.endpointDialect = checkDialect(flags.endpointDialect(), "--endpoint-dialect");
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
        return fathomHome(env);
    }

    /** Fathom's own folder: {@code $FATHOM_HOME} when set and not blank, else {@code ~/.fathom}. */
    public static Path fathomHome(Map<String, String> env) {
        String h = env.get("FATHOM_HOME");
        if (h != null && !h.isBlank()) {
            return Path.of(h);
        }
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(userHome, ".fathom");
    }

    /**
     * Applies the project settings files from the repository root down to the workspace (nearer last, so it wins).
     * Every file is validated whole; what needs trust is applied only from a trusted file (see {@link ProjectTrust}).
     */
    private ProjectTrust.Report project(Builder b, Path workspace, Path userFile, boolean trustFlag, List<Path> trustedRoots) {
        Path root = ProjectTrust.root(workspace);
        List<ProjectTrust.FileState> states = new ArrayList<>();
        TrustStore store = new TrustStore(b.fathomHome, json);
        for (Path file : ExtensionSettings.projectFiles(workspace)) {
            if (!Files.isRegularFile(file) || real(file).equals(real(userFile))) {
                continue;
            }
            byte[] bytes = bytes(file);
            ObjectNode node = ExtensionSettings.asSettings(file, parse(file, bytes));
            if (node.has("trusted_projects")) {
                throw new ConfigException(file + ": 'trusted_projects' is read only from " + userFile + "; a project cannot trust itself.");
            }
            apply(new Builder(), file, node); // validates every key before anything is applied
            String sha = TrustStore.sha256(bytes);
            List<String> ignored = new ArrayList<>(ProjectTrust.risky(node));
            ProjectTrust.Trust trust = ignored.isEmpty() && !node.has("approval") ? ProjectTrust.Trust.NOTHING_TO_TRUST
                    : trustFlag ? ProjectTrust.Trust.TRUSTED_BY_FLAG
                    : trustedRoots.contains(real(root)) ? ProjectTrust.Trust.TRUSTED_BY_LIST
                    : store.trusts(file, sha) ? ProjectTrust.Trust.TRUSTED : ProjectTrust.Trust.UNTRUSTED;
            if (trust != ProjectTrust.Trust.UNTRUSTED) {
                apply(b, file, node);
                states.add(new ProjectTrust.FileState(file, sha, trust, List.of(), null));
                continue;
            }
            apply(b, file, ProjectTrust.narrowOnly(node));
            String pending = null;
            if (node.has("approval")) {
                String mode = node.get("approval").asText();
                if (b.approval == null) {
                    pending = mode; // weighed against the command's default mode (Settings.approvalOr)
                } else if (ProjectTrust.stricter(mode, b.approval)) {
                    b.approval = mode;
                } else if (ProjectTrust.stricter(b.approval, mode)) {
                    ignored.add("approval: " + mode);
                }
            }
            states.add(new ProjectTrust.FileState(file, sha, trust, List.copyOf(ignored), pending));
        }
        return new ProjectTrust.Report(root, List.copyOf(states));
    }

    private List<Path> trustedProjects(JsonNode user, Path file) {
        JsonNode list = user.get("trusted_projects");
        List<Path> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            throw new ConfigException(file + ": 'trusted_projects' must be a list of absolute repository paths.");
        }
        for (JsonNode p : list) {
            if (!p.isTextual() || !Path.of(p.asText()).isAbsolute()) {
                throw new ConfigException(file + ": 'trusted_projects' entry " + p + " is not an absolute path.");
            }
            out.add(real(Path.of(p.asText())));
        }
        return out;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private ObjectNode parse(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "") + ".");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file + " must contain a JSON object.");
        }
        return (ObjectNode) root;
    }

    private void apply(Builder b, Path file, JsonNode root) {
        SettingsKeys.check(file, root);
        b.model = text(root, "model", file, b.model);
        if (root.has("models")) {
            b.roles = b.roles.apply(root.get("models"), file + ": 'models'", m -> b.model = m);
        }
        Integer escalateAfter = integer(root, "escalate_after", file);
        if (escalateAfter != null) {
            b.roles = b.roles.withEscalateAfter(ModelRoles.checkEscalateAfter(escalateAfter, file + ": 'escalate_after'"));
        }
        b.baseUrl = text(root, "base_url", file, b.baseUrl);
        String dialect = text(root, "endpoint_dialect", file, null);
        b.endpointDialect = dialect != null ? checkDialect(dialect, file + ": 'endpoint_dialect'") : b.endpointDialect;
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
            ExtensionSettings.mcpServers(mcp, file).forEach(m -> b.mcp.put(m.name(), m));
        }
        JsonNode hooks = root.get("hooks");
        if (hooks != null) {
            b.hooks.addAll(ExtensionSettings.hooks(hooks, file));
        }
        JsonNode permissions = root.get("permissions");
        if (permissions != null) {
            b.allow.addAll(PermissionRules.normalize(ExtensionSettings.rules(permissions, "allow", file), file, "permissions.allow"));
            b.deny.addAll(PermissionRules.normalize(ExtensionSettings.rules(permissions, "deny", file), file, "permissions.deny"));
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
            throw new ConfigException(what + " must be low, high or max, got '" + effort + "'.");
        }
        return effort;
    }

    private static String checkDialect(String dialect, String what) {
        if (!DIALECTS.contains(dialect)) {
            throw new ConfigException(what + " must be deepseek, vllm, sglang or auto, got '" + dialect + "'.");
        }
        return dialect;
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
        final java.util.List<String> allow = new java.util.ArrayList<>();
        final java.util.List<String> deny = new java.util.ArrayList<>();
        boolean network;
        final java.util.List<Settings.HookSetting> hooks = new java.util.ArrayList<>();
        final java.util.Map<String, Settings.McpServerSetting> mcp = new java.util.LinkedHashMap<>();
        final java.util.List<String> sandboxWritable = new java.util.ArrayList<>();
        final java.util.List<String> sandboxReadable = new java.util.ArrayList<>();
        final java.util.List<String> envAllow = new java.util.ArrayList<>();
        ProjectTrust.Report project = ProjectTrust.Report.NONE;
        ModelRoles roles = ModelRoles.DEFAULT;

        Settings build() {
            boolean auto = model.equals("auto"); // auto: the main model starts on Flash and escalates
            return new Settings(auto ? "flash" : model, baseUrl, apiKey, thinking, effort, contextWindow, workspace, fathomHome, idleTimeout,
                    retryBaseDelay, retryMaxAttempts, compactAt, autoCompact, approval, java.util.List.copyOf(allow),
                    java.util.List.copyOf(deny), network, java.util.List.copyOf(hooks), java.util.List.copyOf(mcp.values()),
                    java.util.List.copyOf(sandboxWritable), java.util.List.copyOf(sandboxReadable), java.util.List.copyOf(envAllow), project,
                    endpointDialect, roles.withAuto(auto));
        }
    }
}
