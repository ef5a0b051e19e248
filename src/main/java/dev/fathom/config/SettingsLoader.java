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

/**
 * Builds {@link Settings} from the layered sources. Every file is checked strictly: malformed JSON, an unknown key or
 * a value of the wrong type stops the run with the file, the key and what is expected.
 */
public final class SettingsLoader {
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
        SettingsDraft b = new SettingsDraft();
        Path home = fathomHome();
        b.fathomHome = home;
        Path workspace = flags.cd() != null ? startDir.resolve(flags.cd()).normalize() : startDir;
        if (!Files.isDirectory(workspace)) {
            throw new ConfigException("--cd " + flags.cd() + ": no such directory.");
        }
        workspace = real(workspace); // as `cd DIR && fathom` has it: the JVM's start folder is where links lead
        b.workspace = workspace;
        Path userFile = home.resolve("settings.json");
        List<Path> trustedRoots = List.of();
        if (readFiles && Files.exists(userFile)) {
            ObjectNode user = parse(userFile, bytes(userFile));
            b.apply(userFile, user);
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
            b.apply(config, extra);
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
            b.endpointDialect = SettingsDraft.checkDialect(flags.endpointDialect(), "--endpoint-dialect");
        }
        if (flags.thinking() != null) {
            b.thinking = switch (flags.thinking()) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new ConfigException("--thinking must be on or off, got '" + flags.thinking() + "'.");
            };
        }
        if (flags.effort() != null) {
            b.effort = SettingsDraft.checkEffort(flags.effort(), "--effort");
        }
        if (flags.contextWindow() != null) {
            b.contextWindow = SettingsDraft.checkWindow(flags.contextWindow(), "--context-window");
        }
        if (flags.compactAt() != null) {
            b.compactAt = SettingsDraft.checkPercent(flags.compactAt(), "--compact-at");
        }
        if (flags.noAutoCompact()) {
            b.autoCompact = false;
        }
        if (flags.approval() != null) {
            b.approval = SettingsDraft.checkApproval(flags.approval(), "--approval");
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
    private ProjectTrust.Report project(SettingsDraft b, Path workspace, Path userFile, boolean trustFlag, List<Path> trustedRoots) {
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
            new SettingsDraft().apply(file, node); // validates every key before anything is applied
            String sha = TrustStore.sha256(bytes);
            List<String> ignored = new ArrayList<>(ProjectTrust.risky(node));
            ProjectTrust.Trust trust = ignored.isEmpty() && !node.has("approval") ? ProjectTrust.Trust.NOTHING_TO_TRUST
                    : trustFlag ? ProjectTrust.Trust.TRUSTED_BY_FLAG
                    : trustedRoots.contains(real(root)) ? ProjectTrust.Trust.TRUSTED_BY_LIST
                    : store.trusts(file, sha) ? ProjectTrust.Trust.TRUSTED : ProjectTrust.Trust.UNTRUSTED;
            if (trust != ProjectTrust.Trust.UNTRUSTED) {
                b.apply(file, node);
                states.add(new ProjectTrust.FileState(file, sha, trust, List.of(), null));
                continue;
            }
            b.apply(file, ProjectTrust.narrowOnly(node));
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
}
