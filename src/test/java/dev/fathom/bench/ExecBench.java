package dev.fathom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Times the launcher as a user runs it: {@code fathom --version}, and the scripted 4-request exec task (list files
 * with bash, read a file, edit it, answer) against the fake endpoint in a fresh git repository. Each figure is the
 * median of N runs with min and max, measured with /usr/bin/time (wall, peak RSS, user+system CPU).
 * Usage: src/bench/bench.sh exec [RUNS]; BENCH_LAUNCHER=PATH times another launcher (e.g. the release archive's bin/fathom).
 */
public final class ExecBench {
    record Sample(double wallS, long rssKb, double cpuS) {
    }

    /** One FATHOM_HOME for every run, as a user has: the warm-up run fills the endpoint cache (no GET /models after). */
    private static final Path HOME = home();

    private static Path home() {
        try {
            return Files.createTempDirectory("fathom-bench-home");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path launcher = Path.of(System.getProperty("bench.launcher", "target/fathom")).toAbsolutePath();
        List<Sample> version = new ArrayList<>();
        List<Sample> exec = new ArrayList<>();
        long systemPromptBytes = 0;
        long toolSchemaBytes = 0;
        long firstRequestBytes = 0;
        try (FakeV4Server server = FakeV4Server.start()) {
            for (int i = 0; i < runs + 1; i++) {
                Sample v = time(List.of(launcher.toString(), "--version"), Path.of("."), null, null);
                Path repo = repo();
                ExecScript.enqueue(server);
                int before = server.requests().size();
                Sample e = time(List.of(launcher.toString(), "exec", "Change the greeting"), repo, server, repo.resolve("out.txt"));
                if (!Files.readString(repo.resolve("src/App.java")).contains("Hello, Fathom")) {
                    throw new IllegalStateException("the scripted run did not edit the file: " + Files.readString(repo.resolve("out.txt")));
                }
                if (i == 0) {
                    JsonNode first = server.requests().get(before).json();
                    systemPromptBytes = first.path("messages").get(0).path("content").asText().getBytes(StandardCharsets.UTF_8).length;
                    toolSchemaBytes = first.path("tools").toString().getBytes(StandardCharsets.UTF_8).length;
                    firstRequestBytes = server.requests().get(before).body().getBytes(StandardCharsets.UTF_8).length;
                    continue; // warm-up: the first run may still be building the JVM cache
                }
                version.add(v);
                exec.add(e);
            }
        }
        BenchOutput out = new BenchOutput("exec");
        out.header();
        out.add("fathom --version wall", "s", version.stream().mapToDouble(Sample::wallS).toArray());
        out.add("fathom --version peak RSS", "MB", version.stream().mapToDouble(s -> s.rssKb / 1024.0).toArray());
        out.add("4-request exec wall", "s", exec.stream().mapToDouble(Sample::wallS).toArray());
        out.add("4-request exec peak RSS", "MB", exec.stream().mapToDouble(s -> s.rssKb / 1024.0).toArray());
        out.add("4-request exec CPU user+sys", "s", exec.stream().mapToDouble(Sample::cpuS).toArray());
        out.note(String.format(Locale.ROOT, "First request: %d bytes; system prompt %d bytes; tool schemas %d bytes.",
                firstRequestBytes, systemPromptBytes, toolSchemaBytes));
        out.write();
    }

    private static Path repo() throws IOException {
        return DemoRepo.create(Files.createTempDirectory("fathom-bench"));
    }

    private static Sample time(List<String> command, Path dir, FakeV4Server server, Path output) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "BENCH %e %M %U %S"));
        cmd.addAll(command);
        // stdin from /dev/null, as at a terminal with nothing piped: an open pipe is read to its end (piped input is part of the prompt)
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(Path.of("/dev/null").toFile());
        if (server != null) {
            pb.environment().put("DEEPSEEK_API_KEY", server.apiKey());
            pb.environment().put("DEEPSEEK_BASE_URL", server.baseUrl());
            pb.environment().put("FATHOM_HOME", HOME.toString());
        }
        Path err = Files.createTempFile("bench", ".err");
        pb.redirectError(err.toFile()).redirectOutput(output != null ? output.toFile() : Path.of("/dev/null").toFile());
        int code = pb.start().waitFor();
        String stderr = Files.readString(err);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code + ": " + stderr);
        }
        String line = stderr.lines().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b).orElseThrow();
        String[] f = line.split(" ");
        return new Sample(Double.parseDouble(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]) + Double.parseDouble(f[4]));
    }

}
