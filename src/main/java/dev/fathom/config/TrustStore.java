package dev.fathom.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The project settings files the user trusted, each pinned to the SHA-256 of its exact bytes:
 * {@code $FATHOM_HOME/trusted-projects.json} = {@code {"files": {"/abs/repo/.fathom/settings.json": "<sha256>"}}}.
 * A file whose bytes changed since is no longer trusted. Written atomically (temp file, then rename).
 */
public final class TrustStore {
    public static final String FILE_NAME = "trusted-projects.json";

    private final Path file;
    private final ObjectMapper json;

    public TrustStore(Path fathomHome, ObjectMapper json) {
        this.file = fathomHome.resolve(FILE_NAME);
        this.json = json;
    }

    public Path file() {
        return file;
    }

    /** The hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether the user trusted {@code settingsFile} with exactly this content. */
    public boolean trusts(Path settingsFile, String sha256) {
        return sha256.equals(read().get(key(settingsFile)));
    }

    /** Trusts these files, each with the content of the given hash (replacing what was trusted for them before). */
    public void trust(Map<Path, String> files) {
        Map<String, String> all = read();
        files.forEach((f, sha) -> all.put(key(f), sha));
        ObjectNode root = json.createObjectNode();
        ObjectNode list = root.putObject("files");
        all.forEach(list::put);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try {
                Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot save the trust decision in " + file + ": " + e.getMessage());
        }
    }

    private Map<String, String> read() {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode files;
        try {
            files = json.readTree(Files.readString(file)).path("files");
        } catch (IOException e) {
            throw new ConfigException(file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("") + "); delete it and trust"
                    + " the projects again.");
        }
        if (!files.isObject()) {
            throw new ConfigException(file + " must hold {\"files\": {path: sha256}}; delete it and trust the projects again.");
        }
        files.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String key(Path settingsFile) {
        return settingsFile.toAbsolutePath().normalize().toString();
    }
}
