package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A session sandbox over a test's workspace and home, as a session opens one, and commands run in it to their end. */
final class SandboxRuns {
    private SandboxRuns() {
    }

    /** The session's output folder, where command logs go (made when missing). */
    static Path outputs(Path home) throws IOException {
        return Files.createDirectories(home.resolve(".fathom/sessions/x/outputs"));
    }

    /** A sandbox (started at its first command) with a scrubbed environment and {@code writable} exposed. */
    static Sandbox open(Path ws, Path home, List<String> writable) throws IOException {
        Map<String, String> env = ChildEnvironment.scrub(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(), "LANG", "C.UTF-8"),
                List.of());
        return Sandbox.detect(Sandbox.Policy.of(ws, home, home.resolve(".fathom"), null, outputs(home), false, true, writable, List.of()), env);
    }

    /** Runs {@code command} in {@code sandbox} to its end and gives its output (with what the guard appended). */
    static String run(Sandbox sandbox, Path home, String command) throws Exception {
        Path log = Files.createTempFile(outputs(home), "cmd-", ".log");
        RunningCommand c = sandbox.start(command, log);
        assertThat(c.waitFor(120, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return Files.readString(log);
    }
}
