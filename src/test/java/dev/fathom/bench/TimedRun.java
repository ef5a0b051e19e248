package dev.fathom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One process run under /usr/bin/time (wall, peak RSS, user+system CPU), with its start and end on
 * {@link System#nanoTime}'s clock, the one the in-process fake endpoints stamp their request logs with, so the gaps
 * of a run can be placed between its start and its exit.
 */
record TimedRun(double wallS, long rssKb, double cpuS, long startNanos, long endNanos) {
    static TimedRun of(List<String> command, Path dir, Map<String, String> env, Path output) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "BENCH %e %M %U %S"));
        cmd.addAll(command);
        // stdin from /dev/null, as at a terminal with nothing piped: an open pipe is read to its end (piped input is part of the prompt)
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(Path.of("/dev/null").toFile());
        pb.environment().putAll(env);
        Path err = Files.createTempFile("bench", ".err");
        pb.redirectError(err.toFile()).redirectOutput(output != null ? output.toFile() : Path.of("/dev/null").toFile());
        long start = System.nanoTime();
        int code = pb.start().waitFor();
        long end = System.nanoTime();
        String stderr = Files.readString(err);
        Files.delete(err);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code + ": " + stderr);
        }
        String line = stderr.lines().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b).orElseThrow();
        String[] f = line.split(" ");
        return new TimedRun(Double.parseDouble(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]) + Double.parseDouble(f[4]), start, end);
    }

    /**
     * Start to first request, each gap between an answer's end and the next request, and last answer to exit, in
     * milliseconds, from a request log's (received, answered) pairs of this run.
     */
    double[] gapsMs(List<long[]> requests) {
        double[] gaps = new double[requests.size() + 1];
        long previous = startNanos;
        for (int i = 0; i < requests.size(); i++) {
            gaps[i] = (requests.get(i)[0] - previous) / 1e6;
            previous = requests.get(i)[1];
        }
        gaps[requests.size()] = (endNanos - previous) / 1e6;
        return gaps;
    }
}
