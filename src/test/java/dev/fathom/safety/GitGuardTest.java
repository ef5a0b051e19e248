package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GitGuard} in real bubblewrap: what a command changes of the places git runs that no mount can hold still is
 * put back when the command ends (or, for a process it left running, at the next command's end), reported in the
 * command's output, and kept aside; a command that touches none of them hears nothing. Each attack is then followed by
 * a real {@code git commit} outside the sandbox, which must not run the planted hook (it would create {@code pwned}).
 */
class GitGuardTest extends SandboxedWorkspace {
    static final String PLANT = "printf '#!/bin/sh\\ntouch pwned\\n' > %1$s && chmod +x %1$s; echo planted=$?";

    @BeforeEach
    void userRepository() throws Exception {
        SandboxGitLinkTest.git(ws, "init", "-q");
    }

    RunningCommand start(String command, Path log) throws Exception {
        return sandbox().start(command, log);
    }

    void assertUserCommitRunsNoHook(String out) throws Exception {
        SandboxGitLinkTest.git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "user");
        assertThat(ws.resolve("pwned")).as("the planted hook ran outside the sandbox: " + out).doesNotExist();
    }

    @Test
    void aCommandThatTouchesNoGitPlaceHearsNothing() throws Exception {
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        String out = run("echo hello > notes.txt; mkdir -p src && echo x > src/a.txt; echo done");
        assertThat(out).isEqualTo("done\n");
        assertThat(ws.resolve("notes.txt")).hasContent("hello");
        try (var names = Files.list(ws.resolve(".git/hooks"))) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(GitGuard.ASIDE));
        }
    }

    @Test
    void aProcessLeftRunningThatPlantsAHookIsUndoneAtTheNextCommandsEnd() throws Exception {
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        Path outputs = SandboxRuns.outputs(home);
        // the command returns at once; what it left behind plants the hook once the test says go
        RunningCommand first = start("(until [ -e go ]; do sleep 0.05; done; " + PLANT.formatted("scripts/pre-commit") + ") >/dev/null 2>&1 &"
                + " echo started", outputs.resolve("first.log"));
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Files.writeString(ws.resolve("go"), "");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.isExecutable(ws.resolve("scripts/pre-commit"))))
                .as("the process left running planted the hook").isTrue();
        String out = run("echo second");
        assertThat(out).contains("second").contains("[fathom] This command changed what git runs").contains("- scripts/pre-commit: a file where there was nothing");
        assertThat(ws.resolve("scripts/pre-commit" + GitGuard.ASIDE)).exists();
        assertUserCommitRunsNoHook(out);
    }

    @Test
    void aFolderOnTheWayToAHookNotMadeYetSwappedForALinkIsPutBack() throws Exception {
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        String out = run("mkdir -p elsewhere && " + PLANT.formatted("elsewhere/pre-commit") + "; rmdir scripts && ln -s elsewhere scripts; echo linked=$?");
        assertThat(out).contains("linked=0").contains("- scripts: a symlink to elsewhere where there was a folder, put back");
        assertThat(ws.resolve("scripts")).isDirectory();
        assertThat(Files.isSymbolicLink(ws.resolve("scripts" + GitGuard.ASIDE))).isTrue();
        assertUserCommitRunsNoHook(out);
    }

    @Test
    void anIncludedConfigThatDoesNotExistYetCannotBePlanted() throws Exception {
        // a team config named in .git/config but made by a setup script later
        SandboxGitLinkTest.git(ws, "config", "include.path", "../.gitconfig.team");
        String out = run("mkdir evilhooks && " + PLANT.formatted("evilhooks/pre-commit")
                + "; printf '[core]\\n\\thooksPath = evilhooks\\n' > .gitconfig.team; echo config=$?");
        assertThat(out).contains("config=0").contains("- .gitconfig.team: a file where there was nothing");
        assertThat(ws.resolve(".gitconfig.team")).doesNotExist();
        assertThat(ws.resolve(".gitconfig.team" + GitGuard.ASIDE)).content().contains("evilhooks");
        assertUserCommitRunsNoHook(out);
    }

    @Test
    void aHookFileRewrittenThroughAHardLinkGetsItsOwnBytesAndModeBack() throws Exception {
        Files.createDirectories(ws.resolve("scripts"));
        String original = "#!/bin/sh\n# team hook\nexit 0\n";
        Files.writeString(ws.resolve("scripts/pre-commit"), original);
        ws.resolve("scripts/pre-commit").toFile().setExecutable(true);
        Files.createLink(ws.resolve(".git/hooks/pre-commit"), ws.resolve("scripts/pre-commit"));
        String out = run("printf '#!/bin/sh\\ntouch pwned\\n' > scripts/pre-commit; echo wrote=$?");
        assertThat(out).contains("wrote=0").contains("- .git/hooks/pre-commit: its content or mode changed, put back");
        assertThat(ws.resolve(".git/hooks/pre-commit")).hasContent(original.strip());
        assertThat(Files.isExecutable(ws.resolve(".git/hooks/pre-commit"))).isTrue();
        assertThat(ws.resolve(".git/hooks/pre-commit" + GitGuard.ASIDE)).content().contains("pwned");
        assertUserCommitRunsNoHook(out);
    }

    @Test
    void whatTheUserChangesBetweenCommandsIsKept() throws Exception {
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        assertThat(run("echo first")).isEqualTo("first\n");
        // the user, in another terminal: a hook of their own and a setting
        Files.writeString(ws.resolve("scripts/pre-commit"), "#!/bin/sh\necho checked > user-hook-ran\n");
        ws.resolve("scripts/pre-commit").toFile().setExecutable(true);
        SandboxGitLinkTest.git(ws, "config", "user.name", "Ada");
        assertThat(run("echo second")).isEqualTo("second\n");
        assertThat(ws.resolve("scripts/pre-commit")).content().contains("user-hook-ran");
        assertThat(ws.resolve(".git/config")).content().contains("name = Ada");
        SandboxGitLinkTest.git(ws, "config", "user.name", "Bea"); // after the last command: the session's end keeps it too
        sandbox.close();
        sandbox = null;
        assertThat(ws.resolve("scripts/pre-commit" + GitGuard.ASIDE)).doesNotExist();
        assertThat(ws.resolve("scripts/pre-commit")).exists();
        assertThat(ws.resolve(".git/config")).content().contains("name = Bea");
    }

    @Test
    void whatAProcessLeftRunningPlantsAfterTheLastCommandIsPutBackAtTheSessionsEnd() throws Exception {
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        Path outputs = SandboxRuns.outputs(home);
        RunningCommand first = start("(until [ -e go ]; do sleep 0.05; done; " + PLANT.formatted("scripts/pre-commit") + ") >/dev/null 2>&1 &",
                outputs.resolve("first.log"));
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Files.writeString(ws.resolve("go"), "");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.isExecutable(ws.resolve("scripts/pre-commit")))).isTrue();
        sandbox.close();
        sandbox = null;
        assertThat(ws.resolve("scripts/pre-commit")).doesNotExist();
        assertThat(ws.resolve("scripts/pre-commit" + GitGuard.ASIDE)).exists();
        assertUserCommitRunsNoHook("session closed");
    }
}
