package dev.fathom.git;

import dev.fathom.safety.ConfinedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;

/**
 * Snapshots of the working tree (tracked and untracked files, ignored ones left out) as commits on private refs, made
 * without touching the user's index, HEAD, branches or stash; and restoring one. A snapshot of the tree covers changes
 * made by shell commands too. Each worktree has its own checkpoints: {@code refs/fathom/checkpoints/N} for the main
 * one, {@code refs/fathom/worktrees/<id>/checkpoints/N} for a linked one (refs are shared by all worktrees of a
 * repository, so one worktree's checkpoint must never be found from another).
 */
public final class Checkpoints {
    public static final String PREFIX = "refs/fathom/checkpoints/";
    public static final String AFTER_PREFIX = "refs/fathom/checkpoints-after/";

    /** One checkpoint: its number (1 is the oldest), when, and what it was taken before. */
    public record Info(int number, Instant time, String label) {
    }

    /**
     * What restoring a checkpoint would do. {@code changedSince} lists the files it would touch that Fathom cannot show
     * it changed itself: changed after the last run ended or, when {@code unfinished} (the last run has no record of how
     * it left the tree: it was killed mid-turn), every file it would touch.
     */
    public record Plan(int number, List<String> restore, List<String> delete, List<String> changedSince, boolean unfinished) {
    }

    /** Numbers tried when concurrent runs keep taking the same next number. */
    private static final int MAX_NUMBER_ATTEMPTS = 20;

    private final Repositories.Location location;
    private final Path workTree;
    private final String prefix;
    private final String afterPrefix;
    private final String unavailable;

    private Checkpoints(Repositories.Location location, String unavailable) {
        this.location = location;
        this.workTree = location.workTree() == null ? null : location.workTree().toPath();
        String id = location.worktreeId();
        this.prefix = id == null ? PREFIX : "refs/fathom/worktrees/" + id + "/checkpoints/";
        this.afterPrefix = id == null ? AFTER_PREFIX : "refs/fathom/worktrees/" + id + "/checkpoints-after/";
        this.unavailable = unavailable;
    }

    /** The checkpoints of the repository holding {@code dir} (as git finds it from there), or null outside a repository. */
    public static Checkpoints forWorkspace(Path dir) {
        return forWorkspace(dir, System.getenv());
    }

    /** As {@link #forWorkspace(Path)}, with the environment variables given ({@code GIT_DIR}, {@code GIT_WORK_TREE}). */
    public static Checkpoints forWorkspace(Path dir, Map<String, String> env) {
        Repositories.Location at;
        try {
            at = Repositories.locate(dir, env);
        } catch (IOException e) {
            return null;
        }
        if (at == null) {
            return null;
        }
        if (at.workTree() == null) {
            return new Checkpoints(at, "the repository at " + at.gitDir() + " is bare (no working tree)");
        }
        if (at.fromEnvironment()) {
            return new Checkpoints(at, "GIT_DIR is set, so the work tree (" + at.workTree() + ") is one Fathom did not find itself");
        }
        return new Checkpoints(at, null);
    }

    /** Why no checkpoint can be taken here (a sentence fragment), or null when they can. */
    public String unavailable() {
        return unavailable;
    }

    /**
     * The submodules checked out in this work tree (gitlink entries of the index). Their contents are other
     * repositories: a checkpoint does not hold them and undo does not put them back.
     */
    public List<String> submodules() throws IOException {
        List<String> out = new ArrayList<>();
        try (Repository repo = open()) {
            DirCache index = repo.readDirCache();
            for (int i = 0; i < index.getEntryCount(); i++) {
                if (index.getEntry(i).getFileMode() == FileMode.GITLINK) {
                    out.add(index.getEntry(i).getPathString());
                }
            }
        }
        return out;
    }

    private Repository open() throws IOException {
        if (unavailable != null) {
            throw new IOException("no checkpoints: " + unavailable);
        }
        return Repositories.open(location);
    }

