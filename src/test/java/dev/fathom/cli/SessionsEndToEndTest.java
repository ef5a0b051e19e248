package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Sessions are logged per event, listed, resumed with the same request prefix, and survive kill -9. */
class SessionsEndToEndTest extends EndToEndSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    Path onlyLog() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve(".fathom/sessions"))) {
            List<Path> logs = files.filter(p -> p.toString().endsWith(".jsonl")).toList();
            assertThat(logs).hasSize(1);
            return logs.get(0);
        }
    }

    @Test
    void continuingInteractivelyWithoutAnEarlierSessionIsAUsageError() {
        for (String[] args : List.of(new String[] {"--continue"}, new String[] {"resume", "--last"}, new String[] {"-r", "nosuch"})) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).containsAnyOf("no earlier session", "no session 'nosuch'");
        }
        CliRun.Result both = cli.run("-c", "-r", "x");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("exclude each other");
    }

    @Test
    void aLongSessionOnlyAppendsAndResumesWithTheSamePrefix() throws IOException {
        for (int i = 0; i < 25; i++) {
            server.enqueue(Reply.toolCall(i % 2 == 0 ? "bash" : "read_file",
                    i % 2 == 0 ? "{\"command\": \"echo step " + i + "\"}" : "{\"file_path\" : \"README.md\"}").reasoning("Step " + i + "."));
        }
        server.enqueue(Reply.text("Done with 25 steps.").reasoning("Finish."));
        CliRun.Result first = cli.run("exec", "--output", "json", "Do 25 steps");
        assertThat(first.exitCode()).as(first.err()).isZero();
        List<FakeV4Server.Recorded> requests = server.requests();
        assertThat(requests).hasSize(26);
        for (int i = 1; i < requests.size(); i++) {
            assertThat(requests.get(i).body()).as("request %d extends request %d byte for byte", i, i - 1)
                    .startsWith(ExecEndToEndTest.prefixOfMessages(requests.get(i - 1).body()));
        }
        String id = JSON.readTree(first.out()).path("session_id").asText();

        server.enqueue(Reply.text("Still here."));
        CliRun.Result resumed = cli.run("resume", id, "Are you still there?");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).isEqualTo("Still here.\n");
        String before = requests.get(25).body();
        String after = server.requests().get(26).body();
        assertThat(after).as("the resumed request extends the last one").startsWith(ExecEndToEndTest.prefixOfMessages(before));
        JsonNode cached = JSON.readTree(Files.readAllLines(onlyLog()).stream().filter(l -> l.contains("\"type\":\"usage\""))
                .reduce((a, b) -> b).orElseThrow());
        assertThat(cached.path("usage").path("cache_hit_tokens").asLong()).as("prefix cache hit after resume").isPositive();

        CliRun.Result list = cli.run("sessions");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(id).contains("Do 25 steps").contains(repo.toString());
    }

    @Test
    void aTruncatedLastLineIsToleratedAndContinueFindsTheLastSession() throws IOException {
        server.enqueue(Reply.text("First answer."));
        assertThat(cli.run("exec", "First question").exitCode()).isZero();
        Path log = onlyLog();
        Files.writeString(log, "{\"type\":\"message\",\"message\":{\"role\":\"us", StandardOpenOption.APPEND);
        server.enqueue(request -> {
            JsonNode m = request.path("messages");
            assertThat(m.get(m.size() - 2).path("content").asText()).isEqualTo("First answer.");
            return Reply.text("Second answer.");
        });
        CliRun.Result r = cli.run("exec", "--continue", "Second question");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Second answer.\n");
        for (String line : Files.readAllLines(log)) {
            JSON.readTree(line); // every line is whole again
        }
        assertThat(cli.run("exec", "--resume", "nope", "x").err()).contains("no session 'nope'");
    }

    @Test
    void aSessionKilledBeforeItsFirstPromptStartsAgainUnderItsId() throws IOException {
        Path log = new dev.fathom.session.SessionPaths(home.resolve(".fathom"), repo).logFile("20260101-000000-abcdef");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "{\"type\":\"session\",\"id\":\"20260101-000000-abcdef\",\"created\":\"2026-01-01T00:00:00Z\","
                + "\"workspace\":\"x\",\"model\":\"deepseek-v4-pro\",\"instructions\":false}\n{\"type\":\"message\",\"mess");
        server.enqueue(Reply.text("fresh start"));
        CliRun.Result r = cli.run("exec", "--continue", "--output", "json", "Hello again");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).path("session_id").asText()).isEqualTo("20260101-000000-abcdef");
        assertThat(server.requests().get(0).json().path("messages").get(0).path("role").asText()).isEqualTo("system");
    }

    /** kill -9 at random points of a running exec: every session resumes and loses no flushed record. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES) // 20 child JVMs: over 2 minutes here
    void survivesKillNineAtRandomPoints() throws Exception {
        int trials = Integer.getInteger("fathom.killTrials", 20);
        int midRun = 0;
        for (int trial = 0; trial < trials; trial++) {
            Path trialHome = Files.createDirectories(tmp.resolve("kill-home-" + trial));
            // About 25 turns of 150 ms or more: far longer than the latest kill, so kills land before or during the run.
            for (int i = 0; i < 25; i++) {
                server.enqueue(Reply.toolCall("bash", "{\"command\": \"echo " + trial + "-" + i + " >> trace.txt\"}")
                        .reasoning("Step " + i + " of a long task.").chunkDelay(10));
            }
            server.enqueue(Reply.text("finished").chunkDelay(10));
            int requestsBefore = server.requests().size();
            Process p = startChild(trialHome, "Long task " + trial);
            // Kill once the log holds a random number of records (none at all in some trials): the kill lands at a
            // random point of the run whatever the machine's speed, instead of after a random time.
            int records = ThreadLocalRandom.current().nextInt(0, 40);
            waitForRecords(trialHome, records, p);
            p.destroyForcibly().waitFor();
            List<FakeV4Server.Recorded> sent = server.requests().subList(requestsBefore, server.requests().size());
            Path log;
            try (Stream<Path> files = Files.walk(trialHome)) {
                log = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElse(null);
            }
            if (log == null) {
                assertThat(sent).as("no log, so nothing was sent either").isEmpty();
                continue;
            }
            List<String> linesBefore = Files.readAllLines(log, StandardCharsets.UTF_8);
            midRun += linesBefore.stream().noneMatch(l -> l.contains("\"type\":\"finished\"")) ? 1 : 0;
            resetScript();
            server.enqueue(Reply.text("resumed ok"));
            CliRun resumeCli = new CliRun(trialHome, repo).against(server);
            CliRun.Result r = resumeCli.run("exec", "--continue", "Go on");
            assertThat(r.exitCode()).as("trial %d: %s", trial, r.err()).isZero();
            assertThat(r.out()).isEqualTo("resumed ok\n");
            List<String> linesAfter = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> whole = linesBefore.stream().filter(SessionsEndToEndTest::parses).toList();
            assertThat(linesAfter.subList(0, whole.size())).as("trial %d: every flushed record is still there", trial).isEqualTo(whole);
            if (!sent.isEmpty()) {
                JsonNode lastBefore = sent.get(sent.size() - 1).json().path("messages");
                JsonNode firstAfter = server.requests().get(server.requests().size() - 1).json().path("messages");
                for (int i = 0; i < lastBefore.size(); i++) {
                    assertThat(firstAfter.get(i)).as("trial %d: message %d keeps its bytes", trial, i).isEqualTo(lastBefore.get(i));
                }
            }
            assertThat(server.badRequests()).isZero();
        }
        assertThat(midRun).as("most kills land in the middle of a run").isGreaterThanOrEqualTo(trials / 2);
    }

    /** Waits (at most a minute) until the session log under {@code home} has {@code records} lines, or the child ended. */
    private static void waitForRecords(Path home, int records, Process child) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (records > 0 && child.isAlive() && System.nanoTime() < end) {
            try (Stream<Path> files = Files.walk(home)) {
                Path log = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElse(null);
                if (log != null && Files.readAllLines(log, StandardCharsets.ISO_8859_1).size() >= records) {
                    return;
                }
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException racing) {
                // the session folder is being created
            }
            Thread.onSpinWait();
            Thread.sleep(5);
        }
    }

    private void resetScript() {
        while (server.remainingSteps() > 0) {
            server.pollStep();
        }
    }

    private static boolean parses(String line) {
        try {
            JSON.readTree(line);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Process startChild(Path trialHome, String prompt) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.fathom.cli.Main", "exec", prompt)
                .directory(repo.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(new java.io.File("/dev/null")); // exec reads a piped stdin to its end
        pb.environment().put("DEEPSEEK_API_KEY", server.apiKey());
        pb.environment().put("DEEPSEEK_BASE_URL", server.baseUrl());
        pb.environment().put("FATHOM_HOME", trialHome.resolve(".fathom").toString());
        pb.environment().put("HOME", trialHome.toString());
        Files.createDirectories(trialHome.resolve(".fathom"));
        Files.writeString(trialHome.resolve(".fathom/settings.json"), "{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30}");
        return pb.start();
    }
}
