package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LogCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The git repository around a workspace, through JGit. Paths in and out are relative to the repository's top level,
 * as git prints them. Failures a model can act on are {@link GitException}s with a plain message.
 */
public final class GitRepo implements AutoCloseable {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final Repository repo;
    private final Git git;

    private GitRepo(Repository repo) {
        this.repo = repo;
        this.git = new Git(repo);
    }

    /**
     * Opens the repository containing {@code dir} as git finds it from there (see {@link Repositories#locate}), with
     * {@code GIT_DIR} and {@code GIT_WORK_TREE} from Fathom's environment. Nothing of the repository ever runs: see
     * {@link InertFS}.
     *
     * @throws GitException "not a git repository" when there is none
     */
    public static GitRepo open(Path dir) throws GitException {
        return open(dir, System.getenv());
    }

    /** As {@link #open(Path)}, with the environment variables given. */
    public static GitRepo open(Path dir, Map<String, String> env) throws GitException {
        Repositories.Location at;
        try {
            at = Repositories.locate(dir, env);
        } catch (IOException e) {
            throw new GitException("Cannot find the git repository of " + dir + ": " + e.getMessage());
        }
        if (at == null) {
            throw new GitException("Not a git repository: " + dir + " (nor any of its parents). Use bash (git init) to create one if you need it.");
        }
        if (at.workTree() == null) {
            throw new GitException("The git repository at " + at.gitDir() + " is bare (it has no working tree), so there are no files to "
                    + "show or commit.");
        }
        try {
            return new GitRepo(Repositories.open(at));
        } catch (IOException | IllegalArgumentException e) {
            throw new GitException("Cannot open the git repository at " + at.gitDir() + ": " + e.getMessage());
        }
    }

    public Path topLevel() {
        return repo.getWorkTree().toPath();
    }

    /** "main", or "HEAD detached at 1a2b3c4", or "main (no commits yet)". */
    public String branchDescription() throws GitException {
        try {
            String full = repo.getFullBranch();
            ObjectId head = repo.resolve(Constants.HEAD);
            if (full == null) {
                return "HEAD (unknown)";
            }
            if (!full.startsWith(Constants.R_HEADS)) {
                return "HEAD detached at " + full.substring(0, Math.min(7, full.length()));
            }
            String branch = Repository.shortenRefName(full);
            return head == null ? branch + " (no commits yet)" : branch;
        } catch (IOException e) {
            throw new GitException("Cannot read HEAD: " + e.getMessage());
        }
    }

    /** A line on an operation in progress (merge, rebase, cherry-pick, revert, bisect), or null when there is none. */
    public String operationInProgress() {
        return OperationInProgress.describe(repo);
    }

    /** JGit's status; {@link #workStatus()} is git's, and faster. */
    public Status status() throws GitException {
        try {
            return git.status().call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitException("git status failed: " + e.getMessage());
        }
    }

    /** {@code git status} as git computes it: by stat, in parallel, reading only what the stat cannot decide. */
    public WorkStatus workStatus() throws GitException {
        try {
            return new StatusScan(repo).run();
        } catch (IOException | RuntimeException e) {
            throw new GitException("git status failed: " + e.getMessage());
        }
    }

    /**
     * A unified diff like {@code git diff}: the working tree against the index; with {@code staged}, the index against
     * HEAD; with {@code commit}, the working tree against that commit. {@code path} limits it to a file or folder.
     */
    public String diff(String path, boolean staged, String commit) throws GitException {
        return new Diffs(repo).diff(path, staged, commit);
    }

    /** A unified diff from {@code from} to the index (what is staged), as a patch file. */
    public String diffToIndex(ObjectId from) throws GitException {
        return new Diffs(repo).diffToIndex(from);
    }

    /** One line per commit, newest first: short id, date, author, subject. */
    public List<String> log(int maxCount, String path) throws GitException {
        try {
            if (repo.resolve(Constants.HEAD) == null) {
                return List.of();
            }
            LogCommand log = git.log().setMaxCount(maxCount);
            if (path != null && !path.isEmpty() && !path.equals(".")) {
                log.addPath(path);
            }
            List<String> lines = new ArrayList<>();
            for (RevCommit c : log.call()) {
                PersonIdent author = c.getAuthorIdent();
                String date = DATE.format(Instant.ofEpochSecond(c.getCommitTime()).atZone(ZoneId.systemDefault()));
                lines.add(c.getId().abbreviate(7).name() + " " + date + " " + author.getName() + ": " + c.getShortMessage());
            }
            return lines;
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new GitException("git log failed: " + e.getMessage());
        }
    }

