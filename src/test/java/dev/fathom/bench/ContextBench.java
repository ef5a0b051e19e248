package dev.fathom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Context benchmarks: the harness's own time per turn and peak RSS with 10k, 100k and 1M tokens of context (the
 * launcher resumes a generated session against the fake endpoint; per turn = from the answer's end to the next
 * request's arrival, tool time subtracted), the prefix-cache hit ratio over a 200-turn session, and the estimator's
 * error against the DeepSeek V3 tokenizer. Usage: src/bench/bench.sh context
 */
public final class ContextBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TURNS = 6;

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("fathom-contextbench");
        System.out.println("| context | harness time per turn, median (ms) | min | max | peak RSS (MB) |");
        System.out.println("|---|---|---|---|---|");
        for (int tokens : new int[] {10_000, 100_000, 1_000_000}) {
            perTurn(root.resolve("ctx-" + tokens), tokens);
        }
        System.out.println();
        cacheHitRatio(root.resolve("cache"));
        System.out.println();
        estimatorError(args.length > 1 ? Path.of(args[1]) : null, root.resolve("estimator"));
    }

    /** Resumes a generated session of about {@code tokens} (as the fake counts them) and runs a few cheap tool turns. */
    private static void perTurn(Path dir, int tokens) throws Exception {
        Path repo = DemoRepo.create(Files.createDirectories(dir).resolve("repo"));
        Path home = dir.resolve("home");
        String id = "bench-" + tokens;
        writeSession(new SessionPaths(home, repo).logFile(id), tokens);
        try (FakeV4Server server = FakeV4Server.start()) {
            for (int i = 0; i < TURNS; i++) {
                server.enqueue(Reply.toolCall("update_plan", "{\"items\":[{\"step\":\"turn " + i + "\",\"status\":\"in_progress\"}]}"));
            }
            server.enqueue(Reply.text("done"));
            List<String> cmd = List.of("/usr/bin/time", "-f", "BENCH %M", Path.of("target/fathom").toAbsolutePath().toString(), "exec",
                    "--resume", id, "--no-auto-compact", "--output", "stream-json", "Go on");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
            pb.environment().put("DEEPSEEK_API_KEY", server.apiKey());
            pb.environment().put("DEEPSEEK_BASE_URL", server.baseUrl());
            pb.environment().put("FATHOM_HOME", home.toString());
            Path out = dir.resolve("out.jsonl");
            Path err = dir.resolve("err.txt");
            int code = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
            if (code != 0) {
                throw new IllegalStateException("exit " + code + ": " + Files.readString(err));
            }
            List<Long> toolMs = new ArrayList<>();
            for (String line : Files.readAllLines(out)) {
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
            Arrays.sort(ms);
            String rss = Files.readAllLines(err).stream().filter(l -> l.startsWith("BENCH ")).reduce((a, b) -> b).orElseThrow().substring(6);
            int measured = FakeV4Server.promptTokens(r.get(0).json());
            System.out.printf(Locale.ROOT, "| %,d tokens | %.1f | %.1f | %.1f | %.0f |%n", measured, ms[ms.length / 2], ms[0],
                    ms[ms.length - 1], Long.parseLong(rss) / 1024.0);
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

    /** A 200-turn session; the ratio of cache-hit tokens to prompt tokens, as the fake computes them. */
    private static void cacheHitRatio(Path dir) throws Exception {
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
            for (String line : r.out().lines().toList()) {
                JsonNode e = JSON.readTree(line);
                if (e.path("type").asText().equals("usage")) {
                    hit += e.path("usage").path("cache_hit_tokens").asLong();
                    prompt += e.path("usage").path("prompt_tokens").asLong();
                }
            }
            System.out.printf(Locale.ROOT, "200-turn session: %d requests, %,d prompt tokens, %,d cache hits: hit ratio %.4f%n",
                    server.requests().size(), prompt, hit, (double) hit / prompt);
        }
    }

    /** Estimator against the V3 tokenizer, when bench.sh could install it (npm). */
    private static void estimatorError(Path tokenizerDir, Path dir) throws Exception {
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
            System.out.println("estimator: the V3 tokenizer is not installed (npm), so no error figures");
            return;
        }
        System.out.println("| text | characters | V3 tokenizer tokens | Fathom estimate | error |");
        System.out.println("|---|---|---|---|---|");
        TokenEstimator estimator = new TokenEstimator();
        for (String[] s : samples) {
            Path f = dir.resolve(s[0].replaceAll("\\W+", "_") + ".txt");
            Files.writeString(f, s[1]);
            Process p = new ProcessBuilder("node", "count-tokens.mjs", f.toAbsolutePath().toString()).directory(tokenizerDir.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("tokenizer failed: " + out);
            }
            String[] cols = out.lines().reduce((a, b) -> b).orElseThrow().split("\t");
            long actual = Long.parseLong(cols[2]);
            int estimate = estimator.estimate(s[1]);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %+.1f%% |%n", s[0], s[1].length(), actual, estimate,
                    100.0 * (estimate - actual) / actual);
        }
    }
}
