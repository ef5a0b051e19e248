package dev.fathom.bench;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the 4-request exec run's time goes, phase by phase (medians of N runs, milliseconds). The run goes through the
 * launcher as {@link ExecBench} does, with the JVM logging its class initializations (which happen at first use, even
 * when the AOT cache loads and links the classes at start-up) to a file stamped with the monotonic clock
 * the benchmark's own {@link System#nanoTime} reads (CLOCK_MONOTONIC on Linux, shared by both processes), so one
 * time line holds the process start, the JVM's start, the classes whose first use marks each phase, the fake endpoint's request
 * log (when each request was read, when its answer ended) and the process's exit. Phases:
 * <ul>
 *   <li>launcher: process start to the JVM's start (the shell script, the JVM's creation);
 *   <li>JVM to main: until {@code dev.fathom.cli.Main} is initialized;
 *   <li>main to settings: until {@code RunFactory} is first used (options parsed, settings read and checked);
 *   <li>settings to endpoint: until {@code V4Options} is first used (model table, the dialect: a cache read or
 *       {@code GET /models});
 *   <li>endpoint to first request: tools, conversation, sandbox, the first request's body and connection;
 *   <li>the gap after each answer until the next request (the tool's run: bash ls, read_file, edit_file);
 *   <li>last answer to exit (the summary, the session log's close, the JVM's end).
 * </ul>
 * Usage: src/bench/bench.sh profile [RUNS]. BENCH_FRESH_HOME=1 gives every run a new FATHOM_HOME (a first run: the
 * endpoint is asked {@code GET /models}); by default the runs share one, as a user's runs do. BENCH_LAUNCHER=A,B
 * profiles several launchers (for example a build from before a change) with their runs interleaved, so that the load
 * of a shared machine weighs on each alike.
 */
public final class ProfileBench {
    private static final String[][] MARKS = {
            {"main", "dev.fathom.cli.Main"},
            {"settings", "dev.fathom.cli.RunFactory"},
            {"endpoint", "dev.fathom.llm.V4Options"},
    };

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean freshHome = "1".equals(System.getenv("BENCH_FRESH_HOME"));
        List<Path> launchers = new ArrayList<>();
        for (String l : System.getProperty("bench.launcher", "target/fathom").split(",")) {
            launchers.add(Path.of(l).toAbsolutePath());
        }
        List<Map<String, List<Double>>> all = new ArrayList<>();
        launchers.forEach(l -> all.add(new LinkedHashMap<>()));
        Path home = Files.createTempDirectory("fathom-profile-home");
        int probes = 0;
        try (FakeV4Server server = FakeV4Server.start()) {
            for (int j = 0; j < (runs + 1) * launchers.size(); j++) {
                int i = j / launchers.size();
                Path launcher = launchers.get(j % launchers.size());
                Map<String, List<Double>> phases = all.get(j % launchers.size());
                Path repo = DemoRepo.create(Files.createTempDirectory("fathom-profile"));
                Path log = Files.createTempFile("fathom-inits", ".log");
                ExecScript.enqueue(server);
                int before = server.requests().size();
                int modelsBefore = server.modelListRequests();
                ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "exec", "Change the greeting").directory(repo.toFile())
                        .redirectInput(Path.of("/dev/null").toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("DEEPSEEK_API_KEY", server.apiKey());
                pb.environment().put("DEEPSEEK_BASE_URL", server.baseUrl());
                pb.environment().put("FATHOM_HOME", (freshHome ? repo.resolve(".fathom-home") : home).toString());
                pb.environment().put("FATHOM_JVM_OPTS", "-Xlog:class+init=info:file=" + log + ":timenanos,uptimenanos");
                long start = System.nanoTime();
                int code = pb.start().waitFor();
                long end = System.nanoTime();
                if (code != 0 || !Files.readString(repo.resolve("src/App.java")).contains("Hello, Fathom")) {
                    throw new IllegalStateException("the scripted run failed (exit " + code + ")");
                }
                List<FakeV4Server.Recorded> rs = server.requests().subList(before, server.requests().size());
                if (rs.size() != 4) {
                    throw new IllegalStateException("expected 4 requests, got " + rs.size());
                }
                InitLog inits = InitLog.read(log);
                Files.delete(log);
                if (i == 0) {
                    continue; // warm-up: the first run may still be building the JVM cache, and fills the endpoint cache
                }
                probes += server.modelListRequests() - modelsBefore;
                long previous = start;
                Map<String, Long> points = new LinkedHashMap<>();
                points.put("launcher (process start to JVM start)", inits.jvmStart());
                for (String[] mark : MARKS) {
                    points.put(mark[0], inits.loaded(mark[1]));
                }
                points.put("first request received", rs.get(0).receivedNanos());
                String[] names = {"launcher (process start to JVM start)", "JVM start to main", "main to settings read",
                        "settings to endpoint known", "endpoint to first request"};
                int n = 0;
                for (long at : points.values()) {
                    phases.computeIfAbsent(names[n++], k -> new ArrayList<>()).add((at - previous) / 1e6);
                    previous = at;
                }
                String[] tools = {"bash ls", "read_file", "edit_file"};
                for (int r = 0; r < 3; r++) {
                    phases.computeIfAbsent("gap after answer " + (r + 1) + " (" + tools[r] + ")", k -> new ArrayList<>())
                            .add((rs.get(r + 1).receivedNanos() - rs.get(r).answeredNanos()) / 1e6);
                }
                phases.computeIfAbsent("model time (4 answers streamed by the fake)", k -> new ArrayList<>())
                        .add(rs.stream().mapToLong(x -> x.answeredNanos() - x.receivedNanos()).sum() / 1e6);
                phases.computeIfAbsent("last answer to exit", k -> new ArrayList<>()).add((end - rs.get(3).answeredNanos()) / 1e6);
                phases.computeIfAbsent("total wall", k -> new ArrayList<>()).add((end - start) / 1e6);
            }
        }
        BenchOutput out = new BenchOutput("profile");
        for (int l = 0; l < launchers.size(); l++) {
            if (launchers.size() > 1) {
                out.note("Launcher " + launchers.get(l) + ":");
            }
            out.header();
            all.get(l).forEach((name, samples) -> out.add(name, "ms", samples.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        out.note((freshHome ? "A new FATHOM_HOME per run" : "One FATHOM_HOME for all runs") + "; GET /models requests in the timed runs: "
                + probes + ".");
        out.write();
    }

    /** The JVM's class-initialization log: when each class was first used, on the shared monotonic clock. */
    private record InitLog(long jvmStart, Map<String, Long> loads) {
        static InitLog read(Path file) throws java.io.IOException {
            Map<String, Long> loads = new LinkedHashMap<>();
            long jvmStart = -1;
            for (String line : Files.readAllLines(file)) {
                // [TIMEns][UPTIMEns] dev.fathom.cli.Main source: ... (the JVM prints its decorations in this order)
                int a = line.indexOf("ns]");
                int b = line.indexOf("ns]", a + 3);
                if (!line.startsWith("[") || a < 0 || b < 0) {
                    continue;
                }
                long time = Long.parseLong(line.substring(1, a));
                long uptime = Long.parseLong(line.substring(a + 4, b));
                if (jvmStart < 0) {
                    jvmStart = time - uptime;
                }
                // ... 294 Initializing 'dev/fathom/cli/Main' (0x...) by thread "main"
                int name = line.indexOf("Initializing '", b);
                if (name > 0) {
                    int close = line.indexOf('\'', name + 14);
                    loads.putIfAbsent(line.substring(name + 14, close).replace('/', '.'), time);
                }
            }
            return new InitLog(jvmStart, loads);
        }

        long loaded(String name) {
            Long at = loads.get(name);
            if (at == null) {
                throw new IllegalStateException(name + " was not initialized; the profile's marks need updating");
            }
            return at;
        }
    }
}
