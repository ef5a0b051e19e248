package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A repository a sandboxed command makes in a workspace that lay in no repository, in real bubblewrap: it stays, but
 * whatever of it the user's own git (outside the sandbox) would run is taken out when the command ends: hooks,
 * settings that name programs, and the same in each repository git looks into from it. Each attack is followed by the
 * user's real {@code git status} and {@code git commit} outside the sandbox, which must run none of the command's code
 * (it would create a {@code pwned} file).
 */
class SandboxMadeRepositoryTest extends SandboxedWorkspace {
    /** Writes an executable {@code mon.sh} that leaves {@code pwned-monitor} in the folder git runs it from. */
    static final String MONITOR = "printf '#!/bin/sh\\ntouch \"%s/pwned-monitor\"\\n' \"$PWD\" > mon.sh && chmod +x mon.sh";
    static final String HOOK = "printf '#!/bin/sh\\ntouch \"%s/pwned-hook\"\\n' \"$PWD\" > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit";

    @BeforeEach
    void noRepositoryYet() {
        assertThat(SandboxMounts.gitEntries(ws)).as("the workspace lies in no repository").isEmpty();
    }

    void assertUsersGitRunsNothing(String out) throws Exception {
        assertUsersGitRunsNothing(ws, out);
    }

    @Test
    void aRepositoryTheCommandMakesKeepsItsHistoryButNotItsHookOrMonitor() throws Exception {
        String out = run("git init -q && git -c user.name=m -c user.email=m@m commit -q --allow-empty -m first && " + HOOK + " && "
                + MONITOR + " && git config core.fsmonitor \"$PWD/mon.sh\" && git config user.name model; echo made");

        assertUsersGitRunsNothing(out);
        assertThat(out).startsWith("made\n").contains("[fathom]").contains(".git/hooks/pre-commit").contains("core.fsmonitor");
        assertThat(gitOut(ws, "log", "--format=%s")).as("the repository and its history stay").contains("first");
        assertThat(ws.resolve(".git/config")).as("plain settings stay").content().contains("name = model").doesNotContain("fsmonitor");
        assertThat(ws.resolve(".git/config" + GitGuard.ASIDE)).as("kept aside, not deleted").content().contains("fsmonitor");
        assertThat(ws.resolve(".git/hooks/pre-commit" + GitGuard.ASIDE)).exists();
        assertThat(ws.resolve(".git/hooks/pre-commit")).doesNotExist();
    }

    @Test
    void makingAPlainRepositoryIsNotReported() throws Exception {
        String out = run("git init -q && git remote add origin https://example.com/x.git && git config user.name m && "
                + "git config user.email m@m && git config branch.main.remote origin && git config pull.rebase true && "
                + "echo x > a.txt && git add a.txt && git commit -qm one; echo done");

        assertThat(out).isEqualTo("done\n");
        assertThat(gitOut(ws, "config", "remote.origin.url")).isEqualTo("https://example.com/x.git\n");
        assertThat(gitOut(ws, "config", "pull.rebase")).isEqualTo("true\n");
        try (Stream<Path> all = Files.walk(ws.resolve(".git"))) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(GitGuard.ASIDE));
        }
    }

    @Test
    void aHookPlantedLaterInTheRepositoryAnEarlierCommandMadeIsTakenOut() throws Exception {
        assertThat(run("git init -q; echo made")).isEqualTo("made\n");

        String out = run(HOOK + "; echo planted");

        assertUsersGitRunsNothing(out);
        assertThat(out).startsWith("planted\n").contains(".git/hooks/pre-commit");
    }

    @Test
    void aRepositoryMadeEarlierAndRemovedAgainIsNotRebuilt() throws Exception {
        assertThat(run("git init -q; echo made")).isEqualTo("made\n");

        String out = run("rm -rf .git; echo removed");

        assertThat(out).isEqualTo("removed\n");
        assertThat(ws.resolve(".git")).doesNotExist();
    }

    @Test
    void aRepositoryMadeEarlierAndMadeAgainAsAGitdirFileIsChecked() throws Exception {
        assertThat(run("git init -q; echo made")).isEqualTo("made\n");

        String out = run("rm -rf .git && git init -q --separate-git-dir=../ws/.store && " + HOOK.replace(".git/hooks", ".store/hooks")
                + "; echo again");

        assertUsersGitRunsNothing(out);
        assertThat(out).startsWith("again\n").contains(".store/hooks/pre-commit");
        assertThat(ws.resolve(".git")).isRegularFile();
    }

    @Test
    void aRepositoryAddedAsAGitlinkWithoutGitmodulesHasItsMonitorTakenOut() throws Exception {
        // git status in the top folder runs a status in every gitlink's repository, which reads its settings
        String out = run("git init -q && git init -q sub && git -C sub -c user.name=m -c user.email=m@m commit -q --allow-empty -m x && "
                + MONITOR + " && git -C sub config core.fsmonitor \"$PWD/mon.sh\" && git add sub 2>/dev/null; echo added");

        Files.writeString(ws.resolve("sub/changed.txt"), "x");
        assertUsersGitRunsNothing(out);
        assertThat(out).startsWith("added\n").contains("sub/.git/config");
    }

    @Test
    void aMonitorSetLaterInASubmoduleOfTheMadeRepositoryIsPutBack() throws Exception {
        assertThat(run("git init -q && git init -q sub && git -C sub -c user.name=m -c user.email=m@m commit -q --allow-empty -m x && "
                + "git add sub 2>/dev/null; echo made")).isEqualTo("made\n");

        String out = run(MONITOR + " && git -C sub config core.fsmonitor \"$PWD/mon.sh\"; echo set");

        Files.writeString(ws.resolve("sub/changed.txt"), "x");
        assertUsersGitRunsNothing(out);
        assertThat(out).startsWith("set\n").contains("sub/.git/config");
    }

    @Test
    void aMadeRepositoryWhoseIndexCannotBeReadIsTakenOutWhole() throws Exception {
        // neither JGit nor git can read this index, so which repositories git would look into is unknown
        String out = run("git init -q && echo x > a.txt && git add a.txt && printf 'DIRC but not an index' > .git/index; echo broke");

        assertThat(out).startsWith("broke\n").contains("index");
        assertThat(ws.resolve(".git")).doesNotExist();
        assertThat(ws.resolve(".git" + GitGuard.ASIDE)).isDirectory();
    }
}
