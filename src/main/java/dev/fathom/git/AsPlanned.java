package dev.fathom.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/**
 * The undo's check, just before it changes a path, that the path still holds what the plan saw there: a change made
 * since (by the user, or a process still running) was never weighed nor shown, so it stops the undo
 * ({@link ChangedMeanwhile}). Most paths are decided by one lstat and a hash of the file ({@link #surely}); only the
 * rest take a snapshot's own look at the path ({@link TreeSnapshot#at}), which lists every folder on the way and
 * needs the index, read once and only then.
 */
final class AsPlanned implements Restore.Check {
    private final Repository repo;
    private final Path workTree;
    private final Map<String, TreeSnapshot.FileState> seen;
    private DirCache index;

    /** @param seen what the plan saw at each path it changes (null values: no file) */
    AsPlanned(Repository repo, Path workTree, Map<String, TreeSnapshot.FileState> seen) {
        this.repo = repo;
        this.workTree = workTree;
        this.seen = seen;
    }

    @Override
    public void unchanged(String path) throws IOException {
        TreeSnapshot.FileState expected = seen.get(path);
        if (surely(workTree, path, expected)) {
            return;
        }
        if (index == null) {
            index = repo.readDirCache();
        }
        if (!Objects.equals(TreeSnapshot.at(repo, workTree, index, path), expected)) {
            throw new ChangedMeanwhile(path);
        }
    }

    /**
     * A quick yes to "does {@code path} still hold {@code expected} (null: no file)?": true when there is no file and
     * none was expected, or when the path is a regular file below real folders only (no symlink, no nested repository
     * on the way) with exactly the expected bytes and executable bit. False when this cannot tell. (A file whose bytes
     * are as expected is taken as unchanged even if it became ignored meanwhile: undo loses nothing by changing it.)
     */
    static boolean surely(Path workTree, String path, TreeSnapshot.FileState expected) {
        Path file = workTree.resolve(path);
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException absent) {
            return expected == null; // nothing there, or a parent is not a folder
        } catch (IOException e) {
            return false;
        }
        if (expected == null || !a.isRegularFile() || a.permissions().contains(PosixFilePermission.OWNER_EXECUTE) != expected.executable()) {
            return false;
        }
        for (String folder : TreeSnapshot.parents(path)) {
            Path dir = workTree.resolve(folder);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || Files.exists(dir.resolve(Constants.DOT_GIT))) {
                return false;
            }
        }
        try (ObjectInserter.Formatter ids = new ObjectInserter.Formatter();
                InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return ids.idFor(Constants.OBJ_BLOB, a.size(), in).equals(expected.id());
        } catch (IOException | RuntimeException changing) {
            return false; // e.g. shorter than it was a moment ago
        }
    }
}
