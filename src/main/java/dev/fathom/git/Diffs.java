package dev.fathom.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** Unified diffs of one repository, shaped as {@code git diff} shapes them. */
final class Diffs {
    private final Repository repo;

    Diffs(Repository repo) {
        this.repo = repo;
    }

    /**
     * A unified diff like {@code git diff}: the working tree against the index; with {@code staged}, the index against
     * HEAD; with {@code commit}, the working tree against that commit. {@code path} limits it to a file or folder.
     */
    String diff(String path, boolean staged, String commit) throws GitException {
        try (ObjectReader reader = repo.newObjectReader()) {
            AbstractTreeIterator oldTree;
            AbstractTreeIterator newTree;
            if (commit != null) {
                oldTree = treeOf(reader, commit);
                newTree = new FileTreeIterator(repo);
            } else if (staged) {
                oldTree = treeOf(reader, Constants.HEAD);
                newTree = new DirCacheIterator(IndexReading.read(repo));
            } else {
                oldTree = new DirCacheIterator(IndexReading.read(repo));
                newTree = new FileTreeIterator(repo);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DiffFormatter f = new DiffFormatter(out)) {
                f.setRepository(repo);
                f.setPathFilter(path == null || path.isEmpty() || path.equals(".") ? TreeFilter.ALL : PathFilter.create(path));
                List<DiffEntry> entries = new ArrayList<>(f.scan(oldTree, newTree));
                Map<String, ObjectId> conflicts = commit == null ? conflicts() : Map.of();
                entries.removeIf(e -> conflicts.containsKey(e.getNewPath()) || conflicts.containsKey(e.getOldPath()));
                if (commit != null) {
                    new WorkTreeSide(repo, reader).format(f, trackedOnly(entries), path, out);
                } else if (!staged) {
                    List<DiffEntry> shown = IntentToAdd.asNewFiles(repo, trackedOnly(entries), path);
                    new WorkTreeSide(repo, reader).format(f, shown, path, out);
                } else {
                    f.format(IntentToAdd.withoutPlaceholders(repo, entries));
                }
                f.flush();
                for (var c : conflicts.entrySet()) {
                    if (path != null && !path.isEmpty() && !path.equals(".") && !(c.getKey().equals(path) || c.getKey().startsWith(path + "/"))) {
                        continue;
                    }
                    if (staged) {
                        out.write(("* Unmerged path " + c.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
                    } else {
                        ConflictDiff.write(repo, reader, c.getKey(), c.getValue(), f, out);
                    }
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            throw new GitException("git diff failed: " + e.getMessage());
        }
    }

    /**
     * The entries of a diff against the working tree that git shows: files untracked (or ignored) are never in a diff,
     * and entries outside a sparse checkout (skip-worktree, absent on disk on purpose) are not deletions.
     */
    private List<DiffEntry> trackedOnly(List<DiffEntry> entries) throws IOException {
        DirCache index = IndexReading.read(repo);
        List<DiffEntry> out = new ArrayList<>();
        for (DiffEntry e : entries) {
            String path = e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
            DirCacheEntry entry = index.getEntry(path);
            if (entry == null ? e.getChangeType() != DiffEntry.ChangeType.ADD : !entry.isSkipWorkTree()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Unmerged paths and their "ours" (stage 2) blob, or null where ours has none. */
    private Map<String, ObjectId> conflicts() throws IOException {
        Map<String, ObjectId> out = new TreeMap<>();
        DirCache index = IndexReading.read(repo);
        for (int i = 0; i < index.getEntryCount(); i++) {
            DirCacheEntry e = index.getEntry(i);
            if (e.getStage() != DirCacheEntry.STAGE_0) {
                ObjectId ours = e.getStage() == DirCacheEntry.STAGE_2 ? e.getObjectId() : out.get(e.getPathString());
                out.put(e.getPathString(), ours);
            }
        }
        return out;
    }

    private AbstractTreeIterator treeOf(ObjectReader reader, String revision) throws IOException, GitException {
        ObjectId id = repo.resolve(revision + "^{tree}");
        if (id == null) {
            if (Constants.HEAD.equals(revision) && repo.resolve(Constants.HEAD) == null) {
                return new EmptyTreeIterator();
            }
            throw new GitException("Unknown revision '" + revision + "'. Use git_log to see commit ids.");
        }
        CanonicalTreeParser parser = new CanonicalTreeParser();
        parser.reset(reader, id);
        return parser;
    }

    /** A unified diff from {@code from} to the index (what is staged), as a patch file. */
    String diffToIndex(ObjectId from) throws GitException {
        try (ObjectReader reader = repo.newObjectReader()) {
            CanonicalTreeParser old = new CanonicalTreeParser();
            old.reset(reader, repo.parseCommit(from).getTree());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DiffFormatter f = new DiffFormatter(out)) {
                f.setRepository(repo);
                f.format(f.scan(old, new DirCacheIterator(IndexReading.read(repo))));
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GitException("git diff failed: " + e.getMessage());
        }
    }

}
