package dev.fathom.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.safety.ApprovalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A repository is untrusted content. This class knows which project settings can run code, widen permissions or
 * redirect traffic ({@link #RISKY_KEYS}), lists them for the user, and strips them from a file the user has not
 * trusted, keeping what narrows: deny rules, {@code network: false}, and a stricter approval (decided by the loader,
 * which knows the user's own mode).
 */
public final class ProjectTrust {
    /** Keys honoured from a project file only once trusted; {@code permissions.allow} and {@code network: true} too. */
    public static final List<String> RISKY_KEYS = List.of("hooks", "mcpServers", "base_url", "sandbox_writable", "sandbox_readable",
            "env_allow", "endpoint_dialect");
    private static final int NOTICE_ENTRY_CHARS = 80;

    /** Where a project settings file stands. */
    public enum Trust {
        NOTHING_TO_TRUST("nothing in it needs trust"),
        TRUSTED("trusted (this exact content)"),
        TRUSTED_BY_FLAG("trusted by --trust-project"),
        TRUSTED_BY_LIST("trusted: the repository is in trusted_projects"),
        UNTRUSTED("not trusted");

        private final String label;

        Trust(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One project settings file in effect.
     *
     * @param ignored what was not applied, one "key: value" entry each, control characters escaped
     * @param pendingApproval an untrusted approval mode that applies only where it is stricter than the command's
     *     default (the user's settings named no mode); null otherwise
     */
    public record FileState(Path file, String sha256, Trust trust, List<String> ignored, String pendingApproval) {
        /** What this file asked for and did not get, for a command whose default approval is {@code commandDefault}. */
        public List<String> ignored(String commandDefault) {
            List<String> out = new ArrayList<>(ignored);
            if (pendingApproval != null && stricter(commandDefault, pendingApproval)) {
                out.add("approval: " + pendingApproval);
            }
            return out;
        }

        /** One line for {@code fathom doctor}: the file, its trust, and what is ignored from it. */
        public String describe() {
            List<String> out = new ArrayList<>(ignored);
            if (pendingApproval != null) {
                out.add("approval: " + pendingApproval + " (applied only where stricter than the command's default)");
            }
            return file + ": " + trust.label() + (out.isEmpty() ? "" : "; ignored: " + String.join("; ", out));
        }
    }

    /** Every project settings file found from the repository root down to the working directory, outer first. */
    public record Report(Path root, List<FileState> files) {
        public static final Report NONE = new Report(null, List.of());

        /** The files with something ignored for this command. */
        public List<FileState> untrusted(String commandDefault) {
            return files.stream().filter(f -> !f.ignored(commandDefault).isEmpty()).toList();
        }

        /** {@code commandDefault}, or an untrusted project's stricter mode. */
        public String approvalOr(String commandDefault) {
            String mode = commandDefault;
            for (FileState f : files) {
                if (f.pendingApproval() != null && stricter(f.pendingApproval(), mode)) {
                    mode = f.pendingApproval();
                }
            }
            return mode;
        }

        /** Two lines for a headless run saying what was ignored and how to trust it; null when nothing was. */
        public String notice(String commandDefault, Path userSettings) {
            List<String> entries = new ArrayList<>();
            for (FileState f : untrusted(commandDefault)) {
                for (String e : f.ignored(commandDefault)) {
                    entries.add(e.length() > NOTICE_ENTRY_CHARS ? e.substring(0, NOTICE_ENTRY_CHARS) + "\u2026" : e);
                }
            }
            if (entries.isEmpty()) {
                return null;
            }
            return "fathom: ignored from untrusted project settings (" + String.join(", ", untrusted(commandDefault).stream()
                    .map(f -> root.relativize(f.file()).toString()).toList()) + "): " + String.join("; ", entries) + "\n"
                    + "fathom: to trust them, pass --trust-project, or add \"" + root + "\" to \"trusted_projects\" in " + userSettings + ".";
        }
    }

    private ProjectTrust() {
    }

    /** The repository root: the nearest folder holding {@code .git} (a folder or a file), else the workspace. */
    public static Path root(Path workspace) {
        Path dir = workspace.toAbsolutePath().normalize();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return dir;
    }

    /** The folders from the repository root down to the workspace, outer first (as for AGENTS.md). */
    public static List<Path> folders(Path workspace) {
        Path dir = workspace.toAbsolutePath().normalize();
        Path root = root(dir);
        List<Path> out = new ArrayList<>();
        for (Path p = dir; p != null && p.startsWith(root); p = p.getParent()) {
            out.add(0, p);
        }
        return out;
    }

    /** Whether mode {@code a} allows less than mode {@code b}. */
    public static boolean stricter(String a, String b) {
        return ApprovalMode.parse(a).ordinal() < ApprovalMode.parse(b).ordinal();
    }

    /** The risky entries of a (validated) settings object, except {@code approval}, which the loader weighs. */
    public static List<String> risky(JsonNode root) {
        List<String> out = new ArrayList<>();
        root.path("hooks").fields().forEachRemaining(e -> e.getValue().forEach(h ->
                out.add("hooks." + e.getKey() + ": " + printable(h.path("command").asText()))));
        root.path("mcpServers").fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            List<String> command = new ArrayList<>();
            if (s.path("command").isArray()) {
                s.get("command").forEach(c -> command.add(c.asText()));
            } else if (s.hasNonNull("command")) {
                command.add(s.get("command").asText());
            }
            s.path("args").forEach(a -> command.add(a.asText()));
            out.add("mcpServers." + e.getKey() + ": " + printable(command.isEmpty() ? s.path("url").asText() : String.join(" ", command)));
        });
        if (root.has("base_url")) {
            out.add("base_url: " + printable(root.get("base_url").asText()));
        }
        root.path("permissions").path("allow").forEach(r -> out.add("permissions.allow: " + printable(r.asText())));
        root.path("sandbox_writable").forEach(w -> out.add("sandbox_writable: " + printable(w.asText())));
        root.path("sandbox_readable").forEach(w -> out.add("sandbox_readable: " + printable(w.asText())));
        root.path("env_allow").forEach(w -> out.add("env_allow: " + printable(w.asText())));
        if (root.has("endpoint_dialect")) {
            out.add("endpoint_dialect: " + printable(root.get("endpoint_dialect").asText()));
        }
        if (root.path("network").asBoolean(false)) {
            out.add("network: true");
        }
        return out;
    }

    /** A copy of {@code root} without what needs trust: risky keys, allow rules, {@code network: true} and {@code approval}. */
    public static ObjectNode narrowOnly(ObjectNode root) {
        ObjectNode copy = root.deepCopy();
        copy.remove(RISKY_KEYS);
        copy.remove("approval");
        if (copy.path("network").asBoolean(false)) {
            copy.remove("network");
        }
        if (copy.get("permissions") instanceof ObjectNode permissions) {
            permissions.remove("allow");
        }
        return copy;
    }

    /** {@code s} with control and invisible formatting characters written as escapes, so what is shown is what runs. */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
