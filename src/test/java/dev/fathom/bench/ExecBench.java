package dev.fathom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeResponsesServer;
import dev.fathom.testing.FakeV4Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Times the launcher as a user runs it: {@code fathom --version}, and the scripted 4-request exec task (list files
 * with bash, read a file, edit it, answer) against the fake endpoint in a fresh git repository, with Fathom's sandbox
 * on (as users run it) and off. When the peer is installed (src/bench/install-peer.sh), Codex CLI runs the same task
 * against {@link FakeResponsesServer} in the same loop, the runs alternating, and a ratio table Fathom/Codex follows.
 * Each figure is the median of N runs with min and max, measured with /usr/bin/time (wall, peak RSS, user+system
 * CPU); the gaps come from the fakes' request logs. Usage: src/bench/bench.sh exec [RUNS]; BENCH_LAUNCHER=PATH times
 * another launcher (e.g. the release archive's bin/fathom).
 */
public final class ExecBench {
    private static final String PROMPT = "Change the greeting";
    static final String[] GAP_NAMES = {"start to first request", "gap after answer 1 (ls)", "gap after answer 2 (read)",
            "gap after answer 3 (edit)", "last answer to exit"};

    /** The samples of one contestant. */
    record Contestant(String name, List<TimedRun> runs, List<double[]> gaps) {
        Contestant(String name) {
            this(name, new ArrayList<>(), new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path launcher = Path.of(System.getProperty("bench.launcher", "target/fathom")).toAbsolutePath();
        String loadBefore = loadAverage();
        // One FATHOM_HOME per variant for every run, as a user has: the warm-up run fills the endpoint cache.
        Path home = Files.createTempDirectory("fathom-bench-home");
        Path unsandboxedHome = Files.createTempDirectory("fathom-bench-home-nosandbox");
        Path pathWithoutBwrap = NoBwrapPath.create(Files.createTempDirectory("fathom-bench-path"));
        Optional<CodexPeer> codex = CodexPeer.find();
        List<TimedRun> version = new ArrayList<>();
        Contestant fathom = new Contestant("Fathom");
        Contestant unsandboxed = new Contestant("Fathom, sandbox off");
        Contestant peer = new Contestant("Codex " + CodexPeer.VERSION);
        Contestant peerNative = new Contestant("Codex " + CodexPeer.VERSION + " native");
        Optional<List<String>> nativeCommand = codex.isPresent() ? codex.get().nativeCommand(PROMPT) : Optional.empty();
        long firstRequestBytes = 0;
        long systemPromptBytes = 0;
        long toolSchemaBytes = 0;
        try (FakeV4Server server = FakeV4Server.start(); FakeResponsesServer responses = FakeResponsesServer.start()) {
            if (codex.isPresent()) {
                codex.get().configure(responses);
            }
            for (int i = 0; i < runs + 1; i++) {
                boolean warmUp = i == 0; // the first run may still be building the JVM cache (and fills each home)
                TimedRun v = TimedRun.of(List.of(launcher.toString(), "--version"), Path.of("."), Map.of(), null);
                int before = server.requests().size();
                fathomRun(server, launcher, home, null, warmUp ? null : fathom);
                if (warmUp) {
                    JsonNode first = server.requests().get(before).json();
                    systemPromptBytes = first.path("messages").get(0).path("content").asText().getBytes(StandardCharsets.UTF_8).length;
                    toolSchemaBytes = first.path("tools").toString().getBytes(StandardCharsets.UTF_8).length;
                    firstRequestBytes = server.requests().get(before).body().getBytes(StandardCharsets.UTF_8).length;
                } else {
                    version.add(v);
                }
                fathomRun(server, launcher, unsandboxedHome, pathWithoutBwrap, warmUp ? null : unsandboxed);
                if (codex.isPresent()) {
                    codexRun(responses, codex.get(), codex.get().command(PROMPT), warmUp ? null : peer);
                }
                if (nativeCommand.isPresent()) {
                    codexRun(responses, codex.get(), nativeCommand.get(), warmUp ? null : peerNative);
                }
            }
            if (!responses.scriptErrors().isEmpty()) {
                throw new IllegalStateException("the Codex script is not one a model could play: " + responses.scriptErrors());
            }
        }
        BenchOutput out = new BenchOutput("exec");
        out.header();
        out.add("fathom --version wall", "s", version.stream().mapToDouble(TimedRun::wallS).toArray());
        out.add("fathom --version peak RSS", "MB", version.stream().mapToDouble(s -> s.rssKb() / 1024.0).toArray());
        List<Contestant> all = new ArrayList<>(List.of(fathom, unsandboxed));
        codex.ifPresent(c -> all.add(peer));
        nativeCommand.ifPresent(c -> all.add(peerNative));
        for (Contestant c : all) {
            String prefix = c == fathom ? "4-request exec" : "4-request exec (" + c.name() + ")";
            out.add(prefix + " wall", "s", c.runs().stream().mapToDouble(TimedRun::wallS).toArray());
            out.add(prefix + " peak RSS", "MB", c.runs().stream().mapToDouble(s -> s.rssKb() / 1024.0).toArray());
            out.add(prefix + " CPU user+sys", "s", c.runs().stream().mapToDouble(TimedRun::cpuS).toArray());
        }
        out.note(String.format(Locale.ROOT, "First request: %d bytes; system prompt %d bytes; tool schemas %d bytes.",
                firstRequestBytes, systemPromptBytes, toolSchemaBytes));
        if (codex.isPresent()) {
            out.note(RatioTable.of(all));
        } else {
            out.note("Peer skipped: Codex " + CodexPeer.VERSION + " is not installed in " + CodexPeer.installDir()
                    + " (src/bench/install-peer.sh installs it; it needs the npm registry).");
        }
        out.note("Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores.");
        out.write();
    }

    private static void fathomRun(FakeV4Server server, Path launcher, Path home, Path path, Contestant into) throws Exception {
        Path repo = DemoRepo.create(Files.createTempDirectory("fathom-bench"));
        ExecScript.enqueue(server);
        int before = server.requests().size();
        Map<String, String> env = new LinkedHashMap<>(Map.of("DEEPSEEK_API_KEY", server.apiKey(),
                "DEEPSEEK_BASE_URL", server.baseUrl(), "FATHOM_HOME", home.toString()));
        if (path != null) {
            env.put("PATH", path.toString());
        }
        TimedRun run = TimedRun.of(List.of(launcher.toString(), "exec", PROMPT), repo, env, repo.resolve("out.txt"));
        edited(repo, "Fathom");
        List<long[]> log = new ArrayList<>();
        for (FakeV4Server.Recorded r : server.requests().subList(before, server.requests().size())) {
            log.add(new long[] {r.receivedNanos(), r.answeredNanos()});
        }
        record(into, run, log);
    }

    private static void codexRun(FakeResponsesServer server, CodexPeer codex, List<String> command, Contestant into) throws Exception {
        Path repo = DemoRepo.create(Files.createTempDirectory("codex-bench"));
        CodexPeer.enqueue(server);
        int before = server.requests().size();
        TimedRun run = TimedRun.of(command, repo, codex.environment(server), repo.resolve("out.txt"));
        edited(repo, "Codex");
        List<FakeResponsesServer.Recorded> requests = server.requests().subList(before, server.requests().size());
        List<long[]> log = new ArrayList<>();
        for (FakeResponsesServer.Recorded r : requests) {
            if (r.status() != 200) {
                throw new IllegalStateException("Codex sent a request the fake refused (" + r.status() + "): " + r.body());
            }
            log.add(new long[] {r.receivedNanos(), r.answeredNanos()});
        }
        record(into, run, log);
        // The commands really ran: the second request carries the listing, the third the file, back to the model.
        toolOutputContains(requests.get(1), "README.md");
        toolOutputContains(requests.get(2), "String greet()");
    }

    private static void toolOutputContains(FakeResponsesServer.Recorded request, String expected) {
        JsonNode input = request.json().path("input");
        JsonNode last = input.get(input.size() - 1);
        JsonNode output = last.path("output");
        String text = output.isTextual() ? output.asText() : output.toString();
        if (!last.path("type").asText().equals("function_call_output") || !text.contains(expected)) {
            throw new IllegalStateException("Codex's tool result does not hold " + expected + ": " + last);
        }
    }

    private static void edited(Path repo, String who) throws IOException {
        if (!Files.readString(repo.resolve("src/App.java")).contains("Hello, Fathom")) {
            throw new IllegalStateException(who + "'s scripted run did not edit the file: " + Files.readString(repo.resolve("out.txt")));
        }
    }

    private static void record(Contestant into, TimedRun run, List<long[]> log) {
        if (log.size() != 4) {
            throw new IllegalStateException("expected 4 requests, the fake received " + log.size());
        }
        if (into != null) {
            into.runs().add(run);
            into.gaps().add(run.gapsMs(log));
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
