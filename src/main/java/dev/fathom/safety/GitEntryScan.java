package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .git} names in a workspace's folders, found again before and after each sandboxed command. A folder's
 * entries are listed again unless it is the same folder (device and inode) with the same change time as when it was
 * last listed, and that change time was already over a second old then: adding, removing or renaming an entry moves
 * it, no process can set it back (a command can set a folder's modification time, not its change time), and the
 * kernel's clock for these times is coarse, so a change in the same tick as the one before would leave the time as it
 * was. The inode matters because a folder swapped in from elsewhere (renaming its parent) keeps its own change time,
 * which can equal that of the folder it replaces. What is not listed is checked with one stat per folder; no symlink is
 * followed. The same names and bound as {@link SandboxMounts#gitEntries} are skipped. Not thread-safe: {@link GitGuard}
 * calls it under its lock.
 */
final class GitEntryScan {
    /**
     * A folder as last listed: which folder it was and its change time then ({@code null} when that time was too recent
     * to vouch for the listing), the folders in it and whether it has a {@code .git} name.
     */
    private record Listed(Stamp stamp, List<Path> folders, boolean git) {
    }

    /** A folder's identity and change time. */
    private record Stamp(Object device, Object inode, FileTime changed) {
    }

    private static final long UNSETTLED_NANOS = 1_000_000_000L;

    private final Path root;
    private final java.util.function.LongSupplier clockMillis;
    private Map<Path, Listed> listed = Map.of();
    /** How many folders the last scan listed (the rest it took from before); for tests and benchmarks. */
    private int listedLast;

    GitEntryScan(Path root) {
        this(root, System::currentTimeMillis);
    }

    /** With the clock that says which folders changed too recently to be taken from the last scan. */
    GitEntryScan(Path root, java.util.function.LongSupplier clockMillis) {
        this.root = root;
        this.clockMillis = clockMillis;
    }

    /** Every {@code .git} name below the root, its own included, not following symlinks. */
    List<Path> entries() {
        long settledBefore = clockMillis.getAsLong() * 1_000_000L - UNSETTLED_NANOS;
        Map<Path, Listed> now = new HashMap<>();
        List<Path> out = new ArrayList<>();
        Deque<Path> pending = new ArrayDeque<>(List.of(root));
        int budget = SandboxMounts.MAX_SCANNED_DIRS;
        listedLast = 0;
        while (!pending.isEmpty() && budget-- > 0) {
            Path dir = pending.pop();
            Stamp stamp = stamp(dir);
            if (stamp == null) {
                continue; // gone, or no longer a folder
            }
            Listed was = listed.get(dir);
            Listed is = was != null && stamp.equals(was.stamp()) ? was : list(dir, nanos(stamp.changed()) < settledBefore ? stamp : null);
            now.put(dir, is);
            if (is.git()) {
                out.add(dir.resolve(".git"));
            }
            is.folders().forEach(pending::push);
        }
        listed = now;
        return out;
    }

    int listedLast() {
        return listedLast;
    }

    private Listed list(Path dir, Stamp stamp) {
        listedLast++;
        List<Path> folders = new ArrayList<>();
        boolean git = false;
        try (DirectoryStream<Path> names = Files.newDirectoryStream(dir)) {
            for (Path p : names) {
                String name = p.getFileName().toString();
                if (name.equals(".git")) {
                    git = true; // a folder, file or symlink: git looks at each; what it holds is not scanned
                } else if (!SandboxMounts.UNSCANNED.contains(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    folders.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Listed(null, List.of(), false); // unreadable: listed again next time
        }
        return new Listed(stamp, List.copyOf(folders), git);
    }

    private static Stamp stamp(Path dir) {
        try {
            Map<String, Object> a = Files.readAttributes(dir, "unix:isDirectory,dev,ino,ctime", LinkOption.NOFOLLOW_LINKS);
            return Boolean.TRUE.equals(a.get("isDirectory")) ? new Stamp(a.get("dev"), a.get("ino"), (FileTime) a.get("ctime")) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long nanos(FileTime t) {
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
