package dev.fathom.session;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The layout of {@code FATHOM_HOME/sessions/}: one folder per project, named by a readable slug of the workspace path
 * plus a short hash of it (two checkouts with the same name stay apart), holding one entry per session.
 */
public final class SessionPaths {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private final Path projectDir;

    public SessionPaths(Path fathomHome, Path workspace) {
        this.projectDir = fathomHome.resolve("sessions").resolve(projectSlug(workspace));
    }

    /** A new session id: sortable by time, unique enough for one user. */
    public static String newSessionId() {
        return LocalDateTime.now().format(ID_TIME) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    public Path projectDir() {
        return projectDir;
    }

    /** The log of a session. */
    public Path logFile(String sessionId) {
        return projectDir.resolve(sessionId + ".jsonl");
    }

    /** Where a session keeps outputs too large to return to the model whole. */
    public Path outputsDir(String sessionId) {
        return projectDir.resolve(sessionId + "-outputs");
    }

    static String projectSlug(Path workspace) {
        String abs = workspace.toAbsolutePath().normalize().toString();
        String readable = abs.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "").toLowerCase(Locale.ROOT);
        if (readable.length() > 60) {
            readable = readable.substring(readable.length() - 60);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(abs.getBytes(StandardCharsets.UTF_8));
            return (readable.isEmpty() ? "root" : readable) + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
