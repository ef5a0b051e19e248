package dev.fathom.fix;

import dev.fathom.safety.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the check command with {@code bash -c} in the workspace, its output (stdout and stderr) going to a file. */
public final class CheckRunner {
    /** The most of a check's output kept in memory for reduction: its last part, where failures are reported. */
    public static final int MAX_KEPT_BYTES = 4 * 1024 * 1024;

    /**
     * One run of the check. A run that timed out has no exit code ({@link #exitCode()} is null) and is described as
     * "timed out after N s" wherever it is shown, never as an exit code.
     */
    public record Result(Integer exitCode, String output, long rawBytes, long rawLines, boolean timedOut, long durationMs, Duration timeout) {
        public boolean passed() {
            return !timedOut && exitCode != null && exitCode == 0;
        }

        /** "exit 1" or "timed out after 30 s". */
        public String describe() {
            return timedOut ? "timed out after " + seconds(timeout) : "exit " + exitCode;
        }
    }

    /** A duration as a person reads it in a message: "1800 s", "0.5 s". */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
    }

    private final String command;
    private final Path workspace;
    private final Map<String, String> env;
    private final Duration timeout;

    public CheckRunner(String command, Path workspace, Map<String, String> env, Duration timeout) {
        this.command = command;
        this.workspace = workspace;
        this.env = env;
        this.timeout = timeout;
    }

    public String command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }

    public Result run() throws IOException, InterruptedException {
        Path log = Files.createTempFile("fathom-check", ".log");
        long t0 = System.nanoTime();
        try {
            Process p = Shell.command(command, workspace, env).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                Shell.killTree(p);
            }
            long size = Files.size(log);
            String output = dev.fathom.tools.ProcessOutput.tail(log, MAX_KEPT_BYTES);
            long lines = output.chars().filter(c -> c == '\n').count();
            if (size > MAX_KEPT_BYTES) {
                lines = -1; // not counted beyond what was kept
            }
            return new Result(done ? Integer.valueOf(p.exitValue()) : null, output, size, lines, !done, (System.nanoTime() - t0) / 1_000_000, timeout);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
