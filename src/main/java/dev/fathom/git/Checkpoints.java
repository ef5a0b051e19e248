package dev.fathom.git;

import dev.fathom.safety.ConfinedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
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
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;

/**
 * Snapshots of the working tree (tracked and untracked files, ignored ones left out) as commits on private refs,
 * {@code refs/fathom/checkpoints/N}, made without touching the user's index, HEAD, branches or stash; and restoring
 * one. A snapshot of the tree covers changes made by shell commands too.
 */
public final class Checkpoints {
    public static final String PREFIX = "refs/fathom/checkpoints/";
    public static final String AFTER_PREFIX = "refs/fathom/checkpoints-after/";

    /** One checkpoint: its number (1 is the oldest), when, and what it was taken before. */
    public record Info(int number, Instant time, String label) {
    }

    /** What restoring a checkpoint would do; {@code changedSince} lists files changed after the agent's last change. */
    public record Plan(int number, List<String> restore, List<String> delete, List<String> changedSince) {
    }

    private final Path workTree;

    public Checkpoints(Path workTree) {
        this.workTree = workTree;
    }

    /** The checkpoints of the repository holding {@code dir}, or null outside a repository. */
    public static Checkpoints forWorkspace(Path dir) {
        FileRepositoryBuilder b = Repositories.find(dir, false);
        if (b.getGitDir() == null) {
            return null;
        }
        try (Repository r = b.build()) {
            return new Checkpoints(r.getWorkTree().toPath());
        } catch (IOException e) {
            return null;
        }
    }

    private Repository open() throws IOException {
        return Repositories.find(workTree, false).setMustExist(true).build();
    }

    /** Takes a checkpoint; returns its number. */
    public int take(String label) throws IOException {
        try (Repository repo = open(); ObjectInserter ins = repo.newObjectInserter()) {
            int n = list(repo).size() + 1;
            ObjectId commit = snapshot(repo, ins, label);
            update(repo, PREFIX + n, commit);
            return n;
        }
    }

    /** Records the tree as the agent left it after checkpoint {@code n}, to tell the user's later changes from its own. */
    public void markAfter(int n) throws IOException {
        try (Repository repo = open(); ObjectInserter ins = repo.newObjectInserter()) {
            update(repo, AFTER_PREFIX + n, snapshot(repo, ins, "after " + n));
        }
    }

    public List<Info> list() throws IOException {
        try (Repository repo = open()) {
            return list(repo);
        }
    }

    private static List<Info> list(Repository repo) throws IOException {
        List<Info> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(PREFIX)) {
                RevCommit c = walk.parseCommit(ref.getObjectId());
                out.add(new Info(Integer.parseInt(ref.getName().substring(PREFIX.length())), Instant.ofEpochSecond(c.getCommitTime()),
                        c.getShortMessage()));
            }
        }
        out.sort((a, b) -> Integer.compare(a.number(), b.number()));
        return out;
    }

    /** What undoing to checkpoint {@code n} would change. */
    public Plan plan(int n) throws IOException {
        try (Repository repo = open()) {
            Map<String, ObjectId> target = tree(repo, PREFIX + n);
            Ref after = repo.exactRef(AFTER_PREFIX + n);
            Map<String, ObjectId> agentLeft = after == null ? null : tree(repo, AFTER_PREFIX + n);
            Map<String, ObjectId> now = current(repo);
            List<String> restore = new ArrayList<>();
            List<String> delete = new ArrayList<>();
            List<String> changedSince = new ArrayList<>();
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
            if (agentLeft != null) {
                for (String p : union(restore, delete)) {
                    if (!java.util.Objects.equals(agentLeft.get(p), now.get(p))) {
                        changedSince.add(p);
                    }
                }
            }
            return new Plan(n, restore, delete, changedSince);
        }
    }

    /** Restores the working tree to checkpoint {@code n}: files written back, files created since deleted. */
    public Plan restore(int n) throws IOException {
        Plan plan = plan(n);
        // Never through a symlink: a folder swapped for one since the checkpoint must not lead the restore outside.
        Path top = workTree.toRealPath();
        ConfinedWriter writer = new ConfinedWriter(top, ConfinedWriter.Seam.NONE);
        try (Repository repo = open()) {
            Map<String, ObjectId> target = tree(repo, PREFIX + n);
            for (String p : plan.restore()) {
                writer.write(top.resolve(p), repo.open(target.get(p)).getBytes());
            }
            for (String p : plan.delete()) {
                writer.delete(top.resolve(p));
            }
        }
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

    private static void update(Repository repo, String ref, ObjectId id) throws IOException {
        RefUpdate u = repo.updateRef(ref);
        u.setNewObjectId(id);
        u.setForceUpdate(true);
        RefUpdate.Result r = u.update();
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot write " + ref + ": " + r);
        }
    }

    private Map<String, ObjectId> current(Repository repo) throws IOException {
        try (ObjectInserter.Formatter f = new ObjectInserter.Formatter()) {
            return current(repo, null, f);
        }
    }

    private Map<String, ObjectId> current(Repository repo, ObjectInserter ins) throws IOException {
        return current(repo, ins, null);
    }

    /** Path to blob id of every non-ignored file of the working tree; inserts blobs when {@code ins} is given. */
    private Map<String, ObjectId> current(Repository repo, ObjectInserter ins, ObjectInserter.Formatter ids) throws IOException {
        Map<String, ObjectId> out = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(new FileTreeIterator(repo));
            walk.setRecursive(false);
            while (walk.next()) {
                WorkingTreeIterator it = walk.getTree(0, WorkingTreeIterator.class);
                if (it.isEntryIgnored()) {
                    continue;
                }
                if (walk.isSubtree()) {
                    walk.enterSubtree();
                    continue;
                }
                if (it.getEntryFileMode() == FileMode.GITLINK || it.getEntryFileMode() == FileMode.SYMLINK) {
                    continue;
                }
                Path file = workTree.resolve(walk.getPathString());
                try (InputStream in = Files.newInputStream(file)) {
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
