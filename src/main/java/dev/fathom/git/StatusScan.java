package dev.fathom.git;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
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
 * {@code git status} the way git computes it, in about the time git takes: the index is read once; tracked files are
 * compared by lstat with what the index recorded ({@link TrackedFiles}, in parallel chunks, like git's preloaded
 * index); the folders are listed once for untracked files ({@link UntrackedWalk}, at the same time); HEAD is compared
 * with the index through the index's cached trees meanwhile. Only what the stat cannot decide is read, through JGit
 * with the repository's conversions, as before. Nothing is cached between calls: each status looks at the disk.
 * <p>
 * Repositories whose rules this scan does not model ({@code core.ignoreCase}, {@code core.symlinks=false}, entries
 * added with {@code --intent-to-add}) get JGit's full status instead.
 */
final class StatusScan {
    /** Threads comparing tracked files; git's preload uses up to 20 on any machine. */
    private static final int MAX_COMPARE_THREADS = 4;

    private final Repository repo;

    StatusScan(Repository repo) {
        this.repo = repo;
    }

    WorkStatus run() throws IOException {
        if (repo.getConfig().getBoolean(ConfigConstants.CONFIG_CORE_SECTION, "ignorecase", false)
                || repo.getConfig().get(WorkingTreeOptions.KEY).getSymLinks() == CoreConfig.SymLinks.FALSE) {
            return jgitStatus();
        }
        DirCache index = repo.readDirCache();
        int n = index.getEntryCount();
        DirCacheEntry[] entries = new DirCacheEntry[n];
        String[] paths = new String[n];
        SortedSet<String> conflicting = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            entries[i] = index.getEntry(i);
            if (entries[i].isIntentToAdd()) {
                return jgitStatus();
            }
            paths[i] = path(entries[i]);
            if (entries[i].getStage() != DirCacheEntry.STAGE_0) {
                conflicting.add(paths[i]);
            }
        }
        String root = repo.getWorkTree().getAbsolutePath() + "/";
        boolean fileMode = repo.getConfig().get(WorkingTreeOptions.KEY).isFileMode();
        byte[] verdicts = new byte[n];
        UntrackedWalk walk = new UntrackedWalk(root, paths, IgnoreRules.load(repo));
        List<FutureTask<?>> tasks = new ArrayList<>();
        tasks.add(start(walk::run));
        int threads = Math.max(1, Math.min(MAX_COMPARE_THREADS, Runtime.getRuntime().availableProcessors()));
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) n * t / threads);
            int to = (int) ((long) n * (t + 1) / threads);
            tasks.add(start(() -> {
                TrackedFiles.compare(entries, paths, root, fileMode, verdicts, from, to);
                return null;
            }));
        }
        WorkStatus staged = staged(index, conflicting);
        for (FutureTask<?> task : tasks) {
            join(task);
        }
        return unstaged(index, entries, paths, verdicts, walk, staged);
    }

    /** HEAD against the index; subtrees whose cached tree id equals HEAD's are skipped whole. */
    private WorkStatus staged(DirCache index, SortedSet<String> conflicting) throws IOException {
        SortedSet<String> added = new TreeSet<>();
        SortedSet<String> changed = new TreeSet<>();
        SortedSet<String> removed = new TreeSet<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.setRecursive(true);
            ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
            if (head != null) {
                walk.addTree(head);
            } else {
                walk.addTree(new EmptyTreeIterator());
            }
            walk.addTree(new DirCacheIterator(index));
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
    private WorkStatus unstaged(DirCache index, DirCacheEntry[] entries, String[] paths, byte[] verdicts, UntrackedWalk walk,
            WorkStatus staged) throws IOException {
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
        for (int i = 0; i < entries.length; i++) {
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
        contentCheck(index, check, modified, missing);
        submodules(submodules, modified, missing);
        return new WorkStatus(staged.added(), staged.changed(), staged.removed(), modified, missing, new TreeSet<>(walk.untracked()),
                staged.conflicting());
    }

    /** Reads the files the stat could not decide, as JGit's status did, with the repository's conversions. */
    private void contentCheck(DirCache index, List<String> paths, Set<String> modified, Set<String> missing) throws IOException {
        if (paths.isEmpty()) {
            return;
        }
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.setOperationType(TreeWalk.OperationType.CHECKIN_OP);
            walk.setRecursive(true);
            walk.addTree(new DirCacheIterator(index));
            FileTreeIterator files = new FileTreeIterator(repo);
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
                } else if (file.isModified(entry.getDirCacheEntry(), true, walk.getObjectReader())) {
                    modified.add(path);
                }
            }
        }
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
            } else if (diff.getMissing().contains(p)) {
                missing.add(p);
            }
        }
    }

    private WorkStatus jgitStatus() throws IOException {
        try (Git git = new Git(repo)) {
            return WorkStatus.of(git.status().call());
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The entry's path; ASCII is decoded directly, anything else as JGit decodes it. */
    private static String path(DirCacheEntry e) {
        byte[] raw = e.getRawPath();
        for (byte b : raw) {
            if (b < 0) {
                return e.getPathString();
            }
        }
        return new String(raw, StandardCharsets.ISO_8859_1);
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
