package dev.fathom.git;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Repository;

/**
 * The index of a sparse checkout: entries outside the cone carry skip-worktree and are absent from disk on purpose.
 * JGit's add does not know it and stages their deletion; git never does.
 */
final class SparseIndex {
    private SparseIndex() {
    }

    /** Index entries outside a sparse checkout: absent on disk on purpose, so never staged as deleted. */
    static Map<String, DirCacheEntry> skipWorktreeEntries(Repository repo) throws GitException {
        try {
            Map<String, DirCacheEntry> out = new TreeMap<>();
            DirCache index = IndexReading.read(repo);
            for (int i = 0; i < index.getEntryCount(); i++) {
                DirCacheEntry e = index.getEntry(i);
                if (e.isSkipWorkTree()) {
                    out.put(e.getPathString(), e);
                }
            }
            return out;
        } catch (IOException e) {
            throw new GitException("Cannot read the index: " + e.getMessage());
        }
    }

    /** Puts back {@code entries} that staging removed from the index, as git add does not remove them in a sparse checkout. */
    static void keepEntries(Repository repo, Map<String, DirCacheEntry> entries) throws GitException {
        if (entries.isEmpty()) {
            return;
        }
        try {
            DirCache index = repo.lockDirCache();
            try {
                DirCacheBuilder b = index.builder();
                Set<String> present = new TreeSet<>();
                for (int i = 0; i < index.getEntryCount(); i++) {
                    b.add(index.getEntry(i));
                    present.add(index.getEntry(i).getPathString());
                }
                entries.forEach((path, e) -> {
                    if (!present.contains(path)) {
                        b.add(e);
                    }
                });
                b.finish();
                index.write();
                index.commit();
            } finally {
                index.unlock();
            }
        } catch (IOException e) {
            throw new GitException("Cannot write the index: " + e.getMessage());
        }
    }

}
