package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Ways around {@link GitGuard} and false alarms found by an outside review (session 30), each in real bubblewrap
 * followed by a real git command outside the sandbox; each failed before its fix. A planted program creates
 * {@code pwned} in the workspace when it runs.
 */
class GitGuardEvasionTest extends SandboxedWorkspace {
    static final String HOOK = "printf '#!/bin/sh\\ntouch \"%2$s\"\\n' > %1$s && chmod +x %1$s; echo planted=$?";

    void closeSandbox() {
        sandbox.close();
        sandbox = null;
    }

    static void git(Path dir, String... args) throws Exception {
        SandboxGitLinkTest.git(dir, args);
    }

    void userCommits() throws Exception {
        git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "user");
    }

    static List<String> asideIn(Path folder) throws IOException {
        try (Stream<Path> names = Files.walk(folder)) {
            return names.map(p -> folder.relativize(p).toString()).filter(n -> n.contains(GitGuard.ASIDE)).sorted().toList();
        }
    }

    /**
     * A command can write a request straight into the supervisor's stdin (/proc/SUPERVISOR/fd/3 is a pipe, and the
     * sandbox user owns the supervisor): the process the supervisor then starts is a child of a supervisor subshell,
     * not of the namespace's init, so {@link SandboxSession#leftBehind()} never counts it. It plants the hook after the
     * command's check; the next command's start takes the planted hook as the user's state, and the session's end
     * checks nothing.
     */
    @Test
    void aProcessStartedThroughTheSupervisorsOwnPipeIsNotSeenAsLeftBehind() throws Exception {
        git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        String payload = "until [ -e go ]; do sleep 0.05; done; " + HOOK.formatted("scripts/pre-commit", "pwned");
        // the command's parent is the supervisor's subshell for it, whose parent is the supervisor
        String out = run("sup=$(cut -d' ' -f4 /proc/$PPID/stat); printf 'run\\0%s\\0/dev/null\\0%s\\0' 99999 '"
                + payload.replace("'", "'\\''") + "' > /proc/$sup/fd/3; echo injected=$?");
        assertThat(out).contains("injected=0");
        Files.writeString(ws.resolve("go"), "");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.isExecutable(ws.resolve("scripts/pre-commit"))))
                .as("the injected process planted the hook").isTrue();
        String second = run("echo second");
        closeSandbox();
        userCommits();
        assertThat(ws.resolve("pwned")).as("the hook planted by the unseen process ran outside the sandbox: " + out + second).doesNotExist();
    }

    /** A superproject whose submodule {@code sub} is registered but not checked out (a clone without --recursive). */
    void superprojectWithAnEmptySubmodule() throws Exception {
        Path lib = tmp.resolve("lib");
        git(tmp, "init", "-q", "lib");
        git(lib, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "lib");
        Process p = new ProcessBuilder("git", "-C", lib.toString(), "rev-parse", "HEAD").start();
        String sha = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();
        git(ws, "init", "-q");
        Files.writeString(ws.resolve(".gitmodules"), "[submodule \"sub\"]\n\tpath = sub\n\turl = ../lib\n");
        git(ws, "add", ".gitmodules");
        git(ws, "update-index", "--add", "--cacheinfo", "160000," + sha + ",sub");
        git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "with a submodule");
        Files.createDirectories(ws.resolve("sub"));
    }

    /**
     * The user's {@code git status} in the superproject runs {@code git status} inside every checked-out submodule,
     * and that git reads the submodule's own config. A submodule folder that was empty at the start has no .git to
     * mount read-only or to watch; a repository the command makes there, with a {@code core.fsmonitor}, runs at the
     * user's next git status (or shell prompt) in the top folder, not only in the subfolder.
     */
    @Test
    void aRepositoryMadeInAnEmptySubmoduleFolderRunsAtTheUsersStatusInTheTopFolder() throws Exception {
        superprojectWithAnEmptySubmodule();
        Path monitor = ws.resolve("sub/.git/fsmonitor");
        String out = run("git init -q sub && " + HOOK.formatted("sub/.git/fsmonitor", ws.resolve("pwned"))
                + " && git -C sub config core.fsmonitor " + monitor + "; echo config=$?");
        assertThat(out).contains("config=0");
        closeSandbox();
        git(ws, "status", "--porcelain");
        assertThat(ws.resolve("pwned")).as("the submodule's fsmonitor ran at the user's git status in the top folder: " + out).doesNotExist();
    }

    /**
     * False alarm: an initialised submodule's {@code .git} is a {@code gitdir: ../.git/modules/sub} file, so the
     * hooks folder GitGuard lists is {@code sub/../.git/modules/sub/hooks}, a path it never normalises, while the
     * state it took is keyed by real paths. Every hook there (git's samples, and the user's own) is then "new" and is
     * moved aside when a command that touches nothing ends.
     */
    @Test
    void aCommandThatTouchesNothingLeavesAnInitialisedSubmodulesHooksAlone() throws Exception {
        git(tmp, "init", "-q", "lib");
        git(tmp.resolve("lib"), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "lib");
        git(ws, "init", "-q");
        git(ws, "-c", "protocol.file.allow=always", "submodule", "add", "-q", tmp.resolve("lib").toString(), "sub");
        Path hooks = ws.resolve(".git/modules/sub/hooks");
        assertThat(hooks.resolve("pre-commit.sample")).exists();
        String out = run("echo hello");
        assertThat(out).isEqualTo("hello\n");
        assertThat(asideIn(hooks)).isEmpty();
    }

    /**
     * False alarm: a workspace reached through a symlink (a projects folder linked from another disk). The state is
     * keyed by real paths, the hooks folder's listing by the path as given, so every hook is "new" at each command's
     * end and is moved aside: the user's own pre-commit hook stops running.
     */
    @Test
    void aWorkspaceReachedThroughASymlinkKeepsTheUsersHooks() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("disk/projects"));
        Files.createSymbolicLink(tmp.resolve("projects"), real);
        Files.delete(ws);
        Files.createDirectories(real.resolve("app"));
        ws = tmp.resolve("projects/app");
        git(ws, "init", "-q");
        Files.writeString(ws.resolve(".git/hooks/pre-commit"), "#!/bin/sh\ntouch user-hook-ran\n");
        ws.resolve(".git/hooks/pre-commit").toFile().setExecutable(true);
        String out = run("echo hello");
        assertThat(out).isEqualTo("hello\n");
        assertThat(asideIn(ws.resolve(".git/hooks"))).isEmpty();
        closeSandbox();
        userCommits();
        assertThat(ws.resolve("user-hook-ran")).as("the user's own hook still runs").exists();
    }

    /**
     * GitGuard's put-back can rename a file outside everything the sandbox may write. {@code .git/hooks} links to
     * {@code a/b/c/cur/hooks}, and {@code a/b/c/cur} is a symlink (a versioned tools folder). The command re-points
     * {@code cur} so that {@code .git/hooks} leads to a folder outside the sandbox. Names are put back shallowest
     * first, and the listed hook names ({@code .git/hooks/NAME}) are shallower than {@code a/b/c/cur}: each file of the
     * outside folder is "a new hook" and is renamed to NAME.fathom-blocked before the link is put back.
     */
    @Test
    void thePutBackNeverRenamesAFileOutsideTheWorkspace() throws Exception {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("notes.txt"), "the user's notes\n");
        git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("a/b/c/v1/hooks"));
        Files.createSymbolicLink(ws.resolve("a/b/c/cur"), Path.of("v1"));
        try (Stream<Path> samples = Files.list(ws.resolve(".git/hooks"))) {
            for (Path p : samples.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(ws.resolve(".git/hooks"));
        Files.createSymbolicLink(ws.resolve(".git/hooks"), Path.of("../a/b/c/cur/hooks"));
        String out = run("mkdir evil && ln -s " + victim + " evil/hooks && rm a/b/c/cur && ln -s ../../../evil a/b/c/cur; echo swapped=$?");
        assertThat(out).contains("swapped=0");
        assertThat(victim.resolve("notes.txt")).as(out).hasContent("the user's notes");
        assertThat(asideIn(victim)).as(out).isEmpty();
    }

    /**
     * A clean filter (or textconv, diff or merge driver) configured with a path relative to the work tree: git runs it
     * from the top of the work tree for a plain {@code git status} when a file's stat data changed. Nothing mounts or
     * watches it (only {@code core.hooksPath}, {@code include.path} and {@code core.fsmonitor} are followed).
     */
    @Test
    void aCleanFilterProgramInTheWorkspaceIsReadOnly() throws Exception {
        git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("scripts"));
        Files.writeString(ws.resolve("scripts/clean.sh"), "#!/bin/sh\ncat\n");
        ws.resolve("scripts/clean.sh").toFile().setExecutable(true);
        git(ws, "config", "filter.strip.clean", "scripts/clean.sh");
        Files.writeString(ws.resolve(".gitattributes"), "*.dat filter=strip\n");
        Files.writeString(ws.resolve("data.dat"), "hello\n");
        git(ws, "add", "-A");
        git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "data");
        String out = run("printf '#!/bin/sh\\ntouch pwned\\ncat\\n' > scripts/clean.sh; echo planted=$?; touch -d '2001-01-01' data.dat");
        closeSandbox();
        git(ws, "status", "--porcelain");
        assertThat(ws.resolve("pwned")).as("the planted clean filter ran at the user's git status: " + out).doesNotExist();
    }

    /**
     * GitGuard fails open: it looks for a free aside name among {@code NAME.fathom-blocked}, {@code -2} ... {@code -99}
     * only, and when none is free it leaves the planted file where it is ("could not put it back"). The command makes
     * the 99 names first, in a folder it may write.
     */
    @Test
    void aPlantedHookIsPutBackEvenWhenEveryAsideNameIsTaken() throws Exception {
        git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        String out = run("for n in '' $(seq -f -%g 2 99); do touch scripts/pre-commit.fathom-blocked$n; done; "
                + HOOK.formatted("scripts/pre-commit", "pwned"));
        assertThat(out).contains("planted=0");
        closeSandbox();
        userCommits();
        assertThat(ws.resolve("pwned")).as("the planted hook ran outside the sandbox: " + out).doesNotExist();
    }

    /**
     * GitGuard fails open when the folder is not writable to it: the command takes the write permission off the
     * folder that holds the planted hook, so the rename aside fails. As root (who ignores permissions) the put-back
     * works and this passes; run as the ordinary user Fathom is meant to run as, it fails.
     */
    @Test
    void aPlantedHookIsPutBackEvenWhenTheCommandTookAwayTheFoldersWritePermission() throws Exception {
        git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        String out = run(HOOK.formatted("scripts/pre-commit", "pwned") + "; chmod a-w scripts; echo chmod=$?");
        assertThat(out).contains("planted=0").contains("chmod=0");
        closeSandbox();
        userCommits();
        assertThat(ws.resolve("pwned")).as("the planted hook ran outside the sandbox: " + out).doesNotExist();
    }

    /**
     * False alarm: while a process a command left running lives (a dev server, a watcher), GitGuard keeps its old state
     * and puts back every change, the user's too. That is needed for names no mount holds still, but it also covers
     * {@code .git/config} and {@code .git/hooks}, which are mounted read-only: no sandboxed process can have changed
     * them, so a {@code git push -u} or {@code git config} the user runs in another terminal is undone (moved to
     * {@code config.fathom-blocked}) at the next command's end.
     */
    @Test
    void theUsersOwnGitConfigChangeIsKeptWhileADevServerRuns() throws Exception {
        git(ws, "init", "-q");
        String first = run("(while :; do sleep 1; done) >/dev/null 2>&1 & echo server started");
        assertThat(first).isEqualTo("server started\n");
        git(ws, "config", "branch.main.remote", "origin"); // what git push -u writes, in the user's terminal
        String second = run("echo hello");
        assertThat(second).isEqualTo("hello\n");
        assertThat(ws.resolve(".git/config")).content().contains("remote = origin");
    }

    /** A process that never keeps a pid: it forks and its parent exits, over and over; on {@code go} it plants and ends. */
    static final String HOPPER = """
            #include <fcntl.h>
            #include <sys/stat.h>
            #include <unistd.h>
            int main(void) {
                if (fork()) _exit(0);
                for (;;) {
                    if (access("go", F_OK) == 0) {
                        int fd = open("scripts/pre-commit", O_WRONLY | O_CREAT | O_TRUNC, 0755);
                        write(fd, "#!/bin/sh\\ntouch pwned\\n", 22);
                        close(fd);
                        close(open("planted", O_WRONLY | O_CREAT, 0644));
                        _exit(0);
                    }
                    if (fork() > 0) _exit(0);
                }
            }
            """;

    /**
     * {@link SandboxSession#leftBehind()} reads the process tree from /proc one process at a time; a left-behind
     * process that forks and lets its parent exit in a loop is gone from the pid it was listed under before its entry
     * is read, and its new pid was not listed yet: here it is missed about half the time. When the check at a command's
     * end misses it, it plants afterwards and ends; the next command's start takes the planted hook as the user's
     * state. The attack repeats until one check misses (every attempt that is seen is put back and reported).
     */
    @Test
    void aLeftBehindProcessThatKeepsChangingItsPidIsStillSeen() throws Exception {
        git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        String build = run("gcc -O2 -x c -o hop - <<'EOF'\n" + HOPPER + "EOF\necho built=$?");
        assertThat(build).contains("built=0");
        StringBuilder reports = new StringBuilder();
        for (int attempt = 0; attempt < 25; attempt++) {
            Files.deleteIfExists(ws.resolve("go"));
            Files.deleteIfExists(ws.resolve("planted"));
            assertThat(run("./hop; echo started=$?")).contains("started=0");
            Files.writeString(ws.resolve("go"), "");
            assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.exists(ws.resolve("planted")))).as("the hopper planted").isTrue();
            String check = run("echo check");
            reports.append(check);
            if (!check.contains("[fathom]")) {
                break; // the planted hook was taken as the state before this command
            }
        }
        closeSandbox();
        userCommits();
        assertThat(ws.resolve("pwned")).as("the hook planted by the unseen process ran outside the sandbox: " + reports).doesNotExist();
    }

    /**
     * Kept behaviour: in a workspace that is a folder of a larger repository, a {@code .git} FILE the command writes
     * ({@code gitdir:} pointing at a repository it made, with a hook) is moved aside like a {@code .git} folder, so the
     * user's next commit in that folder still uses the enclosing repository and runs no planted hook.
     */
    @Test
    void aGitdirPointerFilePlantedInASubfolderWorkspaceIsPutBack() throws Exception {
        Path top = tmp.resolve("top");
        git(tmp, "init", "-q", "top");
        Files.delete(ws);
        ws = Files.createDirectories(top.resolve("pkg"));
        String out = run("git init -q .evil && " + HOOK.formatted(".evil/.git/hooks/pre-commit", "pwned")
                + " && printf 'gitdir: .evil/.git\\n' > .git; echo pointer=$?");
        assertThat(out).contains("pointer=0").contains("- .git: a file where there was nothing, put back");
        assertThat(ws.resolve(".git")).doesNotExist();
        closeSandbox();
        git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "user");
        assertThat(ws.resolve("pwned")).as("the planted hook ran outside the sandbox: " + out).doesNotExist();
    }

    /**
     * A relative {@code core.hooksPath} in the user's global config (a team convention: every repository's
     * {@code .githooks} runs) names a folder of the workspace: it is read-only like the repository's own.
     */
    @Test
    void aHooksPathFromTheUsersGlobalConfigIsReadOnly() throws Exception {
        Files.writeString(home.resolve(".gitconfig"), "[core]\n\thooksPath = .githooks\n");
        git(ws, "init", "-q");
        Files.createDirectories(ws.resolve(".githooks"));
        Files.writeString(ws.resolve(".githooks/pre-commit"), "#!/bin/sh\nexit 0\n");
        ws.resolve(".githooks/pre-commit").toFile().setExecutable(true);
        String out = run(HOOK.formatted(".githooks/pre-commit", "pwned"));
        assertThat(out).as("the folder is mounted read-only").contains("Read-only file system").contains("planted=1");
        closeSandbox();
        ProcessBuilder commit = new ProcessBuilder("git", "-C", ws.toString(), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q",
                "--allow-empty", "-m", "user").redirectErrorStream(true);
        commit.environment().put("HOME", home.toString()); // the user's own git, with the user's global config
        commit.environment().remove("XDG_CONFIG_HOME");
        commit.environment().remove("GIT_CONFIG_GLOBAL");
        Process p = commit.start();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(said).isZero();
        assertThat(ws.resolve("pwned")).as("the hook planted in the global hooks path ran outside the sandbox: " + out).doesNotExist();
    }
}
