package dev.fathom.git;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.WorkingTreeOptions;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * {@code git status} the way git computes it, in about the time git takes: the index is read once ({@link IndexFile});
 * tracked files are compared by lstat with what the index recorded ({@link TrackedFiles}, in parallel chunks, like
 * git's preloaded index); the folders are listed once for untracked files ({@link UntrackedWalk}, at the same time);
 * HEAD is compared with the index through the index's cached trees meanwhile. Only what the stat cannot decide is
 * read, through JGit with the repository's conversions (JGit reads the index for that, only then). Nothing is cached
 * between calls: each status looks at the disk.
 * <p>
 * Repositories whose rules this scan does not model ({@code core.ignoreCase}, {@code core.symlinks=false}, entries
 * added with {@code --intent-to-add}, a split or sparse index) get JGit's full status instead.
 */
final class StatusScan {
    /** Threads comparing tracked files; git's preload uses up to 20 on any machine. */
    private static final int MAX_COMPARE_THREADS = 4;

    private final Repository repo;
    private DirCache dirCache;

    StatusScan(Repository repo) {
        this.repo = repo;
    }

    WorkStatus run() throws IOException {
        if (repo.getConfig().getBoolean(ConfigConstants.CONFIG_CORE_SECTION, "ignorecase", false)
                || repo.getConfig().get(WorkingTreeOptions.KEY).getSymLinks() == CoreConfig.SymLinks.FALSE) {
            return jgitStatus();
        }
        IndexFile index = IndexFile.read(repo.getIndexFile());
        if (index == null || index.anyIntentToAdd) {
            return jgitStatus(); // an index this scan does not read itself (split or sparse), or intent-to-add entries
        }
        int n = index.count;
        SortedSet<String> conflicting = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            if (index.stage[i] != 0) {
                conflicting.add(index.paths[i]);
            }
        }
        String root = repo.getWorkTree().getAbsolutePath() + "/";
        TrackedFiles.Rules rules = TrackedFiles.Rules.of(repo.getConfig());
        byte[] verdicts = new byte[n];
        UntrackedWalk walk = new UntrackedWalk(root, index.paths, IgnoreRules.load(repo));
        List<FutureTask<?>> tasks = new ArrayList<>();
        tasks.add(start(walk::run));
        int threads = Math.max(1, Math.min(MAX_COMPARE_THREADS, Runtime.getRuntime().availableProcessors()));
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            tasks.add(start(() -> {
                TrackedFiles.compare(index, root, rules, verdicts, from, to);
                return null;
            }));
        }
        WorkStatus staged = staged(index, conflicting);
        for (FutureTask<?> task : tasks) {
            join(task);
        }
        return unstaged(index, verdicts, walk, staged);
    }

    /**
     * HEAD against the index. When the index's cached tree for the whole index is valid and is HEAD's tree, nothing is
     * staged (git relies on the same extension); otherwise JGit compares them, skipping the subtrees whose cached tree
     * ids equal HEAD's.
     */
    private WorkStatus staged(IndexFile file, SortedSet<String> conflicting) throws IOException {
        SortedSet<String> added = new TreeSet<>();
        SortedSet<String> changed = new TreeSet<>();
        SortedSet<String> removed = new TreeSet<>();
        ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
        if (file.cachedTree != null && file.cachedTree.equals(head) && conflicting.isEmpty()) {
            return new WorkStatus(added, changed, removed, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), conflicting);
        }
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.setRecursive(true);
            if (head != null) {
                walk.addTree(head);
            } else {
                walk.addTree(new EmptyTreeIterator());
            }
            walk.addTree(new DirCacheIterator(dirCache()));
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                String path = walk.getPathString();
                if (conflicting.contains(path)) {
                    continue;
                }
                (walk.getRawMode(0) == 0 ? added : walk.getRawMode(1) == 0 ? removed : changed).add(path);
            }
        }
        return new WorkStatus(added, changed, removed, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), conflicting);
    }

    /** The verdicts and the walk's findings together, with what only a content check or JGit's submodule code can tell. */
    private WorkStatus unstaged(IndexFile index, byte[] verdicts, UntrackedWalk walk, WorkStatus staged) throws IOException {
        String[] paths = index.paths;
        for (int[] range : walk.gone()) {
            for (int i = range[0]; i < range[1]; i++) {
                if (verdicts[i] != TrackedFiles.NOT_COMPARED) {
                    verdicts[i] = TrackedFiles.DELETED;
                }
            }
        }
        SortedSet<String> modified = new TreeSet<>();
        SortedSet<String> missing = new TreeSet<>();
        List<String> check = new ArrayList<>();
        List<String> submodules = new ArrayList<>();
        for (int i = 0; i < index.count; i++) {
            switch (verdicts[i]) {
                case TrackedFiles.MODIFIED -> modified.add(paths[i]);
                case TrackedFiles.DELETED -> missing.add(paths[i]);
                case TrackedFiles.CHECK -> check.add(paths[i]);
                case TrackedFiles.SUBMODULE -> submodules.add(paths[i]);
                case TrackedFiles.FOLDER -> {
                    missing.add(paths[i]);
                    walk.walkUntrackedFolder(paths[i] + "/");
                }
                default -> {
                }
            }
        }
        contentCheck(check, modified, missing);
        submodules(submodules, modified, missing);
        return new WorkStatus(staged.added(), staged.changed(), staged.removed(), modified, missing, new TreeSet<>(walk.untracked()),
                staged.conflicting());
    }

    /** Reads the files the stat could not decide, as JGit's status did, with the repository's conversions. */
    private void contentCheck(List<String> paths, Set<String> modified, Set<String> missing) throws IOException {
        if (paths.isEmpty()) {
            return;
        }
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.setOperationType(TreeWalk.OperationType.CHECKIN_OP);
            walk.setRecursive(true);
            walk.addTree(new DirCacheIterator(dirCache()));
            FileTreeIterator files = new FileTreeIterator(repo);
            // JGit would ask, for each folder on the way, whether it is ignored: that reads the excludes files, and one
            // that is a FIFO would block the status for ever. Only tracked paths are looked at here, ignored or not.
            files.setWalkIgnoredDirectories(true);
            walk.addTree(files);
            files.setDirCacheIterator(walk, 0);
            walk.setFilter(PathFilterGroup.createFromStrings(paths));
            Set<String> wanted = Set.copyOf(paths);
            while (walk.next()) {
                DirCacheIterator entry = walk.getTree(0, DirCacheIterator.class);
                String path = walk.getPathString();
                if (entry == null || !wanted.contains(path)) {
                    continue;
                }
                WorkingTreeIterator file = walk.getTree(1, WorkingTreeIterator.class);
                if (file == null) {
                    missing.add(path);
                } else if (contentDiffers(entry, file)) {
                    modified.add(path);
                }
            }
        }
    }

    /**
     * git's content check ({@code ce_modified_check_fs}): another mode, or content that does not hash to the entry's
     * blob after the check-in conversions. JGit's own {@code isModified} trusts size and mtime first, which is exactly
     * what a check here must not do (the stat already failed to vouch for the file).
     */
    private static boolean contentDiffers(DirCacheIterator entry, WorkingTreeIterator file) throws IOException {
        DirCacheEntry e = entry.getDirCacheEntry();
        e.setUpdateNeeded(true); // in memory only: makes JGit hash the file instead of taking the id the index has
        return canonical(e.getRawMode()) != canonical(file.getIndexFileMode(entry).getBits())
                || !file.getEntryObjectId().equals(e.getObjectId());
    }

    /** A regular file's mode as git reads it from an index: 0644 or 0755 by the owner's execute bit. */
    private static int canonical(int mode) {
        return (mode & 0170000) == 0100000 ? ((mode & 0100) != 0 ? 0100755 : 0100644) : mode;
    }

    /** Submodules: JGit's status of those paths only (their own HEAD and dirtiness, with {@code submodule.*.ignore}). */
    private void submodules(List<String> paths, Set<String> modified, Set<String> missing) throws IOException {
        if (paths.isEmpty()) {
            return;
        }
        ObjectId head = repo.resolve(Constants.HEAD);
        IndexDiff diff = head == null ? new IndexDiff(repo, (ObjectId) null, new FileTreeIterator(repo))
                : new IndexDiff(repo, head, new FileTreeIterator(repo));
        diff.setFilter(PathFilterGroup.createFromStrings(paths));
        diff.diff();
        for (String p : paths) {
            if (diff.getModified().contains(p)) {
                modified.add(p);
            } else if (diff.getMissing().contains(p) && !Files.isDirectory(repo.getWorkTree().toPath().resolve(p), LinkOption.NOFOLLOW_LINKS)) {
                // git: a submodule folder without a repository in it (never populated, or deinit) is unchanged, not deleted
                missing.add(p);
            }
        }
    }

    private WorkStatus jgitStatus() throws IOException {
        Set<String> intentToAdd = IntentToAdd.paths(dirCache());
        try (Git git = new Git(repo)) {
            return WorkStatus.of(git.status().call(), intentToAdd);
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** JGit's reading of the index, made only when a content check or a staged comparison needs its entries. */
    private DirCache dirCache() throws IOException {
        if (dirCache == null) {
            dirCache = IndexReading.read(repo);
        }
        return dirCache;
    }

    private static FutureTask<?> start(Callable<?> work) {
        FutureTask<?> task = new FutureTask<>(work);
        Thread t = new Thread(task, "fathom-status");
        t.setDaemon(true);
        t.start();
        return task;
    }

    private static void join(FutureTask<?> task) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("git status was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }
}
