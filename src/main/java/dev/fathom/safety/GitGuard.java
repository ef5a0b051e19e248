package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts back, after each sandboxed command, whatever the command changed of what the user's own git (outside the
 * sandbox) would run or read as settings, where read-only mounts cannot keep it still: a symlink on the way to a hook
 * (a mount cannot cover a symlink), a hook link whose target did not exist yet, a hook that shares its file with a
 * workspace file through a hard link, a {@code .git} symlink, a {@code .git} made in a workspace that is a folder of
 * a larger repository or in a submodule's empty folder (the user's next git there would use it), and a program a
 * setting names that did not exist yet. The state before the command ({@link GitSurface}) is the truth: a changed name
 * is moved aside to {@code NAME.fathom-blocked} (nothing is deleted) and the old one made again. Only names the
 * sandbox could write are touched: those under a writable folder and not under a read-only mount (a change there is
 * the user's), and never through a symlink that leads elsewhere.
 */
final class GitGuard {
    static final String ASIDE = ".fathom-blocked";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** How deep submodules of a repository a command made are checked; a deeper one is taken out. */
    private static final int MAX_NESTED = 4;
    /** Report lines past this are counted, not listed (a command can make thousands of names). */
    private static final int MAX_REPORTED = 40;

    /** What the sandbox could write, and how what is put back is reported. */
    private final GuardScope scope;
    private final Path given;
    private final List<Path> gitEntries;
    private final List<Path> globals;
    /** The workspace's own {@code .git} when the workspace lay in no repository at the start: a command may make one. */
    private final Path mayAppear;
    private Map<Path, GitSurface.State> before = Map.of();
    /** The hooks folders watched since the state was taken (a new name in one is put back). */
    private List<Path> folders = List.of();
    /**
     * In a workspace that had no repository, the {@code .git} names a command may make, with the repository each led
     * to when the state was taken: one new or made again must be inert, and is made so.
     */
    private Map<Path, Optional<InertRepository.Identity>> appearing = Map.of();
    /** Whether the workspace's top was itself a repository folder when the state was taken (see {@link #topIsRepository}). */
    private boolean topWasRepository;
    /** The {@code .git} names in the workspace's folders, looked for again at each capture and check. */
    private final GitEntryScan scan;
    /** The repositories (by real path) admitted during one check, so that each is checked once. */
    private final Set<Path> admitted = new java.util.HashSet<>();
    private int running;
    /** Whether a process left behind by a command was seen running since the state was last taken. */
    private boolean leftBehindSeen;

    /**
     * @param gitEntries the {@code .git} names {@link SandboxMounts#gitEntries} found (an enclosing repository's first)
     * @param writable the folders the sandbox may write: the workspace (when writable) and {@code sandbox_writable}
     * @param readOnly what is mounted read-only inside them ({@link SandboxMounts#protectedInWorkspace})
     * @param globals the user's own git config files ({@link GitDirLinks#globalConfigs})
     */
    GitGuard(Path workspace, List<Path> writable, List<Path> readOnly, List<Path> gitEntries, List<Path> globals) {
        this.scope = new GuardScope(workspace, writable, readOnly);
        this.given = workspace;
        this.gitEntries = List.copyOf(gitEntries);
        this.globals = List.copyOf(globals);
        Path own = workspace.resolve(".git");
        // no repository at the top or above it (repositories of the user's own in folders of it may be there)
        boolean topFree = gitEntries.stream().noneMatch(e -> e.equals(own) || !e.startsWith(workspace));
        this.mayAppear = topFree ? own : null;
        this.scan = new GitEntryScan(workspace);
    }

    /** Takes the state to keep, of what git would run or read now ({@link GitWatchList}). */
    private void capture() {
        // the repositories there now are watched like the user's: one a command made earlier was made inert when that
        // command ended, and one the user made since is the user's
        java.util.LinkedHashSet<Path> present = new java.util.LinkedHashSet<>(gitEntries);
        present.addAll(scan.entries());
        present.remove(mayAppear); // watched as one that may appear, below
        GitWatchList watched = GitWatchList.of(given, List.copyOf(present), globals, mayAppear);
        before = GitSurface.capture(watched.files(), watched.hooks());
        folders = watched.hooks();
        appearing = watched.appearing();
        topWasRepository = mayAppear != null && topIsRepository();
    }

    /**
     * Whether git, finding no {@code .git} in the workspace, takes the workspace's top itself for a repository folder
     * ({@code git init --bare .} makes one): it has {@code HEAD}, {@code objects/} and {@code refs/}.
     */
    private boolean topIsRepository() {
        return Files.exists(given.resolve("HEAD"), NOFOLLOW) && Files.isDirectory(given.resolve("objects"))
                && Files.isDirectory(given.resolve("refs"));
    }

    /**
     * Called as a command starts. The state to keep is taken now, unless another command is still running or a
     * process an earlier one left behind ran since the last check (either may have changed it meanwhile; then the
     * state last kept or put back stays the truth, and this command's end puts back what differs). Changes made while
     * nothing of the sandbox ran are the user's, and are kept.
     */
    synchronized void commandStarting(boolean leftBehind) {
        if (running++ == 0 && !leftBehind && !leftBehindSeen) {
            capture();
        }
        leftBehindSeen = leftBehind;
    }

    /**
     * Called once a command has ended, with whether a process it (or an earlier one) left behind still runs: puts
     * back what changed; one line per name put back (empty: nothing changed).
     */
    synchronized List<String> commandEnded(boolean leftBehind) {
        running = Math.max(0, running - 1);
        leftBehindSeen |= leftBehind;
        return putBack();
    }

    /** Whether a command is running, or a process one left behind ran since the state was taken. */
    synchronized boolean unsettled() {
        return running > 0 || leftBehindSeen;
    }

    /**
     * Puts back what changed since the state kept, whatever runs; for the session's end. The names traced first,
     * folders on the way before what they hold, so that links are as they were before any folder is listed again; then
     * names new in a hooks folder.
     */
    synchronized List<String> putBack() {
        List<String> out = new ArrayList<>();
        try {
            putBack(out);
        } catch (RuntimeException e) {
            // the state kept stays the truth: the next command's start must not take what is there now for it
            leftBehindSeen = true;
            out.add("Fathom could not finish its check (" + e + "): look at the repository's hooks and settings before you run git here");
        }
        if (out.size() > MAX_REPORTED) {
            int more = out.size() - MAX_REPORTED;
            out.subList(MAX_REPORTED, out.size()).clear();
            out.add("and " + more + " more names, each put back or taken out the same way");
        }
        return out;
    }

    private void putBack(List<String> out) {
        admitted.clear();
        List<Path> order = new ArrayList<>(before.keySet());
        order.sort(Comparator.comparingInt(Path::getNameCount));
        List<Path> replaced = new ArrayList<>();
        for (Path p : order) {
            if (replaced.stream().anyMatch(p::startsWith)) {
                continue; // what a .git that is gone or new held: nothing of it is there for git to run
            }
            GitSurface.State was = before.get(p);
            Optional<InertRepository.Identity> wasRepository = appearing.get(p);
            Optional<InertRepository.Identity> nowRepository = wasRepository == null ? null : InertRepository.identity(p);
            if (wasRepository == null || wasRepository.equals(nowRepository)) {
                check(p, was, out);
            } else {
                if (nowRepository.isPresent()) {
                    admit(p, 0, out); // a new repository, or one made again (another folder, a gitdir file where a folder was)
                } // else a repository made in this session and removed again: nothing there runs
                replaced.add(p);
                wasRepository.ifPresent(old -> replaced.add(old.folder())); // what the old one held is not put back
            }
        }
        // a repository a command made in a folder: the user's git runs there when they go into it (a prompt that shows
        // the branch runs git status), or, below a repository made at the top, once git add -A makes it a gitlink; those
        // there when the state was taken are compared with it instead
        int depth = mayAppear != null && InertRepository.folder(mayAppear).isPresent() ? 1 : 0;
        for (Path entry : scan.entries()) {
            if (!appearing.containsKey(entry) && !before.containsKey(entry) && replaced.stream().noneMatch(entry::startsWith)) {
                admit(entry, depth, out);
            }
        }
        if (mayAppear != null && !topWasRepository && topIsRepository()) {
            // git would take the workspace for a repository and run its settings and hooks; without HEAD it does not
            Path head = given.resolve("HEAD");
            takeOut(head, GitSurface.read(head), "the command made the workspace itself a repository folder", out);
        }
        Map<Path, GitSurface.State> added = new LinkedHashMap<>();
        for (Path folder : folders) {
            List<Path> names = GitSurface.entries(folder);
            if (names.size() > GitSurface.MAX_LISTED) {
                // more names than are listed: a hook may hide past the end, and git runs it by its name
                GitSurface.State now = GitSurface.read(folder);
                if (scope.couldWrite(folder, now)) {
                    out.add(scope.restore(folder, new GitSurface.Folder(), now, "more than " + GitSurface.MAX_LISTED + " names", GuardScope.Step.PUT_BACK));
                }
                continue;
            }
            for (Path entry : names) {
                // git runs a hook by its exact name, so one kept aside (by this check or an earlier one) runs never
                if (!before.containsKey(entry) && !entry.getFileName().toString().contains(ASIDE)) {
                    added.put(entry, new GitSurface.Missing()); // a new hook, or a new name in a hooks path
                }
            }
        }
        added.forEach((p, was) -> check(p, was, out));
        if (mayAppear != null && appearing.getOrDefault(mayAppear, Optional.empty()).isPresent()
                && appearing.get(mayAppear).equals(InertRepository.identity(mayAppear))) {
            // the repository an earlier command made: a repository git looks into from it may have been added since
            InertRepository.folder(mayAppear).ifPresent(repo -> nested(mayAppear, repo, 0, out));
        }
    }

    /**
     * A {@code .git} a command made where there was none, in a workspace that lay in no repository: it stays (making
     * a repository is a common task), with whatever of it the user's git would run taken out, and the same for each
     * repository git would look into from it (its submodules, at any depth up to {@link #MAX_NESTED}).
     */
    private void admit(Path entry, int depth, List<String> out) {
        GitSurface.State now = GitSurface.read(entry);
        Optional<Path> repo = InertRepository.folder(entry);
        if (repo.isEmpty()) {
            return; // git finds no repository there
        }
        if (depth > MAX_NESTED) {
            takeOut(entry, now, "a repository nested deeper than Fathom checks", out);
            return;
        }
        if (!admitted.add(realPath(repo.get()))) {
            return; // checked already in this check, through another name
        }
        apply(InertRepository.expected(repo.get(), entry.getParent()), out);
        nested(entry, repo.get(), depth, out);
        for (Path kept : InertRepository.kept(repo.get())) {
            if (kept.getParent().getFileName().toString().equals("worktrees") && kept.getParent().getParent().equals(repo.get())) {
                apply(InertRepository.linkedWorktree(kept, repo.get()), out);
            } else if (admitted.add(realPath(kept))) {
                apply(InertRepository.expected(kept, null), out); // a module no work tree leads to now
            }
        }
    }

    /** Makes each name what it must be to be inert, where it is not and the sandbox could have made it so. */
    private void apply(Map<Path, InertRepository.Inert> expected, List<String> out) {
        expected.forEach((p, inert) -> {
            GitSurface.State state = GitSurface.read(p);
            if (!inert.state().equals(state) && scope.couldWrite(p, state)) {
                out.add(scope.restore(p, inert.state(), state, inert.why() + ", in a repository the command made", GuardScope.Step.TAKEN_OUT));
            }
        });
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /**
     * Admits each repository git would look into from the one at {@code repo} (found by its {@code .git} name
     * {@code entry}) that was not there when the state was taken; when which ones is unknown (an index Fathom cannot
     * read), the repository itself is taken out.
     */
    private void nested(Path entry, Path repo, int depth, List<String> out) {
        Optional<List<Path>> subs = Submodules.of(repo, entry.getParent());
        if (subs.isEmpty()) {
            takeOut(entry, GitSurface.read(entry), "a repository whose index Fathom cannot read (which repositories git would "
                    + "look into from it is unknown)", out);
            return;
        }
        for (Path sub : subs.get()) {
            if (!before.containsKey(sub)) {
                admit(sub, depth + 1, out);
            } else if (depth < MAX_NESTED) {
                // known when the state was taken, so compared with it; what git looks into from it may be new
                InertRepository.folder(sub).ifPresent(r -> nested(sub, r, depth + 1, out));
            }
        }
    }

    private void takeOut(Path entry, GitSurface.State now, String why, List<String> out) {
        if (scope.couldWrite(entry, now)) {
            out.add(scope.restore(entry, new GitSurface.Missing(), now, why, GuardScope.Step.TAKEN_OUT));
        }
    }

    private void check(Path p, GitSurface.State was, List<String> out) {
        GitSurface.State now = GitSurface.read(p);
        if (!was.equals(now) && scope.couldWrite(p, now)) {
            out.add(scope.restore(p, was, now, GuardScope.change(was, now), GuardScope.Step.PUT_BACK));
        }
    }
}