    /**
     * Stages {@code paths} (all changes, deletions and new files included, when empty) and commits. Never signs: a
     * user's signing setup must not make an agent's commit fail or prompt for a passphrase.
     *
     * @return the new commit's short id and the committed paths
     */
    public CommitResult commit(String message, Collection<String> paths) throws GitException {
        return staging(true, () -> commitPaths(message, paths));
    }

    private CommitResult commitPaths(String message, Collection<String> paths) throws GitException {
        try {
            RepositoryState state = repo.getRepositoryState();
            if (!paths.isEmpty() && (state == RepositoryState.MERGING || state == RepositoryState.MERGING_RESOLVED)) {
                // git's own refusal: a merge commit holding only some paths would drop the rest of the merge
                throw new GitException("cannot do a partial commit during a merge. Commit without paths to conclude the merge.");
            }
            Status before = git.status().call(); // by size and time, as git does: only changed files are read below
            Map<String, DirCacheEntry> sparse = SparseIndex.skipWorktreeEntries(repo);
            Set<String> unpopulated = IndexChanges.unpopulatedSubmodules(repo, before);
            Set<String> missing = new TreeSet<>(before.getMissing());
            missing.removeAll(unpopulated);
            List<String> named = paths.stream().filter(p -> !unpopulated.contains(p)).toList();
            IndexChanges.stage(git, paths.isEmpty() ? IndexChanges.everyChange(before, missing) : named, missing);
            SparseIndex.keepEntries(repo, sparse);
            IntentToAdd.clear(repo, paths);
            Set<String> changed = IndexChanges.staged(repo);
            if (!paths.isEmpty()) {
                // Like "git commit PATHS": only these paths, other staged changes stay staged.
                changed.removeIf(f -> paths.stream().noneMatch(p -> f.equals(p) || f.startsWith(p + "/")));
            }
            if (changed.isEmpty()) {
                throw new GitException("Nothing to commit: no changes" + (paths.isEmpty() ? "" : " in " + paths) + ".");
            }
            PersonIdent who = identity();
            CommitCommand commit = commitCommand(message, who);
            if (!paths.isEmpty()) {
                changed.forEach(commit::setOnly);
            }
            RevCommit c = commit.call();
            return new CommitResult(c.getId().abbreviate(7).name(), List.copyOf(changed));
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new GitException("git commit failed: " + e.getMessage(), e);
        }
    }

    /** A commit that never signs and runs no hook (InertFS finds none either; this says so to JGit as well). */
    private CommitCommand commitCommand(String message, PersonIdent who) {
        return git.commit().setMessage(message).setSign(false).setNoVerify(true).setAuthor(who).setCommitter(who);
    }

    /**
     * One step that stages or commits. A filter the configuration marks required is not skipped silently: with
     * {@code strict} the step is refused, without it the skip is remembered and {@link #commitStaged} refuses.
     */
    <T> T staging(boolean strict, GitStep<T> step) throws GitException {
        InertFS fs = (InertFS) repo.getFS();
        fs.require(requiredCleanCommands(), strict);
        try {
            return step.run();
        } catch (GitException e) {
            InertFS.FilterSkippedException f = filterCause(e);
            if (f == null) {
                throw e;
            }
            throw requiredFilterRefusal(f.command());
        } finally {
            fs.require(Set.of(), false);
        }
    }

    private static GitException requiredFilterRefusal(String command) {
        return new GitException("Refused to commit: a changed file needs the git filter `" + command + "`, which the git config marks "
                + "required, and Fathom's git never runs filters (they are repository code). Ask the user to commit it with git.");
    }

    @FunctionalInterface
    interface GitStep<T> {
        T run() throws GitException;
    }

