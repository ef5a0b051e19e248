package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Bubblewrap;
import dev.fathom.testing.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session sandbox launched at session open, before its first command (issue 21): the command waits for it, an
 * Esc ends that wait without losing the sandbox, and a session that ends first leaves nothing running. bubblewrap is
 * reached through a gate: a {@code bwrap} first on PATH that records its pid, waits until the test opens a FIFO, then
 * becomes the real bubblewrap, so "still starting" is a state the test holds, not a race it hopes to win.
 */
class SandboxLaunchTest {
    @TempDir
    Path tmp;
    Path home;
    Path ws;
    Path outputs;
    Path gate;
    Path pidFile;
    Sandbox sandbox;

    @BeforeEach
    void setUp() throws Exception {
        Bubblewrap.require();
        home = SandboxHomes.create("sandbox-launch");
        ws = Files.createDirectories(tmp.resolve("ws"));
        outputs = Files.createDirectories(home.resolve(".fathom/sessions/x/outputs"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        gate = bin.resolve("gate");
        pidFile = bin.resolve("pid");
        new ProcessBuilder("mkfifo", gate.toString()).start().waitFor();
        Path real = Sandbox.find(System.getenv("PATH"));
        Path fake = bin.resolve("bwrap");
        // The pid file appears whole (written aside, then renamed): a test that sees it exist may read it at once.
        Files.writeString(fake, "#!/bin/sh\necho $$ > '" + pidFile + ".part' && mv '" + pidFile + ".part' '" + pidFile + "'\nread _ < '" + gate
                + "'\nexec '" + real + "' \"$@\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = ChildEnvironment.scrub(Map.of("PATH", bin + ":" + System.getenv("PATH"), "HOME", home.toString(),
                "LANG", "C.UTF-8"), List.of());
        sandbox = Sandbox.detect(Sandbox.Policy.of(ws, home, home.resolve(".fathom"), null, outputs, false, true, List.of(), List.of()), env);
    }

    @AfterEach
    void tearDown() throws IOException {
        sandbox.close();
        SandboxHomes.delete(home);
    }

    private void openGate() throws IOException {
        try (OutputStream out = Files.newOutputStream(gate)) {
            out.write('\n');
        }
    }

    private String run(String command) throws Exception {
        Path log = Files.createTempFile(outputs, "cmd-", ".log");
        RunningCommand c = sandbox.start(command, log);
        assertThat(c.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return Files.readString(log) + "[exit " + c.exitValue() + "]";
    }

    @Test
    void anEscWhileTheSandboxStartsEndsTheWaitAndTheNextCommandGetsTheSandbox() throws Exception {
        sandbox.launch();
        assertThat(Poll.until(Duration.ofSeconds(30), () -> Files.exists(pidFile))).as("bubblewrap started at launch").isTrue();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread tool = new Thread(() -> {
            try {
                run("echo first");
            } catch (Throwable t) {
                failure.set(t);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        tool.start();
        assertThat(Poll.until(Duration.ofSeconds(30), () -> tool.getState() == Thread.State.TIMED_WAITING)).as("the command waits").isTrue();
        tool.interrupt();
        tool.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(tool.isAlive()).as("the wait ended while the gate was still shut").isFalse();
        assertThat(failure.get()).isInstanceOf(IOException.class).hasMessageContaining("interrupted while the sandbox started");
        assertThat(interruptedAfter.get()).as("the interrupt is kept for the caller").isTrue();

        long pid = Long.parseLong(Files.readString(pidFile).strip());
        openGate();
        assertThat(run("echo second")).isEqualTo("second\n[exit 0]");
        assertThat(Long.parseLong(Files.readString(pidFile).strip())).as("the same sandbox, not a second one").isEqualTo(pid);
    }

    @Test
    void aSessionThatEndsWhileItsSandboxStartsLeavesNothingRunning() throws Exception {
        sandbox.launch();
        assertThat(Poll.until(Duration.ofSeconds(30), () -> Files.exists(pidFile))).isTrue();
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        sandbox.close();
        assertThat(Poll.until(Duration.ofSeconds(30), () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)))
                .as("the starting bubblewrap is ended with the session").isTrue();
    }

    @Test
    void noSandboxIsLaunchedOnceTheSessionHasEnded() throws Exception {
        sandbox.close();
        sandbox.launch();
        // launch builds bubblewrap's arguments before it returns, and they make the .fathom mount point close() removed
        assertThat(ws.resolve(".fathom")).as("nothing was prepared for a sandbox").doesNotExist();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> run("true"))).hasMessageContaining("the session has ended");
    }
}
