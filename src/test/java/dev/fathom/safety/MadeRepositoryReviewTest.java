package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An outside review (session 31) of what stays of a repository a sandboxed command makes in a workspace that lay in no
 * repository ({@link InertRepository}, {@link GitGuard#putBack}). Each attack runs in real bubblewrap and is followed
 * by the user's real git outside the sandbox; a planted program leaves a {@code pwned*} file in the workspace when it
 * runs. The last tests are false alarms: an honest workflow the guard reports or takes apart.
 */
class MadeRepositoryReviewTest extends SandboxedWorkspace {
    /** Writes an executable {@code mon.sh} that leaves {@code pwned-monitor} in the workspace when run. */
    static final String MONITOR = "printf '#!/bin/sh\\ntouch \"%s/pwned-monitor\"\\n' \"$PWD\" > mon.sh && chmod +x mon.sh";
    static final String ID = "-c user.name=m -c user.email=m@m";

    /** A shell step that writes an executable hook at {@code path} leaving {@code pwned-NAME} in the workspace. */
    static String hook(String path, String name) {
        return "printf '#!/bin/sh\\ntouch \"%s/pwned-" + name + "\"\\n' \"$PWD\" > '" + path + "' && chmod +x '" + path + "'";
    }

    @BeforeEach
    void noRepositoryYet() {
        assertThat(SandboxMounts.gitEntries(ws)).as("the workspace lies in no repository").isEmpty();
    }

    /** No planted program ran (no {@code pwned*} file), and the command that planted it got to its end. */
    void assertNothingRan(String out) throws IOException {
        assertNoPlantedProgramRan(out);
        assertThat(out).as("the attack's setup ran to its end").contains("made\n");
    }

    /**
     * {@code core.worktree} is on the plain list, but it moves the work tree: git status (run in the workspace, outside
     * the new work tree, it still works) looks into the gitlink {@code sub} at {@code inner/sub}, while the guard
     * resolves gitlinks against the folder that holds {@code .git} and looks for {@code sub/.git}, which is not there.
     */
    @Test
    void coreWorktreeSendsGitStatusIntoASubmoduleTheGuardLooksForElsewhere() throws Exception {
        String out = run("git init -q && mkdir inner && git init -q inner/sub && git -C inner/sub " + ID + " commit -q --allow-empty -m x && "
                + MONITOR + " && git -C inner/sub config core.fsmonitor \"$PWD/mon.sh\" && git config core.worktree ../inner && "
                + "(cd inner && git add sub 2>/dev/null); echo made");

        Files.writeString(ws.resolve("inner/sub/changed.txt"), "x");
        userGit(ws, "status");
        assertNothingRan(out);
    }

    /**
     * A submodule's repository lives in {@code .git/modules/NAME}; the guard finds it only through the work tree's
     * {@code NAME/.git} file. After {@code git submodule deinit} that file is gone but the repository stays, and the
     * user's {@code git submodule update --init} reuses it as it is and checks out in it: its post-checkout hook runs.
     */
    @Test
    void aSubmoduleRepositoryLeftInGitModulesRunsItsHookAtTheUsersSubmoduleUpdate() throws Exception {
        String out = run("git init -q && git init -q up && git -C up " + ID + " commit -q --allow-empty -m x && "
                + "git -c protocol.file.allow=always submodule add -q ./up s && git " + ID + " commit -qm add && "
                + hook(".git/modules/s/hooks/post-checkout", "checkout") + " && git submodule deinit -q -f s; echo made");

        userGit(ws, "submodule", "update", "--init");
        assertNothingRan(out);
    }

    /**
     * {@code remote.*.url} is on the plain list, and a local path is a URL: the user's {@code git push} runs
     * {@code receive-pack} in that repository, which runs its {@code pre-receive} hook. The repository is a plain
     * folder of the workspace, so the guard never looks at it.
     */
    @Test
    void aRemoteThatIsARepositoryOfTheWorkspaceRunsItsHookAtTheUsersPush() throws Exception {
        String out = run("git init -q && git " + ID + " commit -q --allow-empty -m x && git init -q --bare .cache/origin.git && "
                + hook(".cache/origin.git/hooks/pre-receive", "receive") + " && git remote add origin \"$PWD/.cache/origin.git\"; echo made");

        userGit(ws, "push", "-q", "origin", "HEAD:refs/heads/main");
        assertNothingRan(out);
    }

    /**
     * A repository the command leaves untracked in a folder of the one it made is no gitlink yet, so the guard does
     * not clean it; the user's {@code git add -A} makes it one (git only warns), and the next {@code git status} runs a
     * status in it, which runs its fsmonitor.
     */
    @Test
    void anEmbeddedRepositoryTheUserAddsRunsItsMonitorAtTheNextStatus() throws Exception {
        String out = run("git init -q && git init -q tool && git -C tool " + ID + " commit -q --allow-empty -m x && " + MONITOR
                + " && git -C tool config core.fsmonitor \"$PWD/mon.sh\"; echo made");

        userGit(ws, "add", "-A");
        userGit(ws, "commit", "-q", "-m", "everything the model made");
        Files.writeString(ws.resolve("tool/changed.txt"), "x");
        userGit(ws, "status");
        assertNothingRan(out);
    }

    /**
     * {@code git worktree add} inside the workspace, with {@code extensions.worktreeConfig} (on the plain list): the
     * linked worktree reads {@code .git/worktrees/wt/config.worktree}, which the guard never cleans (it cleans only the
     * main repository's). The user's git status in that worktree runs the fsmonitor set there.
     */
    @Test
    void aLinkedWorktreesOwnConfigRunsItsMonitorInThatWorktree() throws Exception {
        String out = run("git init -q && echo a > a && git add a && git " + ID + " commit -q -m x && git worktree add -q wt 2>/dev/null && "
                + "git config extensions.worktreeConfig true && " + MONITOR
                + " && git -C wt config --worktree core.fsmonitor \"$PWD/mon.sh\"; echo made");

        Files.writeString(ws.resolve("wt/a"), "changed\n");
        userGit(ws.resolve("wt"), "status");
        assertNothingRan(out);
    }

    /**
     * git reads a {@code .git} file's path as everything after {@code "gitdir: "} with only line ends trimmed, so
     * {@code "gitdir: r \n"} names the folder {@code "r "}; a reader that stripped all whitespace (before
     * {@link GitPointerFiles}) cleaned {@code r} instead. The user's git commit runs the pre-commit hook of {@code "r "}.
     */
    @Test
    void aGitdirWithATrailingSpaceLeadsGitToARepositoryTheGuardDidNotClean() throws Exception {
        String out = run("git init -q && mv .git 'r ' && cp -a 'r ' r && printf 'gitdir: r \\n' > .git && "
                + hook("r /hooks/pre-commit", "hook") + "; echo made");

        Files.writeString(ws.resolve("a.txt"), "the user's work\n");
        userGit(ws, "add", "a.txt");
        userGit(ws, "commit", "-q", "-m", "user");
        assertNothingRan(out);
    }

    /**
     * A {@code .git} file padded with 100,000 line ends after its {@code gitdir: r}: git reads files up to a megabyte
     * and trims every line end at the end, so it uses {@code r}. It is checked like any made repository: it stays, with
     * its hook taken out. (Session 32: a reader that gave up at 64 KB found no repository there, so the whole
     * {@code .git} was moved aside, which failed closed but took the repository apart.)
     */
    @Test
    void aGitdirFilePaddedWithLineEndsStaysWithItsHookTakenOut() throws Exception {
        String out = run("git init -q && mv .git r && { printf 'gitdir: r'; head -c 100000 /dev/zero | tr '\\0' '\\n'; } > .git && "
                + hook("r/hooks/pre-commit", "hook") + "; echo made");

        Files.writeString(ws.resolve("a.txt"), "the user's work\n");
        userGit(ws, "add", "a.txt");
        userGit(ws, "commit", "-q", "-m", "user");
        assertNothingRan(out);
        assertThat(ws.resolve(".git")).as("the repository stays").isRegularFile();
        assertThat(ws.resolve("r/hooks/pre-commit")).as("its hook is taken out").doesNotExist();
    }

    /**
     * A {@code .git} symlink to a file that says {@code gitdir: evil}: git follows the link (stat, not lstat) and reads
     * the file, so it finds the repository {@code evil}; {@link InertRepository#folder} looks at the link itself as a
     * file (no) and through it as a folder (no) and concludes git finds no repository there, so nothing is cleaned.
     */
    @Test
    void aGitSymlinkToAGitdirFileLeadsGitToARepositoryTheGuardNeverLooksAt() throws Exception {
        String out = run("git init -q && mv .git evil && printf 'gitdir: evil\\n' > pointer && ln -s pointer .git && "
                + hook("evil/hooks/pre-commit", "hook") + "; echo made");

        Files.writeString(ws.resolve("a.txt"), "the user's work\n");
        userGit(ws, "add", "a.txt");
        userGit(ws, "commit", "-q", "-m", "user");
        assertNothingRan(out);
    }

    /**
     * {@link GitSurface#entries} stops listing a folder at 10,000 names, and {@link InertRepository#expected} checks only
     * the hooks it listed. A pre-commit hook that the folder's order (ext4 hashes names) puts after 10,000 padding files
     * is never looked at, and git runs it by its exact name. The command adds padding until that is so.
     */
    @Test
    void aHookListedAfterTenThousandOtherNamesIsNeverLookedAt() throws Exception {
        String out = run("git init -q && " + hook(".git/hooks/pre-commit", "hook") + " && cd .git/hooks && n=0 && "
                + "while ls -U | head -n 10000 | grep -qx pre-commit && [ $n -lt 200000 ]; do "
                + "seq $n $((n + 999)) | sed 's/^/pad-/' | xargs touch; n=$((n + 1000)); done; cd ../..; echo made");

        Files.writeString(ws.resolve("a.txt"), "the user's work\n");
        userGit(ws, "add", "a.txt");
        userGit(ws, "commit", "-q", "-m", "user");
        assertNothingRan(out);
    }

    /**
     * A first command leaves a {@code .git} file whose {@code gitdir:} leads nowhere yet: git finds no repository, so
     * nothing is checked, and at the next command's start that file is the state kept. The second command makes the
     * folder it names, with a hook: {@code .git} itself is unchanged, and an existing {@code .git} is only searched for
     * new submodules ({@code nested}), never admitted, so the made repository's own hooks are never looked at.
     */
    @Test
    void aDanglingGitdirFileFilledInByALaterCommandIsNeverCleaned() throws Exception {
        // the guard now moves a .git that leads nowhere aside at once; the attack goes on as if it had stayed
        assertThat(run("printf 'gitdir: r\\n' > .git; echo first")).startsWith("first\n");
        Files.writeString(ws.resolve(".git"), "gitdir: r\n");

        String out = run("git init -q r0 && mv r0/.git r && rmdir r0 && git config core.bare false && "
                + hook("r/hooks/pre-commit", "hook") + "; echo made");

        Files.writeString(ws.resolve("a.txt"), "the user's work\n");
        userGit(ws, "add", "a.txt");
        userGit(ws, "commit", "-q", "-m", "user");
        assertNothingRan(out);
    }

    /**
     * git's discovery, finding no {@code .git}, checks whether the folder itself is a repository folder ({@code HEAD},
     * {@code objects/}, {@code refs/}); with {@code core.worktree} in its config it gets a work tree too. So the
     * workspace's own top can be the repository: {@code git init --bare .} there. The guard only watches the name
     * {@code .git}, so the fsmonitor that config names runs at the user's git status in the workspace (or any folder
     * of it).
     */
    @Test
    void theWorkspaceItselfMadeARepositoryFolderRunsItsMonitorAtTheUsersStatus() throws Exception {
        String out = run("git init -q --bare . && git config core.bare false && git config core.worktree . && " + MONITOR
                + " && git config core.fsmonitor \"$PWD/mon.sh\"; echo made");

        userGit(ws, "status");
        assertNothingRan(out);
    }

    /**
     * git reads a config whose plain value holds a NUL byte (the value ends there), and runs hooks as ever; JGit reads
     * it too but {@code Config.toText} throws IllegalArgumentException ("config value contains byte 0x00"), which
     * {@link PlainConfig#plain} does not catch: the check stops before anything is taken out, and the next command's
     * start takes the planted state as the truth.
     */
    @Test
    void aNulByteInAPlainSettingStopsTheCheckAndTheHookStays() throws Exception {
        String out;
        try {
            out = run("git init -q && " + hook(".git/hooks/pre-commit", "hook") + " && printf '[user]\\n\\tname = a\\0b\\n' >> .git/config; echo made");
        } catch (RuntimeException e) {
            out = "the check threw " + e;
        }
        out += run("echo next");

        Files.writeString(ws.resolve("a.txt"), "the user's work\n");
        userGit(ws, "add", "a.txt");
        userGit(ws, "commit", "-q", "-m", "user");
        assertNothingRan(out);
    }

    /**
     * False alarm: {@code core.splitIndex} is on the plain list, but a split index carries the {@code link} extension
     * (a sparse index the {@code sdir} one), which JGit cannot read; the guard then takes the whole honest repository
     * out of the workspace.
     */
    @ParameterizedTest
    @ValueSource(strings = {"git config core.splitIndex true", "git sparse-checkout set --cone --sparse-index d"})
    void aSplitOrSparseIndexRepositoryStaysInPlace(String step) throws Exception {
        String out = run("git init -q && mkdir d && echo x > d/a.txt && git add d && git " + ID + " commit -qm one && " + step
                + " && echo y > d/b.txt && git add d && git " + ID + " commit -qm two; echo done");

        assertThat(out).isEqualTo("done\n");
        assertThat(ws.resolve(".git")).isDirectory();
    }

    /**
     * False alarm: settings honest agents set every day name no program, yet are reported as "settings that may run
     * programs" and taken out: {@code git init --shared} writes receive.denyNonFastforwards; commit.gpgsign=false and
     * gc.auto=0 are common.
     */
    @Test
    void honestSettingsThatNameNoProgramAreNotReported() throws Exception {
        String out = run("git init -q --shared=group && git config commit.gpgsign false && git config gc.auto 0; echo done");

        assertThat(out).isEqualTo("done\n");
    }

    /**
     * False alarm that writes into the workspace: a repository an earlier command made is then watched like the
     * user's, so removing it again ({@code rm -rf .git}, or starting over with a fresh {@code git init}) is "put back":
     * the guard remakes {@code .git} as a skeleton of what it had watched (config, hooks folder, samples), or writes
     * the old repository's config (its remote) into the new one. A workspace with no repository is what the session
     * started with; leaving it so runs nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rm -rf .git", "rm -rf .git && git init -q"})
    void removingOrRemakingARepositoryAnEarlierCommandMadeIsNotPutBack(String step) throws Exception {
        assertThat(run("git init -q && git remote add origin https://example.com/x.git; echo made")).isEqualTo("made\n");

        String out = run(step + "; echo again");

        assertThat(out).isEqualTo("again\n");
        assertThat(ws.resolve(".git/config")).as("the guard wrote the old repository's config back")
                .satisfiesAnyOf(c -> assertThat(c).doesNotExist(), c -> assertThat(c).content().doesNotContain("example.com"));
    }
}
