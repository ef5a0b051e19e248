package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Bubblewrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test's workspace and sandbox home, with the session sandbox over them (started at the first command, as a session
 * starts it) and closed after each test; and the user's own git outside it, which must run nothing a command planted
 * (a planted program leaves a {@code pwned*} file in the workspace when it runs).
 */
abstract class SandboxedWorkspace {
    @TempDir
    Path tmp;
    Path home;
    Path ws;
    Sandbox sandbox;
    /** The folders the open sandbox exposes writable besides the workspace. */
    private List<String> writable;

    @BeforeEach
    void openSandboxedWorkspace() throws Exception {
        Bubblewrap.require();
        home = SandboxHomes.create(getClass().getSimpleName());
        ws = Files.createDirectories(tmp.resolve("ws"));
    }

    @AfterEach
    void closeSandboxedWorkspace() throws IOException {
        if (sandbox != null) {
            sandbox.close();
        }
        SandboxHomes.delete(home);
    }

    /** The session sandbox over the workspace, opened now if it is not yet. */
    Sandbox sandbox() throws IOException {
        return sandbox(List.of());
    }

    /**
     * The session sandbox over the workspace with the folders {@code writable} (as a policy names them: {@code ~/x}
     * is in the home) exposed writable too, opened now if it is not yet; a test asks for one set of folders only.
     */
    Sandbox sandbox(List<String> writable) throws IOException {
        if (sandbox == null) {
            sandbox = SandboxRuns.open(ws, home, writable);
            this.writable = List.copyOf(writable);
        }
        assertThat(writable).as("the sandbox is open already, with other writable folders").isEqualTo(this.writable);
        return sandbox;
    }

    /** Runs {@code command} in the session sandbox to its end; its output, with what the guard appended. */
    String run(String command) throws Exception {
        return run(List.of(), command);
    }

    /** As {@link #run(String)}, in the sandbox with {@code writable} exposed too ({@link #sandbox(List)}). */
    String run(List<String> writable, String command) throws Exception {
        return SandboxRuns.run(sandbox(writable), home, command);
    }

    /** The user's own git in {@code dir}, outside the sandbox; its output, whether it succeeds or not. */
    static String userGit(Path dir, String... args) throws Exception {
        return git(dir, false, args);
    }

    /** The user's own git in {@code dir}, outside the sandbox, which must succeed; its output. */
    static String gitOut(Path dir, String... args) throws Exception {
        return git(dir, true, args);
    }

    private static String git(Path dir, boolean mustSucceed, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=u", "-c", "user.email=u@u"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (mustSucceed) {
            assertThat(exit).as(String.join(" ", command) + ": " + out).isZero();
        }
        return out;
    }

    /**
     * The user's own {@code git status}, {@code add} and {@code commit} in {@code repo}, outside the sandbox, succeed and
     * run no program a command planted.
     */
    void assertUsersGitRunsNothing(Path repo, String out) throws Exception {
        Files.writeString(repo.resolve("user-change.txt"), "the user's own work\n");
        gitOut(repo, "status");
        gitOut(repo, "add", "user-change.txt");
        gitOut(repo, "commit", "-q", "-m", "user");
        assertNoPlantedProgramRan(out);
    }

    /** No program a command planted ran outside the sandbox: there is no {@code pwned*} file in the workspace. */
    void assertNoPlantedProgramRan(String out) throws IOException {
        try (Stream<Path> all = Files.walk(ws)) {
            assertThat(all.filter(p -> p.getFileName().toString().startsWith("pwned")).map(p -> ws.relativize(p).toString()))
                    .as("the command's code ran outside the sandbox; the guard said: " + (out.length() > 800 ? out.substring(0, 800) + "..." : out))
                    .isEmpty();
        }
    }
}
