package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explore tool end to end: sub-agents on the explore model, read-only, in parallel, on one cached prefix. */
class ExploreEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> READ_ONLY_TOOLS = List.of("read_file", "glob", "grep", "bash", "git_status", "git_diff", "git_log");

    @TempDir
    Path tmp;
    FakeV4Server server;
    Path home;
    Path ws;

    @BeforeEach
    void setUp() throws IOException {
        server = FakeV4Server.start();
        home = Files.createDirectories(tmp.resolve("home"));
        ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("a.txt"), "hello\n");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static List<String> toolNames(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.path("tools").forEach(t -> names.add(t.path("function").path("name").asText()));
        return names;
    }

    static boolean isSubAgent(JsonNode request) {
        return request.path("messages").get(0).path("content").asText().startsWith("You are an explorer");
    }

    @Test
    void aSubAgentRunsOnFlashWithOnlyReadOnlyToolsAndItsReportIsTheResult() throws IOException {
        String[] resultSeen = new String[1];
        server.enqueue(Reply.toolCall("explore", "{\"task\":\"Where is the greeting?\"}"))
                .enqueue(Reply.toolCall("write_file", "{\"file_path\":\"hacked.txt\",\"content\":\"x\"}")
                        .andToolCall("bash", "{\"command\":\"touch hacked2.txt\"}")
                        .andToolCall("explore", "{\"task\":\"recurse\"}"))
                .enqueue(Reply.toolCall("read_file", "{\"file_path\":\"a.txt\"}"))
                .enqueue(Reply.text("The greeting is a.txt:1 (`hello`)."))
                .enqueue(request -> {
                    resultSeen[0] = ExecFailuresTest.toolResults(request).get(0);
                    return Reply.text("It is in a.txt.");
                });

        CliRun.Result r = new CliRun(home, ws).against(server).run("exec", "--output", "json", "Where is the greeting?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<FakeV4Server.Recorded> sent = server.requests();
        assertThat(sent).extracting(q -> q.json().path("model").asText())
                .containsExactly("deepseek-v4-pro", "deepseek-flash", "deepseek-flash", "deepseek-flash", "deepseek-v4-pro");
        assertThat(toolNames(sent.get(0).json())).contains("explore");
        for (int i = 1; i <= 3; i++) {
            assertThat(isSubAgent(sent.get(i).json())).isTrue();
            assertThat(toolNames(sent.get(i).json())).containsExactlyElementsOf(READ_ONLY_TOOLS);
            assertThat(sent.get(i).json().path("messages").get(1).path("content").asText()).isEqualTo("Where is the greeting?");
        }
        List<String> refusals = ExecFailuresTest.toolResults(sent.get(2).json());
        assertThat(refusals.get(0)).startsWith("Not run: write_file is not available here").contains("read-only explorer");
        assertThat(refusals.get(1)).startsWith("Not run: `touch hacked2.txt` is not a plain read");
        assertThat(refusals.get(2)).startsWith("Not run: explore is not available here").contains("start other agents");
        assertThat(ws.resolve("hacked.txt")).doesNotExist();
        assertThat(ws.resolve("hacked2.txt")).doesNotExist();
        List<String> subResults = ExecFailuresTest.toolResults(sent.get(3).json());
        assertThat(subResults.get(subResults.size() - 1)).contains("hello");
        assertThat(resultSeen[0]).isEqualTo("The greeting is a.txt:1 (`hello`).");
        assertThat(sent.get(4).json().path("messages").toString()).as("the parent's context holds the report, not the sub-agent's reads")
                .doesNotContain("Where is the greeting?\",\"reasoning_content").doesNotContain("hacked2");

        JsonNode costs = JSON.readTree(r.out()).path("costs");
        assertThat(costs.path("by_role").path("explore").path("requests").asInt()).isEqualTo(3);
        assertThat(costs.path("by_role").path("main").path("requests").asInt()).isEqualTo(2);
        assertThat(costs.path("by_model").path("deepseek-flash").path("cost_usd").asDouble()).isPositive();
        double total = costs.path("by_model").path("deepseek-flash").path("cost_usd").asDouble()
                + costs.path("by_model").path("deepseek-v4-pro").path("cost_usd").asDouble();
        assertThat(JSON.readTree(r.out()).path("cost_usd").asDouble()).as("the sub-agent's cost is part of the run's")
                .isCloseTo(total, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void twoExploreCallsInOneTurnRunInParallelAndSubAgentsShareOneCachedPrefix() throws IOException {
        CountDownLatch bothArrived = new CountDownLatch(2);
        AtomicBoolean parallel = new AtomicBoolean(true);
        List<String> tasks = new CopyOnWriteArrayList<>();
        java.util.function.Function<JsonNode, Reply> waitForTheOther = request -> {
            String task = request.path("messages").get(1).path("content").asText();
            tasks.add(task);
            bothArrived.countDown();
            try {
                // Each sub-agent's first request is held until the other's has arrived: only parallel runs get past this.
                if (!bothArrived.await(60, TimeUnit.SECONDS)) {
                    parallel.set(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.text("Report on " + task);
        };
        List<String> results = new CopyOnWriteArrayList<>();
        server.enqueue(Reply.toolCall("explore", "{\"task\":\"Task ONE\"}").andToolCall("explore", "{\"task\":\"Task TWO\"}"))
                .enqueue(waitForTheOther).enqueue(waitForTheOther)
                .enqueue(request -> {
                    results.addAll(ExecFailuresTest.toolResults(request));
                    return Reply.toolCall("explore", "{\"task\":\"Task THREE\"}");
                })
                .enqueue(Reply.text("Report on Task THREE"))
                .enqueue(Reply.text("Done."));

        // The held request sends nothing until the other arrives: the idle watchdog must outlast that wait, or it retries.
        CliRun.Result r = new CliRun(home, ws).against(server).settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 120}")
                .run("exec", "--output", "json", "Look into three things");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(parallel).as("the two sub-agents ran at the same time").isTrue();
        assertThat(tasks).containsExactlyInAnyOrder("Task ONE", "Task TWO");
        assertThat(results).as("results in call order").containsExactly("Report on Task ONE", "Report on Task TWO");
        List<FakeV4Server.Recorded> subs = server.requests().stream().filter(q -> isSubAgent(q.json())).toList();
        assertThat(subs).hasSize(3);
        for (FakeV4Server.Recorded s : subs) {
            assertThat(s.json().path("messages").get(0)).isEqualTo(subs.get(0).json().path("messages").get(0));
            assertThat(s.json().path("tools").toString()).isEqualTo(subs.get(0).json().path("tools").toString());
            int systemAt = s.body().indexOf("\"messages\":[");
            int taskAt = s.body().indexOf("{\"role\":\"user\"");
            assertThat(s.body().substring(systemAt, taskAt)).as("the same system message bytes")
                    .isEqualTo(subs.get(0).body().substring(subs.get(0).body().indexOf("\"messages\":["), subs.get(0).body().indexOf("{\"role\":\"user\"")));
        }
        FakeV4Server.Recorded third = subs.get(2);
        assertThat(third.json().path("messages").get(1).path("content").asText()).isEqualTo("Task THREE");
        assertThat(server.cacheHitTokens(third)).as("a later sub-agent hits the prefix the earlier ones left in Flash's cache")
                .isGreaterThanOrEqualTo(1024);
    }
}
