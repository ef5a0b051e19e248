package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Bubblewrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bubblewrap runs with --die-with-parent, which Linux ties to the thread that started it. The session sandbox must
 * outlive whichever thread happened to start it (the warm-up at session open, a tool thread): its private /tmp, its
 * background jobs and its running commands belong to the session.
 */
class SandboxLauncherThreadTest {
    @TempDir
    Path tmp;
    Path home;
    Path outputs;
    Sandbox sandbox;

    @BeforeEach
    void setUp() throws Exception {
        Bubblewrap.require();
        home = SandboxHomes.create("sandbox-launcher");
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        outputs = Files.createDirectories(home.resolve(".fathom/sessions/x/outputs"));
        Map<String, String> env = ChildEnvironment.scrub(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(), "LANG", "C.UTF-8"),
                List.of());
        sandbox = Sandbox.detect(Sandbox.Policy.of(ws, home, home.resolve(".fathom"), null, outputs, false, true, List.of(), List.of()), env);
    }

    @AfterEach
    void tearDown() throws Exception {
        sandbox.close();
        SandboxHomes.delete(home);
    }

    private String run(String command) throws Exception {
        Path log = Files.createTempFile(outputs, "cmd-", ".log");
        RunningCommand c = sandbox.start(command, log);
        assertThat(c.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return Files.readString(log) + "[exit " + c.exitValue() + "]";
    }

    @Test
    void theSandboxOutlivesTheThreadThatStartedIt() throws Exception {
        AtomicReference<String> first = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                first.set(run("echo kept > /tmp/marker"));
            } catch (Exception e) {
                first.set(e.toString());
            }
        }, "short-lived");
        starter.start();
        starter.join();
        assertThat(first.get()).isEqualTo("[exit 0]");

        assertThat(run("cat /tmp/marker")).as("the same sandbox, with its private /tmp, still runs").isEqualTo("kept\n[exit 0]");
    }
}