    private static InertFS.FilterSkippedException filterCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InertFS.FilterSkippedException f) {
                return f;
            }
        }
        return null;
    }

    /** {@code filter.<name>.clean} of every driver with {@code required = true}, cut at its {@code %f}. */
    private Set<String> requiredCleanCommands() {
        Config config = repo.getConfig();
        Set<String> out = new TreeSet<>();
        for (String driver : config.getSubsections("filter")) {
            String clean = config.getString("filter", driver, "clean");
            if (clean != null && !clean.isBlank() && config.getBoolean("filter", driver, "required", false)) {
                int f = clean.indexOf("%f");
                out.add(f < 0 ? clean : clean.substring(0, f));
            }
        }
        return out;
    }

    /**
     * A sentence for the model when this repository's filters were passed over (null when none was): files that use
     * them are compared as they are on disk, so an LFS file, say, can look changed.
     */
    public String skippedFilterNote() {
        List<String> skipped = ((InertFS) repo.getFS()).skippedFilters();
        return skipped.isEmpty() ? null : "Note: the repository's git filter `" + skipped.get(0) + "` was not run (Fathom's git runs no "
                + "repository code), so files that use it are compared as they are on disk and may show as changed.";
    }

    /** The configured user, or a neutral Fathom identity when none is configured (CI checkouts often have none). */
    private PersonIdent identity() {
        Config config = repo.getConfig();
        String name = config.getString("user", null, "name");
        String email = config.getString("user", null, "email");
        return new PersonIdent(name != null ? name : "Fathom", email != null ? email : "fathom@localhost");
    }

    /** The commit HEAD points at, or null in a repository without commits. */
    public ObjectId head() throws GitException {
        try {
            return repo.resolve(Constants.HEAD);
        } catch (IOException e) {
            throw new GitException("Cannot read HEAD: " + e.getMessage());
        }
    }

    /** The checked-out branch's short name, or null on a detached HEAD. */
    public String currentBranch() throws GitException {
        try {
            String full = repo.getFullBranch();
            return full != null && full.startsWith(Constants.R_HEADS) ? Repository.shortenRefName(full) : null;
        } catch (IOException e) {
            throw new GitException("Cannot read HEAD: " + e.getMessage());
        }
    }

    /** Creates {@code name} at HEAD and checks it out; the working tree and index stay as they are. */
    public void createBranch(String name) throws GitException {
        try {
            if (repo.findRef(Constants.R_HEADS + name) != null) {
                throw new GitException("Branch '" + name + "' already exists; choose another --branch name.");
            }
            git.checkout().setCreateBranch(true).setName(name).call();
        } catch (GitAPIException | IOException e) {
            throw new GitException("Cannot create branch '" + name + "': " + e.getMessage());
        }
    }

    /** JGit's porcelain on this repository, for the other classes of this package. */
    Git jgit() {
        return git;
    }

    /** Whether {@code path} exists in the tree of {@code commit}. */
    boolean existsAt(ObjectId commit, String path) throws IOException {
        try (org.eclipse.jgit.treewalk.TreeWalk w = org.eclipse.jgit.treewalk.TreeWalk.forPath(repo, path, repo.parseCommit(commit).getTree())) {
            return w != null;
        }
    }

    /** Commits what is staged, never signing; returns the new commit's id. */
    public ObjectId commitStaged(String message) throws GitException {
        String skipped = ((InertFS) repo.getFS()).requiredSkipped();
        if (skipped != null) {
            throw requiredFilterRefusal(skipped);
        }
        return staging(true, () -> {
            try {
                return commitCommand(message, identity()).call().getId();
            } catch (GitAPIException | RuntimeException e) {
                throw new GitException("git commit failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Pushes {@code branch} to {@code origin}. The token, when given, is sent as the password of an HTTPS login and
     * never appears in messages.
     */
    public void push(String branch, String token) throws GitException {
        try {
            org.eclipse.jgit.api.PushCommand push = git.push().setRemote("origin").add(Constants.R_HEADS + branch);
            if (token != null && !token.isEmpty()) {
                push.setCredentialsProvider(new org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider("x-access-token", token));
            }
            for (org.eclipse.jgit.transport.PushResult r : push.call()) {
                for (org.eclipse.jgit.transport.RemoteRefUpdate u : r.getRemoteUpdates()) {
                    if (u.getStatus() != org.eclipse.jgit.transport.RemoteRefUpdate.Status.OK
                            && u.getStatus() != org.eclipse.jgit.transport.RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new GitException("The push of " + branch + " was refused: " + u.getStatus()
                                + (u.getMessage() != null ? " (" + u.getMessage() + ")" : ""));
                    }
                }
            }
        } catch (GitAPIException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new GitException("Cannot push " + branch + " to origin: " + (token == null ? msg : msg.replace(token, "***")));
        }
    }

    public boolean isShallow() {
        return new File(repo.getDirectory(), "shallow").exists() || new File(repo.getCommonDirectory(), "shallow").exists();
    }

    /** A commit that was made. */
    public record CommitResult(String id, List<String> paths) {
    }

    @Override
    public void close() {
        git.close();
        repo.close();
    }
}
