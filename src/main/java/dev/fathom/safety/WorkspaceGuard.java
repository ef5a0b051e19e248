package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Confines file tools to the workspace. A path is resolved against the workspace root, normalized, and its nearest
 * existing ancestor is resolved through symlinks, so neither {@code ..} nor a symlink can lead outside. Writes are
 * refused into protected paths, whose content would run code or widen permissions on a later run: a {@code .git} at
 * any depth (a folder or a worktree's {@code .git} file), a {@code .fathom} at any depth, and Fathom's own folder
 * (FATHOM_HOME). Writes and deletions go through a {@link ConfinedWriter}, so a folder swapped for a symlink after the
 * check cannot redirect them.
 */
public final class WorkspaceGuard {
    private final Path root;
    private final List<Path> protectedRoots;
    private final ConfinedWriter writer;

    /** @param root the workspace directory; it must exist */
    public WorkspaceGuard(Path root) {
        this(root, List.of(), ConfinedWriter.Seam.NONE);
    }

    /**
     * @param root the workspace directory; it must exist
     * @param protectedRoots folders never written, wherever they are (FATHOM_HOME)
     * @param seam where a test can change the file system in the middle of a write
     */
    public WorkspaceGuard(Path root, List<Path> protectedRoots, ConfinedWriter.Seam seam) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace " + root + " does not exist", e);
        }
        List<Path> roots = new ArrayList<>();
        for (Path p : protectedRoots) {
            roots.add(realPathOfExistingPart(p.toAbsolutePath().normalize()));
        }
        this.protectedRoots = List.copyOf(roots);
        this.writer = new ConfinedWriter(this.root, seam);
    }

    /** Writes a file that {@link #resolveForWrite} returned, atomically and without following any symlink. */
    public void write(Path file, byte[] content) throws IOException {
        writer.write(file, content);
    }

    /** Deletes a file that {@link #resolveForWrite} returned (a symlink itself, never its target). */
    public boolean delete(Path file) throws IOException {
        return writer.delete(file);
    }

    public Path root() {
        return root;
    }

    /** Resolves a path for reading; throws {@link PathRefusedException} with a message for the model. */
    public Path resolveForRead(String path) {
        return resolve(path);
    }

    /** Resolves a path for writing: inside the workspace and not a protected path. */
    public Path resolveForWrite(String path) {
        Path p = resolve(path);
        for (Path name : root.relativize(p)) {
            String n = name.toString().toLowerCase(Locale.ROOT);
            if (n.equals(".git")) {
                throw new PathRefusedException("Refused to write '" + path + "': files inside .git/ (a .git folder or file at any depth) "
                        + "belong to git and could make it run code. Change the repository through git commands, or ask the user.");
            }
            if (n.equals(".fathom")) {
                throw new PathRefusedException("Refused to write '" + path + "': .fathom/ holds Fathom's project settings, which only the "
                        + "user may change. Tell the user what you would change and why.");
            }
        }
        for (Path protectedRoot : protectedRoots) {
            if (p.startsWith(protectedRoot)) {
                throw new PathRefusedException("Refused to write '" + path + "': it is in Fathom's own folder (" + protectedRoot
                        + "), which only the user may change.");
            }
        }
        return p;
    }

    /** The path relative to the workspace root, with forward slashes, for messages. */
    public String display(Path p) {
        Path rel = root.relativize(p);
        String s = rel.toString().replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }

    private Path resolve(String path) {
        if (path == null || path.isBlank()) {
            throw new PathRefusedException("The path is empty; give a file path relative to the workspace root or absolute inside it.");
        }
        Path candidate;
        try {
            candidate = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new PathRefusedException("'" + path + "' is not a valid path: " + e.getReason() + ".");
        }
        Path real = realPathOfExistingPart(candidate);
        if (!real.startsWith(root)) {
            throw new PathRefusedException("Refused: '" + path + "' is outside the workspace " + root
                    + " (after resolving '..' and symlinks). Only files inside the workspace can be used.");
        }
        return real;
    }

    /** Resolves symlinks in the longest existing prefix of {@code p} and appends the rest unchanged. */
    private static Path realPathOfExistingPart(Path p) {
        Path existing = p;
        Path rest = null;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            Path name = existing.getFileName();
            rest = rest == null ? name : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            Path real = existing.toRealPath();
            return rest == null ? real : real.resolve(rest);
        } catch (IOException e) {
            // A dangling symlink: judge it by where it points, which toRealPath cannot reach.
            try {
                Path target = Files.readSymbolicLink(existing);
                Path resolved = existing.resolveSibling(target).normalize();
                return rest == null ? resolved : resolved.resolve(rest);
            } catch (IOException | UnsupportedOperationException notLink) {
                return p;
            }
        }
    }

    /** A path a tool may not use; the message is written for the model. */
    public static final class PathRefusedException extends RuntimeException {
        public PathRefusedException(String message) {
            super(message);
        }
    }
}
