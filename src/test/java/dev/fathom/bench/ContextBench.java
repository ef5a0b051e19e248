package dev.fathom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.context.ContextBudget;
import dev.fathom.context.Conversation;
import dev.fathom.context.TokenEstimator;
import dev.fathom.loop.Prompts;
import dev.fathom.session.MessageCodec;
import dev.fathom.session.SessionPaths;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Context benchmarks: the harness's own time per turn (wall and CPU) and peak RSS with 10k, 100k and 1M tokens of
 * context (the launcher resumes a generated session against the fake endpoint; per turn = from the answer's end to the
 * next request's arrival, tool time subtracted), the prefix-cache hit ratio over a 200-turn session, and the estimator's
 * error against the DeepSeek V3 tokenizer. Usage: src/bench/bench.sh context
 */
public final class ContextBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tool turns per resumed session; -Dbench.context.turns=N for more (a profile needs more samples). */
    private static final int TURNS = Integer.getInteger("bench.context.turns", 6);
    /**
     * The longer run's extra turns, whose CPU time is measured by difference: the two runs' start-up CPU differs by
     * up to ~100 ms on a loaded machine, so small contexts, whose turns cost little, need more of them.
     */
    private static int extraTurns(int tokens) {
        return Integer.getInteger("bench.context.extra-turns", tokens >= 500_000 ? 12 : 48);
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("fathom-contextbench");
        BenchOutput out = new BenchOutput("context");
        out.header();
        // -Dbench.context.sizes=1000000 -Dbench.context.only-turns=true: the per-turn figure alone (e.g. to compare JIT
        // settings through FATHOM_JVM_OPTS)
        for (String size : System.getProperty("bench.context.sizes", "10000,100000,1000000").split(",")) {
            int tokens = Integer.parseInt(size.strip());
            perTurn(out, root.resolve("ctx-" + tokens), tokens);
        }
        if (Boolean.getBoolean("bench.context.only-turns")) {
            out.write();
            return;
        }
        requestBuilding(out);
        contextMeter(out);
        cacheHitRatio(out, root.resolve("cache"));
        estimatorError(out, args.length > 1 ? Path.of(args[1]) : null, root.resolve("estimator"));
        out.write();
    }

    /**
     * Per-turn figures at about {@code tokens}: wall time from both runs' turns; CPU time as the difference between a
     * run with {@link #extraTurns} more turns and one without, divided by them. On a loaded machine the wall time
     * grows with the load, while CPU time (the process's user + system, GC included) hardly does: it is the figure
     * to compare builds or JVM settings by there.
     */
    private static void perTurn(BenchOutput out, Path dir, int tokens) throws Exception {
        Resumed shorter = resume(dir.resolve("short"), tokens, TURNS);
        int extra = extraTurns(tokens);
        Resumed longer = resume(dir.resolve("long"), tokens, TURNS + extra);
        double[] wall = new double[shorter.wallMs.length + longer.wallMs.length];
        System.arraycopy(shorter.wallMs, 0, wall, 0, shorter.wallMs.length);
        System.arraycopy(longer.wallMs, 0, wall, shorter.wallMs.length, longer.wallMs.length);
        String size = String.format(Locale.ROOT, "%,d tokens", longer.promptTokens);
        out.add("harness time per turn at " + size, "ms", wall);
        out.add("harness CPU per turn at " + size + " (process user+sys, " + extra + " extra turns' difference)", "ms",
                new double[] {(longer.cpuMs - shorter.cpuMs) / extra});
        out.add("peak RSS at " + size, "MB", new double[] {shorter.rssMb, longer.rssMb});
    }

    private record Resumed(double[] wallMs, double cpuMs, double rssMb, int promptTokens) {
    }

    /** Resumes a generated session of about {@code tokens} (as the fake counts them) and runs {@code turns} cheap tool turns. */
    private static Resumed resume(Path dir, int tokens, int turns) throws Exception {
        Path repo = DemoRepo.create(Files.createDirectories(dir).resolve("repo"));
        Path home = dir.resolve("home");
        String id = "bench-" + tokens;
        writeSession(new SessionPaths(home, repo).logFile(id), tokens);
        try (FakeV4Server server = FakeV4Server.start()) {
            for (int i = 0; i < turns; i++) {
                server.enqueue(Reply.toolCall("update_plan", "{\"items\":[{\"step\":\"turn " + i + "\",\"status\":\"in_progress\"}]}"));
            }
            server.enqueue(Reply.text("done"));
            List<String> cmd = List.of("/usr/bin/time", "-f", "BENCH %M %U %S",
                    Path.of(System.getProperty("bench.launcher", "target/fathom")).toAbsolutePath().toString(), "exec",
                    "--resume", id, "--no-auto-compact", "--output", "stream-json", "Go on");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile()).redirectInput(Path.of("/dev/null").toFile());
            pb.environment().put("DEEPSEEK_API_KEY", server.apiKey());
            pb.environment().put("DEEPSEEK_BASE_URL", server.baseUrl());
            pb.environment().put("FATHOM_HOME", home.toString());
            Path events = dir.resolve("out.jsonl");
            Path err = dir.resolve("err.txt");
            int code = pb.redirectOutput(events.toFile()).redirectError(err.toFile()).start().waitFor();
            if (code != 0) {
                throw new IllegalStateException("exit " + code + ": " + Files.readString(err));
            }
            List<Long> toolMs = new ArrayList<>();
            for (String line : Files.readAllLines(events)) {
                JsonNode e = JSON.readTree(line);
                if (e.path("type").asText().equals("tool_call_finished")) {
                    toolMs.add(e.path("duration_ms").asLong());
                }
            }
            List<FakeV4Server.Recorded> r = server.requests();
            double[] ms = new double[r.size() - 2];
            for (int i = 1; i < r.size() - 1; i++) {
                ms[i - 1] = (r.get(i + 1).receivedNanos() - r.get(i).answeredNanos()) / 1e6 - toolMs.get(i);
            }
            String[] time = Files.readAllLines(err).stream().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b).orElseThrow()
                    .split(" ");
            double cpuMs = (Double.parseDouble(time[2]) + Double.parseDouble(time[3])) * 1000;
            return new Resumed(ms, cpuMs, Long.parseLong(time[1]) / 1024.0, FakeV4Server.promptTokens(r.get(0).json()));
        }
    }

    private static void writeSession(Path log, int tokens) throws IOException {
        Files.createDirectories(log.getParent());
        MessageCodec codec = new MessageCodec(JSON);
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            ObjectNode head = JSON.createObjectNode().put("type", "session").put("id", log.getFileName().toString().replace(".jsonl", ""))
                    .put("created", java.time.Instant.now().toString()).put("workspace", "bench").put("model", "deepseek-v4-pro")
                    .put("instructions", false);
            w.write(JSON.writeValueAsString(head) + "\n");
            line(w, codec, SystemMessage.from(Prompts.load("system")));
            line(w, codec, UserMessage.from("Read the whole code base and explain it."));
            String block = "    public int field%d = compute(%d); // some generated source text for the benchmark\n";
            int chars = 0;
            for (int i = 0; chars / 4 < tokens - 4000; i++) {
                ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_" + i).name("read_file")
                        .arguments("{\"file_path\":\"src/File" + i + ".java\"}").build();
                StringBuilder out = new StringBuilder();
                for (int l = 0; l < 45; l++) {
                    out.append(String.format(block, l, i));
                }
                line(w, codec, AiMessage.builder().thinking("Next file " + i + ".").toolExecutionRequests(List.of(call)).build());
                line(w, codec, ToolExecutionResultMessage.from(call, out.toString()));
                chars += out.length() + 80;
            }
        }
    }

    private static void line(BufferedWriter w, MessageCodec codec, dev.langchain4j.data.message.ChatMessage m) throws IOException {
        ObjectNode r = JSON.createObjectNode().put("type", "message");
        r.set("message", codec.encode(m));
        w.write(JSON.writeValueAsString(r) + "\n");
    }

    /** Serializing a request of about a million tokens: from scratch, and with the previous request's messages cached. */
    private static void requestBuilding(BenchOutput out) {
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>();
        messages.add(SystemMessage.from(Prompts.load("system")));
        messages.add(UserMessage.from("Read the whole code base and explain it."));
        String line = "    public int field = compute(42); // some generated source text for the benchmark\n";
        for (int i = 0; i < 1000; i++) {
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_" + i).name("read_file")
                    .arguments("{\"file_path\":\"src/File" + i + ".java\"}").build();
            messages.add(AiMessage.builder().thinking("Next file " + i + ".").toolExecutionRequests(List.of(call)).build());
            messages.add(ToolExecutionResultMessage.from(call, line.repeat(45)));
        }
        var tools = dev.fathom.tools.ToolRegistry.standard(JSON).specifications();
        var options = new dev.fathom.llm.V4Options("http://x", "k", "deepseek-v4-pro", true, "max", null, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), dev.fathom.llm.RetryPolicy.DEFAULT);
        double[] cold = new double[7];
        double[] warm = new double[7];
        int bytes = 0;
        for (int i = 0; i < cold.length; i++) {
            var request = dev.langchain4j.model.chat.request.ChatRequest.builder().messages(messages).toolSpecifications(tools).build();
            long t0 = System.nanoTime();
            bytes = dev.fathom.llm.RequestWriter.writeBytes(request, options, null).length;
            cold[i] = (System.nanoTime() - t0) / 1e6;
            dev.fathom.llm.MessageCache cache = new dev.fathom.llm.MessageCache();
            dev.fathom.llm.RequestWriter.writeBytes(request, options, cache);
            List<dev.langchain4j.data.message.ChatMessage> next = new ArrayList<>(messages);
            next.add(UserMessage.from("one more turn " + i));
            var nextRequest = dev.langchain4j.model.chat.request.ChatRequest.builder().messages(next).toolSpecifications(tools).build();
            t0 = System.nanoTime();
            dev.fathom.llm.RequestWriter.writeBytes(nextRequest, options, cache);
            warm[i] = (System.nanoTime() - t0) / 1e6;
        }
        out.add(String.format(Locale.ROOT, "serializing a %,d-byte (about 1M-token) request from scratch", bytes), "ms", cold);
        out.add("serializing it again with one appended message (cached prefix)", "ms", warm);
    }

    /**
     * The status line's context meter after each answer, at about 100k and 1M tokens: {@code Conversation.breakdown()}
     * from the estimates cached at append, beside measuring every message's text again (what it did before).
     */
    private static void contextMeter(BenchOutput out) {
        for (int files : new int[] {100, 1000}) {
            List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>();
            messages.add(SystemMessage.from(Prompts.load("system")));
            messages.add(UserMessage.from("Read the whole code base and explain it."));
            String line = "    public int field = compute(42); // some generated source text for the benchmark\n";
            for (int i = 0; i < files; i++) {
                ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_" + i).name("read_file")
                        .arguments("{\"file_path\":\"src/File" + i + ".java\"}").build();
                messages.add(AiMessage.builder().thinking("Next file " + i + ".").toolExecutionRequests(List.of(call)).build());
                messages.add(ToolExecutionResultMessage.from(call, line.repeat(45)));
            }
            TokenEstimator estimator = new TokenEstimator();
            Conversation c = Conversation.restore(messages, 0, ContextBudget.of(1_048_576, 393_216, null, true), estimator, 3_000);
            double[] cached = new double[7];
            double[] again = new double[7];
            int total = 0;
            for (int i = 0; i < cached.length; i++) {
                long t0 = System.nanoTime();
                total = c.breakdown().total();
                cached[i] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                long sum = 0;
                for (var m : c.messages()) {
                    sum += estimator.estimate(m);
                }
                again[i] = (System.nanoTime() - t0) / 1e6;
                total += (int) (sum & 1); // keeps the loop from being optimized away
            }
            String size = String.format(Locale.ROOT, "%,d", total);
            out.add("context meter (breakdown) at " + size + " estimated tokens, from cached estimates", "ms", cached);
            out.add("context meter at " + size + " tokens, measuring every message's text again (before)", "ms", again);
        }
    }

    /** A 200-turn session; the ratio of cache-hit tokens to prompt tokens, as the fake computes them. */
    private static void cacheHitRatio(BenchOutput out, Path dir) throws Exception {
        Path repo = DemoRepo.create(Files.createDirectories(dir).resolve("repo"));
        try (FakeV4Server server = FakeV4Server.start()) {
            for (int i = 0; i < 199; i++) {
                server.enqueue(Reply.toolCall(i % 3 == 0 ? "read_file" : i % 3 == 1 ? "grep" : "bash",
                        i % 3 == 0 ? "{\"file_path\":\"src/App.java\"}" : i % 3 == 1 ? "{\"pattern\":\"greet\"}" : "{\"command\":\"echo " + i + "\"}")
                        .reasoning("Turn " + i + ": keep going."));
            }
            server.enqueue(Reply.text("All 200 turns done."));
            CliRun.Result r = new CliRun(Files.createDirectories(dir.resolve("home")), repo).against(server)
                    .run("exec", "--output", "stream-json", "Do 200 turns");
            long hit = 0;
            long prompt = 0;
            List<Long> toolMs = new ArrayList<>();
            for (String line : r.out().lines().toList()) {
                JsonNode e = JSON.readTree(line);
                if (e.path("type").asText().equals("usage")) {
                    hit += e.path("usage").path("cache_hit_tokens").asLong();
                    prompt += e.path("usage").path("prompt_tokens").asLong();
                } else if (e.path("type").asText().equals("tool_call_finished")) {
                    toolMs.add(e.path("duration_ms").asLong());
                }
            }
            List<FakeV4Server.Recorded> req = server.requests();
            double harness = 0;
            for (int i = 1; i < req.size(); i++) {
                harness += (req.get(i).receivedNanos() - req.get(i - 1).answeredNanos()) / 1e6 - toolMs.get(i - 1);
            }
            out.add("200-turn session, harness time over all turns (in process, tools excluded)", "ms", new double[] {harness});
            out.add("200-turn session, prefix-cache hit ratio (cache-hit / prompt tokens, as the fake computes them)", "ratio",
                    new double[] {(double) hit / prompt});
            out.note(String.format(Locale.ROOT, "200-turn session: %d requests, %,d prompt tokens, %,d cache-hit tokens.",
                    req.size(), prompt, hit));
        }
    }

    /** Estimator against the V3 tokenizer, when bench.sh could install it (npm). */
    private static void estimatorError(BenchOutput out, Path tokenizerDir, Path dir) throws Exception {
        Files.createDirectories(dir);
        StringBuilder english = new StringBuilder(Files.readString(Path.of("README.md")));
        try (Stream<Path> prompts = Files.list(Path.of("prompts"))) {
            for (Path p : prompts.sorted().toList()) {
                english.append('\n').append(Files.readString(p));
            }
        }
        StringBuilder java = new StringBuilder();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path p : sources.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                java.append(Files.readString(p));
            }
        }
        String chinese = Files.readString(Path.of("src/test/resources/estimator/chinese.txt"));
        String[][] samples = {{"English (README + prompts)", english.toString()}, {"Java (src/main)", java.toString()}, {"Chinese", chinese}};
        if (tokenizerDir == null || !Files.isDirectory(tokenizerDir.resolve("node_modules"))) {
            out.note("Estimator: the V3 tokenizer is not installed (npm), so no error figures.");
            return;
        }
        TokenEstimator estimator = new TokenEstimator();
        for (String[] s : samples) {
            Path f = dir.resolve(s[0].replaceAll("\\W+", "_") + ".txt");
            Files.writeString(f, s[1]);
            Process p = new ProcessBuilder("node", "count-tokens.mjs", f.toAbsolutePath().toString()).directory(tokenizerDir.toFile())
                    .redirectErrorStream(true).start();
            String counted = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("tokenizer failed: " + counted);
            }
            String[] cols = counted.lines().reduce((a, b) -> b).orElseThrow().split("\t");
            long actual = Long.parseLong(cols[2]);
            int estimate = estimator.estimate(s[1]);
            out.add("estimator error on " + s[0] + " (" + actual + " V3 tokens, estimate " + estimate + ")", "%",
                    new double[] {100.0 * (estimate - actual) / actual});
        }
    }
}
