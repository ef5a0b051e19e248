package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Bubblewrap;
import dev.fathom.testing.ForkedCli;
import dev.fathom.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When Fathom is stopped (a terminal closed: SIGHUP; a kill: SIGTERM) without ending its session, what a process a
 * command left running planted is still put back: the sandbox's end runs from the JVM's shutdown. The session runs in a
 * real child JVM ({@link GitGuardExitMain}), stopped with a real signal.
 */
class GitGuardExitTest {
    @TempDir
    Path tmp;
    Path home;
    Path ws;
    Process child;

    @BeforeEach
    void setUp() throws Exception {
        Bubblewrap.require();
        home = SandboxHomes.create("git-guard-exit");
        ws = Files.createDirectories(tmp.resolve("ws"));
        SandboxGitLinkTest.git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (child != null) {
            child.destroyForcibly();
        }
        SandboxHomes.delete(home);
    }

    String said() {
        try {
            return Files.readString(tmp.resolve("child.out"));
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aHookPlantedAfterTheLastCommandIsPutBackWhenFathomIsKilled() throws Exception {
        String planter = "(until [ -e go ]; do sleep 0.05; done; printf '#!/bin/sh\\ntouch pwned\\n' > scripts/pre-commit;"
                + " chmod +x scripts/pre-commit) >/dev/null 2>&1 &";
        child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", ForkedCli.testClassPath(),
                GitGuardExitMain.class.getName(), ws.toString(), home.toString(), planter)).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.out").toFile()).start(); // a file: destroy() closes the child's pipes
        assertThat(Poll.until(Duration.ofSeconds(120), () -> said().startsWith("ready\n"))).as("the child's session ran the command: " + said())
                .isTrue();
        Files.writeString(ws.resolve("go"), "");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.isExecutable(ws.resolve("scripts/pre-commit")))).isTrue();
        child.destroy(); // SIGTERM
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ends").isTrue();
        String said = said();
        assertThat(ws.resolve("scripts/pre-commit")).as(said).doesNotExist();
        assertThat(ws.resolve("scripts/pre-commit" + GitGuard.ASIDE)).exists();
        assertThat(said).contains("Fathom put it back").contains("scripts/pre-commit");
        SandboxGitLinkTest.git(ws, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "user");
        assertThat(ws.resolve("pwned")).as("the planted hook ran").doesNotExist();
    }
}
