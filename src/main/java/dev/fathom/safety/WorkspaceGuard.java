package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Confines file tools to the workspace. A path is resolved against the workspace root, normalized, and its nearest
 * existing ancestor is resolved through symlinks, so neither {@code ..} nor a symlink can lead outside. Writes into
 * {@code .git/} internals are refused as well.
 */
public final class WorkspaceGuard {
    private final Path root;

    /** @param root the workspace directory; it must exist */
    public WorkspaceGuard(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace " + root + " does not exist", e);
        }
    }

    public Path root() {
        return root;
    }

    /** Resolves a path for reading; throws {@link PathRefusedException} with a message for the model. */
    public Path resolveForRead(String path) {
        return resolve(path);
    }

    /** Resolves a path for writing: inside the workspace and not inside {@code .git/}. */
    public Path resolveForWrite(String path) {
        Path p = resolve(path);
        Path rel = root.relativize(p);
        if (rel.getNameCount() > 0 && rel.getName(0).toString().equals(".git")) {
            throw new PathRefusedException("Refused to write '" + path + "': files inside .git/ are managed by git; use git commands instead.");
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
