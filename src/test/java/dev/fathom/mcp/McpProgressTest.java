package dev.fathom.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.ReferenceMcpServers;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server's {@code notifications/progress} for a running call reach {@code exec --output stream-json} as
 * {@code progress} events of that call, over stdio and streamable HTTP (server-everything's long-running operation,
 * which reports each step when the call carries a progress token), with the server's message when it sends one (the
 * in-repo server's {@code progress} tool).
 */
class McpProgressTest extends EndToEndSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    void settings(String servers) throws IOException {
        Files.createDirectories(repo.resolve(".fathom"));
        Files.writeString(repo.resolve(".fathom/settings.json"), "{\"mcpServers\": {" + servers + "}}");
        cli.settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30, \"trusted_projects\": [\"" + repo + "\"]}");
    }

    static String quote(String s) throws IOException {
        return JSON.writeValueAsString(s);
    }

    /** The stream-json lines of a run that calls {@code tool} once, and the call's id. */
    List<JsonNode> run(String tool, String arguments) throws IOException {
        server.enqueue(Reply.toolCall(tool, arguments)).enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "--output", "stream-json", "Run the long operation");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    static List<JsonNode> ofType(List<JsonNode> lines, String type) {
        return lines.stream().filter(l -> l.path("type").asText().equals(type)).toList();
    }

    /** Each step of the operation as a progress event of the call, between its start and its end. */
    static void assertSteps(List<JsonNode> lines, String tool, int steps) {
        JsonNode started = ofType(lines, "tool_call_started").get(0);
        List<JsonNode> progress = ofType(lines, "progress");
        assertThat(progress).as(lines.toString()).hasSize(steps);
        for (int i = 0; i < steps; i++) {
            JsonNode p = progress.get(i);
            assertThat(p.path("call_id").asText()).isEqualTo(started.path("call_id").asText());
            assertThat(p.path("name").asText()).isEqualTo(tool);
            assertThat(p.path("progress").asInt()).isEqualTo(i + 1);
            assertThat(p.path("total").asInt()).isEqualTo(steps);
        }
        assertThat(lines.indexOf(progress.get(0))).isGreaterThan(lines.indexOf(started));
        assertThat(lines.indexOf(progress.get(steps - 1))).isLessThan(lines.indexOf(ofType(lines, "tool_call_finished").get(0)));
    }

    @Test
    void progressOfAReferenceServerOverStdioIsStreamed() throws IOException {
        Path script = ReferenceMcpServers.script("server-everything");
        settings("\"ev\": {\"command\": \"node\", \"args\": [" + quote(script.toString()) + "]}");
        String tool = "mcp__ev__trigger-long-running-operation";
        assertSteps(run(tool, "{\"duration\": 2, \"steps\": 2}"), tool, 2);
    }

    @Test
    void progressOfAReferenceServerOverStreamableHttpIsStreamed() throws IOException {
        try (ReferenceMcpServers.EverythingOverHttp http = new ReferenceMcpServers.EverythingOverHttp(tmp.resolve("everything.log"))) {
            settings("\"web\": {\"url\": \"" + http.url() + "\"}");
            String tool = "mcp__web__trigger-long-running-operation";
            assertSteps(run(tool, "{\"duration\": 2, \"steps\": 2}"), tool, 2);
        }
    }

    @Test
    void aProgressMessageIsPartOfTheEvent() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        settings("\"t\": {\"command\": " + quote(java) + ", \"args\": [\"-cp\", " + quote(System.getProperty("java.class.path"))
                + ", \"dev.fathom.testing.TestMcpServer\"]}");
        List<JsonNode> progress = ofType(run("mcp__t__progress", "{}"), "progress");
        assertThat(progress).hasSize(1);
        assertThat(progress.get(0).toString()).endsWith(",\"name\":\"mcp__t__progress\",\"progress\":1,\"total\":2,\"message\":\"halfway\"}");
    }
}
