package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A repository a sandboxed command makes below the workspace's top, where the workspace's top is in no repository
 * ("make a new app in ./app": {@code git init}, or a scaffolding tool that runs it). The user's next git there (a shell
 * prompt that shows the branch runs {@code git status} on {@code cd app}) must run none of the command's code: its hooks
 * and program-naming settings are taken out, as for a repository made at the top ({@link SandboxMadeRepositoryTest}).
 */
class SandboxSubfolderRepositoryTest extends SandboxedWorkspace {
    static final String PLANT = SandboxMadeRepositoryTest.HOOK + " && " + SandboxMadeRepositoryTest.MONITOR
            + " && git config core.fsmonitor \"$PWD/mon.sh\"";

    @Test
    void aRepositoryMadeInASubfolderOfAWorkspaceInNoRepositoryRunsNothing() throws Exception {
        String out = run("mkdir app && cd app && git init -q && " + PLANT + "; echo made");

        assertUsersGitRunsNothing(ws.resolve("app"), out);
        assertThat(out).startsWith("made\n").contains("app/.git/hooks/pre-commit").contains("core.fsmonitor");
    }

    @Test
    void aRepositoryMadeDeepInALaterCommandRunsNothing() throws Exception {
        run("mkdir -p a/b/c; echo ok");
        String out = run("cd a/b/c && git init -q && " + PLANT + "; echo made");

        assertUsersGitRunsNothing(ws.resolve("a/b/c"), out);
    }

    @Test
    void aRepositoryMadeAtTheTopOfAFolderOfTheUsersRepositoriesRunsNothing() throws Exception {
        Path lib = Files.createDirectories(ws.resolve("lib"));
        gitOut(lib, "init", "-q");
        gitOut(lib, "commit", "-q", "--allow-empty", "-m", "the user's");

        String out = run("git init -q && " + PLANT + "; echo made");

        assertUsersGitRunsNothing(ws, out);
    }

    @Test
    void aRepositoryMadeBesideTheUsersRepositoriesRunsNothing() throws Exception {
        Path lib = Files.createDirectories(ws.resolve("lib"));
        gitOut(lib, "init", "-q");

        String out = run("mkdir app && cd app && git init -q && " + PLANT + "; echo made");

        assertUsersGitRunsNothing(ws.resolve("app"), out);
        assertUsersGitRunsNothing(lib, out);
    }

    @Test
    void aRepositoryMadeInAFolderOfTheUsersRepositoryRunsNothing() throws Exception {
        gitOut(ws, "init", "-q");
        gitOut(ws, "commit", "-q", "--allow-empty", "-m", "the user's");

        String out = run("mkdir app && cd app && git init -q && " + PLANT + "; echo made");

        assertUsersGitRunsNothing(ws.resolve("app"), out);
    }

    @Test
    void aHookPlantedLaterInARepositoryAnEarlierCommandMadeIsPutBack() throws Exception {
        gitOut(ws, "init", "-q");
        assertThat(run("mkdir app && cd app && git init -q; echo made")).isEqualTo("made\n");

        String out = run("cd app && " + PLANT + "; echo planted");

        assertUsersGitRunsNothing(ws.resolve("app"), out);
        assertThat(out).contains("app/.git/hooks/pre-commit").contains("app/.git/config");
    }

    @Test
    void aRepositoryTheUserMakesBetweenCommandsIsTheUsers() throws Exception {
        gitOut(ws, "init", "-q");
        run("echo first");
        Path mine = Files.createDirectories(ws.resolve("mine"));
        gitOut(mine, "init", "-q");
        gitOut(mine, "config", "core.hooksPath", "my-hooks");

        assertThat(run("echo second")).as("nothing of the user's is taken out").isEqualTo("second\n");
        assertThat(gitOut(mine, "config", "core.hooksPath")).isEqualTo("my-hooks\n");
    }
}
