package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.fathom.testing.TestMcpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MCP servers over stdio and HTTP: tools offered and called, approvals applied, a crash survived. */
class McpEndToEndTest extends McpSupport {
    @Test
    void stdioToolsAreOfferedCalledAndGovernedByTheApprovalPolicy() throws IOException {
        settings("{\"mcpServers\": {\"kb\": " + stdioServer("") + ", \"read_only\": true}, \"writer\": " + stdioServer("") + "}}}");
        server.enqueue(request -> {
            JsonNode tools = request.path("tools");
            List<String> names = new java.util.ArrayList<>();
            tools.forEach(t -> names.add(t.path("function").path("name").asText()));
            assertThat(names).contains("mcp__kb__lookup", "mcp__kb__record", "mcp__writer__lookup", "mcp__writer__record");
            JsonNode lookup = tools.get(names.indexOf("mcp__kb__lookup")).path("function").path("parameters");
            assertThat(lookup.path("properties").path("key").path("minLength").asInt()).as("the server's schema, verbatim").isEqualTo(1);
            assertThat(lookup.path("additionalProperties").asBoolean(true)).isFalse();
            return Reply.toolCall("mcp__kb__lookup", "{\"key\":\"answer\"}").andToolCall("mcp__writer__record", "{\"line\":\"hello\"}");
        }).enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "--approval", "read-only", "Use the tools");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> results = ExecFailuresTest.toolResults(server.requests().get(1).json());
        assertThat(results.get(0)).isEqualTo("The value of answer is 42.");
        assertThat(results.get(1)).startsWith("Not run:").contains("read-only");
        assertThat(Files.exists(repo.resolve("record.txt"))).isFalse();

        server.enqueue(Reply.toolCall("mcp__writer__record", "{\"line\":\"hello\"}")).enqueue(Reply.text("Recorded."));
        CliRun.Result full = cli.run("exec", "Record it");
        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(Files.readString(repo.resolve("record.txt"))).isEqualTo("hello\n");

        CliRun.Result list = cli.run("mcp", "list");
        assertThat(list.exitCode()).as(list.out()).isZero();
        assertThat(list.out()).contains("kb").contains("running").contains("(read-only)").contains("mcp__kb__lookup");
    }

    @Test
    void aCrashingServerIsReportedOnceAndTheRunGoesOnWithAStableToolList() throws IOException {
        settings("{\"mcpServers\": {\"flaky\": " + stdioServer(", \"crash-after=1\"") + "}}}");
        server.enqueue(Reply.toolCall("mcp__flaky__lookup", "{\"key\":\"a\"}"))
                .enqueue(Reply.toolCall("mcp__flaky__lookup", "{\"key\":\"b\"}"))
                .enqueue(Reply.toolCall("mcp__flaky__lookup", "{\"key\":\"c\"}"))
                .enqueue(Reply.text("The server died."));
        CliRun.Result r = cli.run("exec", "Look things up");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> results = ExecFailuresTest.toolResults(server.requests().get(3).json());
        assertThat(results.get(0)).isEqualTo("The value of a is 42.");
        assertThat(results.get(1)).contains("flaky").contains("crashed");
        assertThat(results.get(2)).contains("not available");
        assertThat(r.err().split("fathom: MCP server 'flaky'", -1)).as("reported once").hasSize(2);
        String tools0 = server.requests().get(0).json().path("tools").toString();
        for (var req : server.requests()) {
            assertThat(req.json().path("tools").toString()).as("the tool list stays byte-stable").isEqualTo(tools0);
        }
        assertThat(server.badRequests()).isZero();
    }

    @Test
    void aFailedServersToolsLeaveAtTheNextCompaction() throws IOException {
        settings("{\"mcpServers\": {\"flaky\": " + stdioServer(", \"crash-after=0\"") + "}}}");
        server.enqueue(Reply.toolCall("mcp__flaky__lookup", "{\"key\":\"a\"}"))
                .enqueue(dev.fathom.testing.Fault.http(400, "maximum context length exceeded"))
                .enqueue(Reply.text("SUMMARY of the work so far."))
                .enqueue(request -> {
                    assertThat(request.path("tools").toString()).doesNotContain("mcp__flaky__");
                    return Reply.text("Carried on without it.");
                });
        CliRun.Result r = cli.run("exec", "Look it up");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<FakeV4Server.Recorded> requests = server.requests();
        assertThat(requests.get(2).json().path("tools").toString()).as("the summary request keeps the old list (cache hit)")
                .contains("mcp__flaky__lookup");
        assertThat(r.out()).isEqualTo("Carried on without it.\n");
    }

    @Test
    void httpServersWorkToo() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/mcp", ex -> {
            try (ex) {
                JsonNode msg = JSON.readTree(ex.getRequestBody().readAllBytes());
                if (!msg.has("id")) {
                    ex.sendResponseHeaders(202, -1);
                    return;
                }
                byte[] body;
                if (msg.path("method").asText().equals("tools/call")) {
                    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                    body = ("event: message\ndata: " + JSON.writeValueAsString(TestMcpServer.handle(msg, repo)) + "\n\n").getBytes(StandardCharsets.UTF_8);
                } else {
                    if (msg.path("method").asText().equals("initialize")) {
                        ex.getResponseHeaders().set("Mcp-Session-Id", "s-1");
                    } else if (!"s-1".equals(ex.getRequestHeaders().getFirst("Mcp-Session-Id"))) {
                        ex.sendResponseHeaders(400, -1);
                        return;
                    }
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    body = JSON.writeValueAsBytes(TestMcpServer.handle(msg, repo));
                }
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
        try {
            settings("{\"mcpServers\": {\"web\": {\"url\": \"http://127.0.0.1:" + http.getAddress().getPort() + "/mcp\"}}}");
            server.enqueue(Reply.toolCall("mcp__web__lookup", "{\"key\":\"http\"}")).enqueue(Reply.text("Done."));
            CliRun.Result r = cli.run("exec", "Look it up over HTTP");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(ExecFailuresTest.toolResults(server.requests().get(1).json()).get(0)).isEqualTo("The value of http is 42.");
        } finally {
            http.stop(0);
        }
    }
}
