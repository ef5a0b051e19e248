package dev.fathom.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The API key {@code fathom login} keeps in {@code $FATHOM_HOME/api-key}: readable by the user only (0600, in a 0700
 * folder when Fathom makes it), replaced atomically. {@code DEEPSEEK_API_KEY} in the environment still wins.
 */
public final class StoredKey {
    public static final String FILE = "api-key";

    private StoredKey() {
    }

    public static Path file(Path fathomHome) {
        return fathomHome.resolve(FILE);
    }

    /** The stored key, or null when there is none. */
    public static String read(Path fathomHome) {
        Path f = file(fathomHome);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            String key = Files.readString(f, StandardCharsets.UTF_8).strip();
            return key.isEmpty() ? null : key;
        } catch (IOException e) {
            throw new ConfigException("cannot read the stored API key " + f + ": " + e.getMessage());
        }
    }

    /** Why {@code key} cannot be an API key, or null when it can (one line of printable characters, no spaces). */
    public static String problem(String key) {
        if (key == null || key.isBlank()) {
            return "the key is empty";
        }
        if (!key.strip().matches("[\\x21-\\x7e]+")) {
            return "a key is one word of printable ASCII characters; this one has spaces or other characters";
        }
        return null;
    }

    /** Writes the key: a new 0600 file beside the old one, synced, then moved over it. */
    public static Path write(Path fathomHome, String key) throws IOException {
        if (!Files.isDirectory(fathomHome)) {
            Files.createDirectories(fathomHome, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path target = file(fathomHome);
        Path temp = Files.createTempFile(fathomHome, ".api-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap((key.strip() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** Removes the stored key; false when there was none. */
    public static boolean delete(Path fathomHome) throws IOException {
        return Files.deleteIfExists(file(fathomHome));
    }
}
