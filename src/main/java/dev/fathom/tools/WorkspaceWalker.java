package dev.fathom.tools;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiPredicate;

/**
 * Walks files under a folder the way git sees them: {@code .git} skipped, every {@code .gitignore} from the workspace
 * root down honoured, symlinks not followed.
 */
final class WorkspaceWalker {
    private WorkspaceWalker() {
    }

    /**
     * Visits each regular, non-ignored file under {@code start}; {@code visitor} returns false to stop early.
     * Ignore files between {@code root} and {@code start} are applied too.
     */
    static void walk(Path root, Path start, BiPredicate<Path, BasicFileAttributes> visitor) throws IOException {
        Deque<Scope> scopes = new ArrayDeque<>();
        for (Path dir = root; dir != null && start.startsWith(dir) && !dir.equals(start); dir = next(dir, start)) {
            addScope(scopes, dir);
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(start) && (dir.getFileName().toString().equals(".git") || ignored(scopes, dir, true))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                addScope(scopes, dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !ignored(scopes, file, false)) {
                    return visitor.test(file, attrs) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                if (!scopes.isEmpty() && scopes.peek().dir.equals(dir)) {
                    scopes.pop();
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private record Scope(Path dir, IgnoreRules rules) {
    }

    private static Path next(Path dir, Path start) {
        return dir.resolve(dir.relativize(start).getName(0));
    }

    private static void addScope(Deque<Scope> scopes, Path dir) {
        Path gi = dir.resolve(".gitignore");
        scopes.push(new Scope(dir, Files.isRegularFile(gi) ? IgnoreRules.load(gi) : IgnoreRules.parse(java.util.List.of())));
    }

    /** Deeper .gitignore files override shallower ones, as in git. */
    private static boolean ignored(Deque<Scope> scopes, Path p, boolean isDir) {
        for (Scope s : scopes) {
            if (!p.startsWith(s.dir) || p.equals(s.dir)) {
                continue;
            }
            Boolean m = s.rules.match(s.dir.relativize(p).toString().replace('\\', '/'), isDir);
            if (m != null) {
                return m;
            }
        }
        return false;
    }
}
