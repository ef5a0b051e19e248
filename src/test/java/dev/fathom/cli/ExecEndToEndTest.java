package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real entry point against the fake endpoint in a temporary git repository. */
class ExecEndToEndTest extends EndToEndSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listsReadsEditsAndAnswers() throws IOException {
        String editArgs = "{\"file_path\": \"src/App.java\", \"old_string\": \"return \\\"Hello\\\";\", \"new_string\": \"return \\\"Hello, Fathom\\\";\"}";
        server.enqueue(Reply.toolCall("bash", "{\"command\": \"ls\"}").reasoning("First, the files."))
                .enqueue(request -> {
                    assertThat(lastToolResult(request)).contains("README.md").contains("src").contains("[exit code 0]");
                    return Reply.toolCall("read_file", "{\"file_path\":\"src/App.java\"}").reasoning("Read the app.");
                })
                .enqueue(request -> {
                    assertThat(lastToolResult(request)).contains("return \"Hello\";");
                    return Reply.toolCall("edit_file", editArgs);
                })
                .enqueue(request -> {
                    assertThat(lastToolResult(request)).contains("+        return \"Hello, Fathom\";");
                    return Reply.text("The greeting now says Hello, Fathom.").reasoning("All done.");
                });

        CliRun.Result r = cli.run("exec", "--thinking", "on", "Change the greeting");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("The greeting now says Hello, Fathom.\n");
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("return \"Hello, Fathom\";");
        assertThat(server.badRequests()).isZero();
        List<FakeV4Server.Recorded> requests = server.requests();
        assertThat(requests).hasSize(4);
        JsonNode last = requests.get(3).json();
        assertThat(last.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(last.path("reasoning_effort").asText()).isEqualTo("max");
        JsonNode messages = last.path("messages");
        assertThat(messages.get(2).path("reasoning_content").asText()).isEqualTo("First, the files.");
        assertThat(messages.get(6).path("reasoning_content").isTextual()).isTrue();
        assertThat(messages.get(6).path("reasoning_content").asText()).isEmpty();
        assertThat(messages.get(6).path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo(editArgs);
        for (int i = 1; i < 4; i++) {
            assertThat(requests.get(i).body()).as("request %d extends request %d", i, i - 1)
                    .startsWith(prefixOfMessages(requests.get(i - 1).body()));
        }
        assertThat(r.err()).contains("bash ls").contains("edit_file");
    }

    @Test
    void jsonOutputReportsUsageAndCost() throws IOException {
        server.enqueue(Reply.toolCall("glob", "{\"pattern\":\"*.java\"}")).enqueue(Reply.text("One Java file."));

        CliRun.Result r = cli.run("exec", "--output", "json", "--model", "flash", "How many Java files?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode result = JSON.readTree(r.out());
        assertThat(result.path("status").asText()).isEqualTo("done");
        assertThat(result.path("final").asText()).isEqualTo("One Java file.");
        assertThat(result.path("model").asText()).isEqualTo("deepseek-flash");
        assertThat(result.path("turns").asInt()).isEqualTo(2);
        assertThat(result.path("session_id").asText()).isNotBlank();
        JsonNode usage = result.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isPositive();
        assertThat(usage.path("cache_hit_tokens").asLong() + usage.path("cache_miss_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong());
        assertThat(usage.path("cache_hit_tokens").asLong()).as("the second request reuses the first one's prefix").isPositive();
        assertThat(result.path("cost_usd").asDouble()).isPositive();
    }

    @Test
    void streamJsonEmitsOneEventPerLine() throws IOException {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"README.md\"}").reasoning("Look."))
                .enqueue(Reply.text("It is a demo.").reasoning("Seen."));

        CliRun.Result r = cli.run("exec", "--output", "stream-json", "What is this?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> types = r.out().lines().map(line -> {
            try {
                return JSON.readTree(line).path("type").asText();
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }).distinct().toList();
        assertThat(types).containsExactly("session_started", "reasoning_delta", "usage", "tool_call_started", "tool_call_finished",
                "text_delta", "finished");
        JsonNode finished = JSON.readTree(r.out().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(finished.path("status").asText()).isEqualTo("done");
        assertThat(finished.path("final").asText()).isEqualTo("It is a demo.");
    }

    /** The text of the last tool message in a request. */
    static String lastToolResult(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).path("role").asText().equals("tool")) {
                return messages.get(i).path("content").asText();
            }
        }
        throw new AssertionError("no tool message in request");
    }

    /** The request body up to the end of its messages array's last element, without the closing bracket. */
    static String prefixOfMessages(String body) {
        int end = body.indexOf("],\"tools\"");
        return body.substring(0, end);
    }

    @Test
    void aHeadlessRunSaysWhenTheModelThinksAndAnswersAndPrintsTheAnswerWithoutRawEscapes() {
        server.enqueue(Reply.text("Done \u001b]52;c;cGF5bG9hZA==\u0007 and \u001b[2J.").reasoning("Let me think about this carefully."));
        CliRun.Result r = cli.run("exec", "Go");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("\u00b7 thinking").contains("\u00b7 answering");
        assertThat(r.out()).doesNotContain("\u001b").contains("\\e]52;c;cGF5bG9hZA==\\x07").contains("\\e[2J");
    }
}
