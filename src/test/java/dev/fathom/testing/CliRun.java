package dev.fathom.testing;

import dev.fathom.cli.Launch;
import dev.fathom.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real {@code fathom} entry point in-process with a private FATHOM_HOME and HOME, a chosen start directory,
 * and captured stdout/stderr.
 */
public final class CliRun {
    public record Result(int exitCode, String out, String err) {
    }

    private final Path home;
    private final Path workspace;
    private final Map<String, String> env = new HashMap<>();

    public CliRun(Path home, Path workspace) {
        this.home = home;
        this.workspace = workspace;
        env.put("HOME", home.toString());
        env.put("FATHOM_HOME", home.resolve(".fathom").toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
    }

    /** Points the run at a fake server, with fast retries; the idle watchdog is 30 s, long enough that a loaded machine never trips it (tests of the watchdog itself set their own). */
    public CliRun against(FakeV4Server server) {
        env.put("DEEPSEEK_API_KEY", server.apiKey());
        env.put("DEEPSEEK_BASE_URL", server.baseUrl());
        return settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30}");
    }

    /** Writes the user settings file ($FATHOM_HOME/settings.json). */
    public CliRun settings(String json) {
        try {
            Path dir = Path.of(env.get("FATHOM_HOME"));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("settings.json"), json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public CliRun env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    /** Pipes these bytes into the next runs' standard input (null: standard input is a terminal, nothing piped). */
    public CliRun stdin(String text) {
        this.stdin = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    private byte[] stdin;

    public Path home() {
        return home;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Launch launch = new Launch(Map.copyOf(env), workspace, o, e);
            code = Main.run(args, stdin == null ? launch : launch.piped(stdin));
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code git} in a directory and returns its output (stdout and stderr), trimmed; failures are not checked. */
    public static String gitOutput(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code git} in a directory, failing the test on error. */
    public static void git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                // the exit code tells a signal (128 + its number) from git's own failure, which prints why
                throw new IllegalStateException("git " + String.join(" ", args) + " failed with exit code " + code + ": " + output);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
