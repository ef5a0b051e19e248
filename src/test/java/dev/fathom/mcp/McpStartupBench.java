package dev.fathom.mcp;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.ReferenceMcpServers;
import dev.fathom.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time with 0, 1 and 4 MCP servers configured: from starting {@code fathom exec} (a fresh JVM on the built
 * classes) to the fake endpoint receiving the first model request, which waits for every server's tool list. The
 * servers are server-everything over stdio (node), the reference server people run. The counts take turns within each
 * round, so machine load spreads over all three alike; one FATHOM_HOME is shared (no endpoint probe after the first
 * run). Not a test (no assertion on time): run it with
 * {@code java -cp target/test-classes:target/classes:DEPS dev.fathom.mcp.McpStartupBench [ROUNDS]}, the
 * dependencies from {@code mvn dependency:build-classpath -Dmdep.includeScope=test}.
 */
public final class McpStartupBench {
    private static final int[] COUNTS = {0, 1, 4};

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path script = ReferenceMcpServers.DIR.resolve("server-everything").resolve("dist").resolve("index.js");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("install the reference servers first (see ReferenceMcpServers)");
        }
        Path tmp = Files.createTempDirectory("fathom-mcp-bench");
        Path repo = DemoRepo.create(tmp.resolve("repo"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Map<Integer, List<Double>> seconds = new TreeMap<>();
        try (FakeV4Server server = FakeV4Server.start()) {
            run(server, repo, home, script, 0); // warm-up: fills the endpoint cache and the OS file cache
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < COUNTS.length; i++) {
                    int count = COUNTS[(i + round) % COUNTS.length];
                    seconds.computeIfAbsent(count, k -> new ArrayList<>()).add(run(server, repo, home, script, count));
                }
            }
        }
        double base = median(seconds.get(0));
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "MCP start-up to the first model request, %d runs each, load %.1f%n", rounds, load);
        for (Map.Entry<Integer, List<Double>> e : seconds.entrySet()) {
            List<Double> s = e.getValue();
            System.out.printf(Locale.ROOT, "  %d server(s): median %.2f s (min %.2f, max %.2f), %.2fx the 0-server median%n", e.getKey(),
                    median(s), Collections.min(s), Collections.max(s), median(s) / base);
        }
    }

    /** One {@code fathom exec} with {@code count} servers: seconds from the process start to the first request. */
    static double run(FakeV4Server server, Path repo, Path home, Path script, int count) throws Exception {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < count; i++) {
            servers.append(i == 0 ? "" : ", ").append("\"ev").append(i).append("\": {\"command\": \"node\", \"args\": [\"")
                    .append(script).append("\"]}");
        }
        Path fathomHome = Files.createDirectories(home.resolve(".fathom"));
        Files.writeString(fathomHome.resolve("settings.json"), "{\"retry_base_delay_ms\": 5, \"mcpServers\": {" + servers + "}}");
        int before = server.requests().size();
        server.enqueue(Reply.text("Done."));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = String.join(java.io.File.pathSeparator, java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toString()).toList());
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", classPath, "dev.fathom.cli.Main", "exec", "Hello")
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("last-run.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("FATHOM_HOME", fathomHome.toString());
        env.put("DEEPSEEK_API_KEY", server.apiKey());
        env.put("DEEPSEEK_BASE_URL", server.baseUrl());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0 || server.requests().size() <= before) {
            p.destroyForcibly();
            throw new IllegalStateException("the run with " + count + " server(s) did not finish with a model request: " + Files.readString(home.resolve("last-run.log")));
        }
        return (server.requests().get(before).receivedNanos() - start) / 1e9;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
