package dev.fathom.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.AddCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RmCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Staging for a commit without re-reading the whole tree: what to stage comes from a status (which, like git, trusts a
 * file's size and time), so only changed files are hashed, and the index is written once per kind of change.
 */
final class IndexChanges {
    private IndexChanges() {
    }

    /** What {@code git add -A} stages: changed, deleted, untracked and conflicting files (not the untouched ones). */
    static Set<String> everyChange(Status s, Set<String> missing) {
        Set<String> out = new TreeSet<>(s.getModified());
        out.addAll(missing);
        out.addAll(s.getUntracked());
        out.addAll(s.getConflicting());
        return out;
    }

    /**
     * The submodules among JGit's missing paths whose folder is there with no repository in it (after {@code git
     * submodule deinit}, or never populated): git counts those unchanged, and staging them would commit the submodule's
     * removal (JGit's add drops the entry of an empty folder).
     */
    static Set<String> unpopulatedSubmodules(Repository repo, Status s) throws IOException {
        Set<String> out = new TreeSet<>();
        DirCache index = repo.readDirCache();
        for (String p : s.getMissing()) {
            DirCacheEntry e = index.getEntry(p);
            if (e != null && e.getFileMode() == FileMode.GITLINK
                    && Files.isDirectory(repo.getWorkTree().toPath().resolve(p), LinkOption.NOFOLLOW_LINKS)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Stages {@code paths}: those in {@code missing} as deletions, the others added, deletions inside them (folders)
     * included: JGit's add works as {@code git add --all} does by default.
     */
    static void stage(Git git, Collection<String> paths, Set<String> missing) throws GitAPIException {
        List<String> gone = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (String p : paths) {
            (missing.contains(p) ? gone : present).add(p);
        }
        if (!present.isEmpty()) {
            AddCommand add = git.add();
            present.forEach(add::addFilepattern);
            add.call();
        }
        if (!gone.isEmpty()) {
            RmCommand rm = git.rm().setCached(true);
            gone.forEach(rm::addFilepattern);
            rm.call();
        }
    }

    /** The paths whose index entry differs from HEAD's (added, changed, removed), as {@code git diff --cached} lists them. */
    static Set<String> staged(Repository repo) throws GitAPIException {
        Set<String> out = new TreeSet<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
            walk.addTree(head == null ? new EmptyTreeIterator() : new CanonicalTreeParser(null, walk.getObjectReader(), head));
            walk.addTree(new DirCacheIterator(IndexReading.read(repo)));
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                out.add(walk.getPathString());
            }
        } catch (IOException e) {
            throw new org.eclipse.jgit.api.errors.JGitInternalException("cannot compare the index with HEAD: " + e.getMessage(), e);
        }
        return out;
    }
}
