package dev.fathom.git;

import dev.fathom.safety.ConfinedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Snapshots of the working tree ({@link TreeSnapshot}: tracked and untracked files with their executable bit, ignored
 * ones left out) as commits on private refs, made without touching the user's index, HEAD, branches or stash; and
 * restoring one. A snapshot of the tree covers changes
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
     * it left the tree: it was killed mid-turn), every file it would touch. {@code basis} lets {@link #restore(Plan)} do
     * exactly this plan without planning again.
     */
    public record Plan(int number, List<String> restore, List<String> delete, List<String> changedSince, boolean unfinished,
            Basis basis) {
    }

    /**
     * The checkpoint's snapshot and the states it has for the paths to restore; what the plan saw at each path it would change (its state, or null where it saw no
     * file), for the restore to re-check; and the folders the turn made, which undo removes when empty.
     */
    record Basis(TreeSnapshot.Snapshot target, Map<String, TreeSnapshot.FileState> wanted, Map<String, TreeSnapshot.FileState> seen,
            java.util.Set<String> foldersMade) {
    }

    /** Numbers tried when concurrent runs keep taking (or holding locked) the next numbers. */
    private static final int MAX_NUMBER_ATTEMPTS = 20;

    private final Repositories.Location location;
    private final Path workTree;
    private final String prefix;
    private final String afterPrefix;
    private final String unavailable;
    private DirCache index;

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
            DirCache index = index(repo); // read by the checkpoint just taken, as a rule
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
     * (compare-and-set against "absent"); a run that lost the race takes a higher number. A number another run holds
     * locked (still writing it, or killed while it did) is stepped over, never tried again: retrying it would spin
     * for as long as that run holds the lock.
     */
    public int take(String label) throws IOException {
        try (Repository repo = open(); ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId commit = snapshot(repo, ins, label);
            int tried = 0;
            for (int attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
                int n = Math.max(lastNumber(repo), tried) + 1;
                if (create(repo, prefix + n, commit)) {
                    return n;
                }
                tried = n;
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
            return plan(repo, n);
        }
    }

    private Plan plan(Repository repo, int n) throws IOException {
        TreeSnapshot.Snapshot target = saved(repo, prefix + n);
        // How the agent left the tree at the end of the latest run; none when that run never ended.
        Ref after = repo.exactRef(afterPrefix + lastNumber(repo));
        TreeSnapshot.Snapshot current = current(repo);
        List<String> restore = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        Map<String, TreeSnapshot.FileState> wanted = new java.util.HashMap<>();
        Map<String, TreeSnapshot.FileState> seen = new java.util.HashMap<>(); // null values: no file there
        SnapshotDiff.between(target, current, restore, delete, wanted, seen);
        List<String> changedSince = new ArrayList<>(restore);
        changedSince.addAll(delete);
        changedSince.sort(null);
        java.util.Set<String> foldersMade;
        if (after != null) {
            // only the changed paths of how the agent left the tree are needed
            TreeSnapshot.Snapshot left = TreeSnapshot.read(repo, after.getObjectId(), changedSince);
            Map<String, TreeSnapshot.FileState> agentLeft = left.files();
            changedSince.removeIf(p -> java.util.Objects.equals(agentLeft.get(p), seen.get(p)));
            foldersMade = new java.util.TreeSet<>(left.folders());
        } else {
            foldersMade = new java.util.TreeSet<>(current.folders());
        }
        // Empty as the agent left them (the user's later empty folders are not its to remove) or, unknown that, now.
        return new Plan(n, restore, delete, changedSince, after == null, new Basis(target, wanted, seen, foldersMade));
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
        return restore(plan(n), seam);
    }

    /**
     * Does {@code plan}, made by {@link #plan(int)}, without planning again: just before each path is deleted or written,
     * it is checked to be still as the plan saw it. If one is not (changed meanwhile), nothing is changed and
     * {@link ChangedMeanwhile} says which; all or nothing as {@link #restore(int)}.
     */
    public Plan restore(Plan plan) throws IOException {
        return restore(plan, ConfinedWriter.Seam.NONE);
    }

    Plan restore(Plan plan, ConfinedWriter.Seam seam) throws IOException {
        TreeSnapshot.Snapshot target = plan.basis().target();
        Map<String, Restore.Content> contents = new java.util.LinkedHashMap<>();
        try (Repository repo = open()) {
            for (String p : plan.restore()) {
                TreeSnapshot.FileState f = plan.basis().wanted().get(p);
                // every blob read before anything changes
                contents.put(p, new Restore.Content(repo.open(f.id()).getBytes(), f.executable()));
            }
            Restore.Check asPlanned = new AsPlanned(repo, workTree, plan.basis().seen());
            // Never through a symlink: a folder swapped for one since the checkpoint must not lead the restore outside.
            new Restore(workTree.toRealPath(), asPlanned, seam).run(plan.delete(), contents, plan.basis().foldersMade(),
                    SnapshotDiff.keptFolders(target));
        }
        return plan;
    }

    private ObjectId snapshot(Repository repo, ObjectInserter ins, String label) throws IOException {
        ObjectId id = TreeSnapshot.write(repo, ins, TreeSnapshot.current(repo, workTree, ins, index(repo)), label);
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

    private TreeSnapshot.Snapshot current(Repository repo) throws IOException {
        return TreeSnapshot.current(repo, workTree, null, index(repo));
    }

    /**
     * The index as JGit reads it, kept between the checkpoints of this run and read again only when the file changed
     * (JGit's file snapshot, which counts a racily recent file as changed): reading 50,000 entries costs a checkpoint a
     * fifth of its time, and most turns leave the index alone.
     */
    private synchronized DirCache index(Repository repo) throws IOException {
        if (index == null) {
            index = repo.readDirCache();
        } else {
            index.read();
        }
        return index;
    }

    private static TreeSnapshot.Snapshot saved(Repository repo, String ref) throws IOException {
        Ref r = repo.exactRef(ref);
        if (r == null) {
            throw new IOException("no checkpoint " + ref.substring(ref.lastIndexOf('/') + 1));
        }
        return TreeSnapshot.read(repo, r.getObjectId());
    }
}
