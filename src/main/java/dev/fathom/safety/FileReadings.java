package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What was read from a file, kept with the file's identity at that moment so it is read again only once the file
 * changed: a config file costs a git process and a large index a long read, and both are asked for after every
 * command. The least recently used are dropped past a bound (a session watches a handful of repositories).
 */
final class FileReadings<V> {
    private final Map<Path, Kept<V>> kept;

    private record Kept<V>(String identity, V value) {
    }

    FileReadings(int bound) {
        kept = new LinkedHashMap<>(bound, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Kept<V>> eldest) {
                return size() > bound;
            }
        };
    }

    /**
     * Who the file {@code file} is, not following a final symlink: its path, inode, size, change and modification
     * times. A file written again in place changes its change time at least, and one put in its place its inode.
     */
    static String identity(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:ino,size,ctime,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        return file + " " + a.get("ino") + " " + a.get("size") + " " + a.get("ctime") + " " + a.get("lastModifiedTime");
    }

    /** What was kept for {@code key}, when it was read from the file while it had {@code identity}. */
    synchronized Optional<V> kept(Path key, String identity) {
        Kept<V> k = kept.get(key);
        return k != null && k.identity().equals(identity) ? Optional.of(k.value()) : Optional.empty();
    }

    /** Keeps {@code value}, read from the file for {@code key} while it had {@code identity}. */
    synchronized void keep(Path key, String identity, V value) {
        kept.put(key, new Kept<>(identity, value));
    }
}
