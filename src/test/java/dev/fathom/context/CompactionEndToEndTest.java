package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.loop.Prompts;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session that outgrows a 40,000-token window: it is compacted, keeps its task, and fits again. */
class CompactionEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHAPE_SNAPSHOT = Path.of("src/test/resources/snapshots/compacted-request-shape.txt");
    static final String TASK = "Read every file under data/ and tell me which ones mention the word 'tangerine'.";
    /**
     * Fast retries but a patient idle watchdog: each reply here is scripted once, so a stall retry (a reply slower than
     * CliRun's one second on a loaded machine) would eat the next one and fail the test for the machine's speed.
     */
    static final String PATIENT = "{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 60}";
    static final String SUMMARY = "SUMMARY: reading data/ files one by one; none so far mentions tangerine.";

    @TempDir
    Path tmp;

    @Test
    void compactsOnceKeepsTheTaskAndFitsTheWindow() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("AGENTS.md"), "Always answer in one sentence.\n");
        for (int i = 0; i < 30; i++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 6000) {
                sb.append("Line of file ").append(i).append(": plain text about fruit and the weather, nothing else.\n");
            }
            Files.createDirectories(repo.resolve("data"));
            Files.writeString(repo.resolve("data/file" + i + ".txt"), sb);
        }
        String reasoning = "I need to keep reading the files one at a time and remember what each says. ".repeat(12);
        String instruction = Prompts.load("compaction");
        AtomicInteger next = new AtomicInteger();
        try (FakeV4Server server = FakeV4Server.start()) {
            for (int step = 0; step < 40; step++) {
                server.enqueue(request -> {
                    JsonNode messages = request.path("messages");
                    if (messages.get(messages.size() - 1).path("content").asText().startsWith(instruction.substring(0, 40))) {
                        return Reply.text(SUMMARY).reasoning("Summarize.");
                    }
                    int n = next.getAndIncrement();
                    return n < 30 ? Reply.toolCall("read_file", "{\"file_path\":\"data/file" + n + ".txt\"}").reasoning(reasoning)
                            : Reply.text("None of them mentions tangerine.");
                });
            }
            CliRun.Result r = new CliRun(Files.createDirectories(tmp.resolve("home")), repo).against(server).settings(PATIENT)
                    .run("exec", "--context-window", "40000", "--output", "stream-json", TASK);

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(server.badRequests()).isZero();
            List<JsonNode> events = new ArrayList<>();
            for (String line : r.out().lines().toList()) {
                events.add(JSON.readTree(line));
            }
            List<JsonNode> compactions = events.stream().filter(e -> e.path("type").asText().equals("context_compacted")).toList();
            assertThat(compactions).isNotEmpty();
            assertThat(compactions).as(compactions.toString()).anyMatch(c -> c.path("summarized").asBoolean());

            List<FakeV4Server.Recorded> requests = server.requests();
            int summaryAt = -1;
            for (int i = 0; i < requests.size(); i++) {
                if (requests.get(i).json().path("tool_choice").asText().equals("none")) {
                    summaryAt = i;
                    break;
                }
            }
            assertThat(summaryAt).as("a summary request was made").isPositive();
            JsonNode previous = requests.get(summaryAt - 1).json().path("messages");
            JsonNode summaryRequest = requests.get(summaryAt).json().path("messages");
            for (int i = 0; i < previous.size(); i++) {
                assertThat(summaryRequest.get(i)).as("summary request message %d repeats the previous request", i).isEqualTo(previous.get(i));
            }
            assertThat(summaryRequest.size()).isGreaterThan(previous.size());
            assertThat(summaryRequest.get(summaryRequest.size() - 1).path("content").asText()).startsWith(instruction);

            JsonNode after = requests.get(summaryAt + 1).json();
            assertThat(FakeV4Server.promptTokens(after)).as("the request after compaction fits").isLessThan(40_000 - 8_000);
            String afterText = after.path("messages").toString();
            assertThat(after.path("messages").get(1).path("content").asText()).contains("Always answer in one sentence.");
            assertThat(after.path("messages").get(2).path("content").asText()).contains(SUMMARY).contains(TASK);
            assertThat(afterText).contains(TASK);
            assertShape(after.path("messages"));
            assertThat(r.out()).contains("None of them mentions tangerine.");
        }
    }

    @Test
    void aContextOverflowFromTheEndpointForcesACompactionAndOneRetry() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo2"));
        try (FakeV4Server server = FakeV4Server.start()) {
            server.enqueue(Reply.toolCall("bash", "{\"command\":\"seq 1 3000\"}"))
                    .enqueue(Reply.toolCall("bash", "{\"command\":\"echo checked\"}"))
                    .enqueue(dev.fathom.testing.Fault.http(400, "This model's maximum context length is 1048576 tokens; your request has too many"))
                    .enqueue(Reply.text(SUMMARY))
                    .enqueue(request -> {
                        assertThat(request.path("messages").toString()).contains(SUMMARY).contains("Count to 3000");
                        return Reply.text("Counted.");
                    });
            CliRun.Result r = new CliRun(Files.createDirectories(tmp.resolve("home2")), repo).against(server).settings(PATIENT)
                    // a window where the first command's output is more than a compaction keeps verbatim (the last
                    // call and its result always stay), so the summary shrinks the request (one that does not is dropped)
                    .run("exec", "--no-auto-compact", "--context-window", "12000", "Count to 3000");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("Counted.\n");
            assertThat(r.err()).contains("context compacted (the endpoint reported a context overflow)");
        }
    }

    /** The rebuilt request's shape (roles, tool calls, which fixed texts it holds), compared whole with a snapshot. */
    static void assertShape(JsonNode messages) throws IOException {
        StringBuilder shape = new StringBuilder();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            String content = m.path("content").asText();
            String kind = role.equals("system") ? "system prompt"
                    : content.startsWith(Prompts.load("instructions-intro")) ? "project instructions"
                    : content.startsWith(Prompts.load("compaction-summary-intro")) ? "summary + user messages" + (content.contains(TASK) ? " (task kept)" : "")
                    : role.equals("tool") ? (content.startsWith("[Output cleared") ? "tool result (cleared)" : "tool result")
                    : role.equals("assistant") ? "assistant, " + m.path("tool_calls").size() + " tool call(s)" : role;
            shape.append(kind).append('\n');
        }
        if (Boolean.getBoolean("fathom.updateSnapshots")) {
            Files.createDirectories(SHAPE_SNAPSHOT.getParent());
            Files.writeString(SHAPE_SNAPSHOT, shape.toString());
        }
        assertThat(shape.toString()).isEqualTo(Files.readString(SHAPE_SNAPSHOT));
    }
}
