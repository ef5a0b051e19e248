package dev.fathom.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each file's modification time and size as the model last read or wrote it, so that an edit of a file
 * changed on disk since then (by the user, a formatter, a command) is refused instead of clobbering the change.
 */
public final class FileStamps {
    private record Stamp(long modifiedNanos, long size) {
    }

    private final Map<Path, Stamp> seen = new ConcurrentHashMap<>();

    public void record(Path file) {
        Stamp s = stampOf(file);
        if (s != null) {
            seen.put(file, s);
        }
    }

    /** Throws if the model saw {@code file} before and it has changed since. Unseen files pass. */
    public void checkUnchanged(Path file, String displayName) throws ToolException {
        Stamp before = seen.get(file);
        if (before == null) {
            return;
        }
        Stamp now = stampOf(file);
        if (now == null) {
            throw new ToolException(displayName + " was deleted since you last read it. Check with read_file or glob before writing it again.");
        }
        if (!now.equals(before)) {
            throw new ToolException(displayName + " changed on disk since you last read it (modified by someone or something else). "
                    + "Read it again with read_file, then redo the change.");
        }
    }

    private static Stamp stampOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
                    + a.lastModifiedTime().toInstant().getNano(), a.size());
        } catch (IOException e) {
            return null;
        }
    }
}
