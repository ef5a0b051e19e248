package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of every name the kernel looks at when git opens a hook or a settings file: each folder on the way, each
 * symlink with its target, and the file at the end with its bytes and mode. Two captures differ exactly when git would
 * run or read something else, whether the file was written, a link on the way re-pointed, a folder swapped for a link,
 * or a missing file created.
 */
final class GitSurface {
    /** More links than this on one path is a loop (the kernel's own limit is 40). */
    private static final int MAX_LINKS = 40;
    /** A file's bytes are kept only up to this size (hooks and configs are a few kilobytes); a larger one by length. */
    static final int MAX_KEPT_BYTES = 1 << 20;
    /** Folder listings stop one past this (a folder of thousands is not a hooks folder; its caller takes it out whole). */
    static final int MAX_LISTED = 10_000;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What one name is. */
    sealed interface State {
    }

    record Missing() implements State {
    }

    record Folder() implements State {
    }

    record Link(String target) implements State {
    }

    /**
     * A regular file, compared by its SHA-256 and mode; {@code bytes} (to put it back from) is null when the file was
     * too large to keep.
     */
    record File(byte[] bytes, byte[] digest, Set<PosixFilePermission> mode) implements State {
        @Override
        public boolean equals(Object o) {
            return o instanceof File f && mode.equals(f.mode) && Arrays.equals(digest, f.digest);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(digest);
        }
    }

    /** A FIFO, socket or device: git runs none of them, but one where a hook was is a change all the same. */
    record Other() implements State {
    }

    private GitSurface() {
    }

    /**
     * The state of every name on the way to each of {@code files}, and of each entry (and the names on the way to it)
     * of each of {@code folders}; keyed by absolute path, folders on the way before what they hold.
     */
    static Map<Path, State> capture(List<Path> files, List<Path> folders) {
        Map<Path, State> out = new LinkedHashMap<>();
        for (Path file : files) {
            trace(file, out);
        }
        for (Path folder : folders) {
            trace(folder, out);
            for (Path entry : entries(folder)) {
                trace(entry, out);
            }
        }
        return out;
    }

    /**
     * The names in {@code folder}, under its real path (the path a trace reaches it by, so that a name's state is found
     * by the same key); none when it is no folder.
     */
    static List<Path> entries(Path folder) {
        List<Path> out = new java.util.ArrayList<>();
        try {
            Path real = folder.toRealPath();
            try (DirectoryStream<Path> names = Files.newDirectoryStream(real)) {
                for (Path p : names) {
                    if (out.size() > MAX_LISTED) {
                        break;
                    }
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // missing or not a folder: its own state says so
        }
        out.sort(null);
        return out;
    }

    /**
     * Resolves {@code path} one name at a time as the kernel does (a symlink's target continues the walk from the
     * link's folder; {@code ..} goes up from where the walk really is), recording each name's state into {@code out}.
     */
    static void trace(Path path, Map<Path, State> out) {
        Deque<String> pending = new ArrayDeque<>();
        push(pending, path.toAbsolutePath().toString());
        Path at = Path.of("/");
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                at = at.getParent() == null ? at : at.getParent();
                continue;
            }
            Path next = at.resolve(name);
            State state = out.computeIfAbsent(next, GitSurface::read);
            if (state instanceof Link link) {
                if (++links > MAX_LINKS) {
                    return;
                }
                if (link.target().startsWith("/")) {
                    at = Path.of("/");
                }
                push(pending, link.target());
            } else if (state instanceof Folder) {
                at = next;
            } else {
                return; // the end of the path, or a file or nothing where a folder was needed
            }
        }
    }

    private static void push(Deque<String> pending, String path) {
        String[] names = path.split("/");
        for (int i = names.length - 1; i >= 0; i--) {
            pending.push(names[i]);
        }
    }

    /** The state of the name {@code p} itself (a symlink is not followed). */
    static State read(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW);
            if (a.isSymbolicLink()) {
                return new Link(Files.readSymbolicLink(p).toString());
            }
            if (a.isDirectory()) {
                return new Folder();
            }
            if (!a.isRegularFile()) {
                return new Other();
            }
            if (a.size() > MAX_KEPT_BYTES) {
                return large(p, a); // never read: a command could leave a file of terabytes (sparse) to stall the check
            }
            return file(p, a.permissions());
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (IOException | RuntimeException e) {
            return new Other(); // unreadable: compared as such, never restored from
        }
    }

    /** A file too large to keep, known by its size, times and inode instead of its bytes. */
    private static File large(Path p, PosixFileAttributes a) throws IOException {
        Map<String, Object> unix = Files.readAttributes(p, "unix:ino,ctime", NOFOLLOW);
        String identity = a.size() + " " + a.lastModifiedTime().toMillis() + " " + unix.get("ctime") + " " + unix.get("ino");
        return new File(null, identity.getBytes(java.nio.charset.StandardCharsets.UTF_8), a.permissions());
    }

    /** The state of a file that holds {@code bytes} with {@code mode}: what one made from them will compare equal to. */
    static File fileOf(byte[] bytes, Set<PosixFilePermission> mode) {
        return new File(bytes.clone(), sha256().digest(bytes), mode);
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static File file(Path p, Set<PosixFilePermission> mode) throws IOException {
        java.security.MessageDigest sha = sha256();
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        try (var in = Files.newInputStream(p, NOFOLLOW)) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                if (kept != null && kept.size() + n <= MAX_KEPT_BYTES) {
                    kept.write(buf, 0, n);
                } else {
                    kept = null;
                }
            }
        }
        return new File(kept == null ? null : kept.toByteArray(), sha.digest(), mode);
    }
}