    /**
     * Takes a checkpoint; returns its number. The ref is created only if no other run took that number meanwhile
     * (compare-and-set against "absent"); a run that lost the race takes the next number.
     */
    public int take(String label) throws IOException {
        try (Repository repo = open(); ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId commit = snapshot(repo, ins, label);
            for (int attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
                int n = lastNumber(repo) + 1;
                if (create(repo, prefix + n, commit)) {
                    return n;
                }
            }
            throw new IOException("another Fathom run kept taking the same checkpoint numbers; try again");
        }
    }

    /** Records the tree as the agent left it after checkpoint {@code n}, to tell the user's later changes from its own. */
    public void markAfter(int n) throws IOException {
        try (Repository repo = open(); ObjectInserter ins = repo.newObjectInserter()) {
            String ref = afterPrefix + n;
            Ref old = repo.exactRef(ref);
            RefUpdate u = repo.updateRef(ref);
            u.setNewObjectId(snapshot(repo, ins, "after " + n));
            u.setExpectedOldObjectId(old == null ? ObjectId.zeroId() : old.getObjectId());
            u.setForceUpdate(true);
            RefUpdate.Result r = u.update();
            if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("cannot write " + ref + ": " + r);
            }
        }
    }

    public List<Info> list() throws IOException {
        try (Repository repo = open()) {
            return list(repo);
        }
    }

    private List<Info> list(Repository repo) throws IOException {
        List<Info> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(prefix)) {
                if (number(ref) == 0) {
                    continue;
                }
                RevCommit c = walk.parseCommit(ref.getObjectId());
                out.add(new Info(number(ref), Instant.ofEpochSecond(c.getCommitTime()), c.getShortMessage()));
            }
        }
        out.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return out;
    }

    /** What undoing to checkpoint {@code n} would change. */
    public Plan plan(int n) throws IOException {
        try (Repository repo = open()) {
            Map<String, ObjectId> target = tree(repo, prefix + n);
            // How the agent left the tree at the end of the latest run; none when that run never ended.
            int latest = lastNumber(repo);
            Ref after = repo.exactRef(afterPrefix + latest);
            Map<String, ObjectId> agentLeft = after == null ? null : tree(repo, afterPrefix + latest);
            Map<String, ObjectId> now = current(repo);
            List<String> restore = new ArrayList<>();
            List<String> delete = new ArrayList<>();
            for (var e : target.entrySet()) {
                if (!e.getValue().equals(now.get(e.getKey()))) {
                    restore.add(e.getKey());
                }
            }
            for (String p : now.keySet()) {
                if (!target.containsKey(p)) {
                    delete.add(p);
                }
            }
            List<String> changedSince = new ArrayList<>(union(restore, delete));
            changedSince.sort(null);
            if (agentLeft != null) {
                changedSince.removeIf(p -> java.util.Objects.equals(agentLeft.get(p), now.get(p)));
            }
            return new Plan(n, restore, delete, changedSince, after == null);
        }
    }

    /**
     * Restores the working tree to checkpoint {@code n}: files written back, files created since deleted. All or
     * nothing: a step that cannot be done leaves the tree as it was (see {@link Restore}).
     */
    public Plan restore(int n) throws IOException {
        return restore(n, ConfinedWriter.Seam.NONE);
    }

    /** As {@link #restore(int)}; {@code seam} lets a test make a write fail midway. */
    Plan restore(int n, ConfinedWriter.Seam seam) throws IOException {
        Plan plan = plan(n);
        Map<String, byte[]> contents = new java.util.LinkedHashMap<>();
        try (Repository repo = open()) {
            Map<String, ObjectId> target = tree(repo, prefix + n);
            for (String p : plan.restore()) {
                contents.put(p, repo.open(target.get(p)).getBytes()); // every blob read before anything changes
            }
        }
        // Never through a symlink: a folder swapped for one since the checkpoint must not lead the restore outside.
        new Restore(workTree.toRealPath(), seam).run(plan.delete(), contents);
        return plan;
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private ObjectId snapshot(Repository repo, ObjectInserter ins, String label) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (var e : current(repo, ins).entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(e.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(e.getValue());
            builder.add(entry);
        }
        builder.finish();
        ObjectId tree = index.writeTree(ins);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        ObjectId head = repo.resolve(Constants.HEAD);
        if (head != null) {
            commit.setParentId(head);
        }
        PersonIdent who = new PersonIdent("Fathom", "fathom@localhost");
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage("fathom checkpoint: " + label + "\n");
        ObjectId id = ins.insert(commit);
        ins.flush();
        return id;
    }

    /** Creates {@code ref} only if it does not exist yet; false when another run created it first. */
    private static boolean create(Repository repo, String ref, ObjectId id) throws IOException {
        RefUpdate u = repo.updateRef(ref);
        u.setNewObjectId(id);
        u.setExpectedOldObjectId(ObjectId.zeroId());
        RefUpdate.Result r = u.update();
        if (r == RefUpdate.Result.NEW) {
            return true;
        }
        if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.REJECTED || r == RefUpdate.Result.NO_CHANGE) {
            return false;
        }
        throw new IOException("cannot write " + ref + ": " + r);
    }

    private int lastNumber(Repository repo) throws IOException {
        int last = 0;
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix(prefix)) {
            last = Math.max(last, number(ref));
        }
        return last;
    }

    /** The N of {@code <prefix>N}, or 0 for anything else under the prefix. */
    private int number(Ref ref) {
        String tail = ref.getName().substring(prefix.length());
        return tail.matches("[1-9][0-9]{0,8}") ? Integer.parseInt(tail) : 0;
    }

    private Map<String, ObjectId> current(Repository repo) throws IOException {
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return current(repo, null, f);
        }
    }

    private Map<String, ObjectId> current(Repository repo, ObjectInserter ins) throws IOException {
        return current(repo, ins, null);
    }

    /**
     * Path to blob id of every file of the working tree that is tracked or not ignored (a tracked file matching
     * .gitignore is the user's too); inserts blobs when {@code ins} is given.
     */
    private Map<String, ObjectId> current(Repository repo, ObjectInserter ins, ObjectInserter.Formatter ids) throws IOException {
        Map<String, ObjectId> out = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            FileTreeIterator files = new FileTreeIterator(repo);
            files.setWalkIgnoredDirectories(true); // entered below only when the index tracks something inside
            walk.addTree(files);
            walk.addTree(new DirCacheIterator(repo.readDirCache()));
            walk.setRecursive(false);
            while (walk.next()) {
                WorkingTreeIterator it = walk.getTree(0, WorkingTreeIterator.class);
                if (it == null || it.isEntryIgnored() && walk.getTree(1, DirCacheIterator.class) == null) {
                    continue; // only in the index (deleted), or ignored and untracked
                }
                if (walk.isSubtree()) {
                    walk.enterSubtree();
                    continue;
                }
                if (it.getEntryFileMode() == FileMode.GITLINK || it.getEntryFileMode() == FileMode.SYMLINK) {
                    continue;
                }
                Path file = workTree.resolve(walk.getPathString());
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // a FIFO, socket or device: opening one can block forever or have effects
                }
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    long size = Files.size(file);
                    out.put(walk.getPathString(), ins != null ? ins.insert(Constants.OBJ_BLOB, size, in)
                            : ids.idFor(Constants.OBJ_BLOB, size, in));
                }
            }
        }
        return out;
    }

    private static Map<String, ObjectId> tree(Repository repo, String ref) throws IOException {
        Ref r = repo.exactRef(ref);
        if (r == null) {
            throw new IOException("no checkpoint " + ref.substring(ref.lastIndexOf('/') + 1));
        }
        Map<String, ObjectId> out = new TreeMap<>();
        try (RevWalk rw = new RevWalk(repo); TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(rw.parseCommit(r.getObjectId()).getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                out.put(walk.getPathString(), walk.getObjectId(0));
            }
        }
        return out;
    }
}
