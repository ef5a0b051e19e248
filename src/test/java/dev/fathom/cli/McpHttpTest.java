package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.Reply;
import dev.fathom.testing.TestMcpHttpServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streamable HTTP against the test server: protocol header, an expired session, server requests on the stream, DELETE. */
class McpHttpTest extends McpSupport {

    @Test
    void anExpiredSessionIsRenewedServerRequestsAreAnsweredAndTheSessionDeleted() throws IOException {
        try (TestMcpHttpServer http = new TestMcpHttpServer(repo, 1)) {
            settings("{\"mcpServers\": {\"web\": {\"url\": \"" + http.url() + "\"}}}");
            server.enqueue(Reply.toolCall("mcp__web__lookup", "{\"key\":\"one\"}"))
                    .enqueue(Reply.toolCall("mcp__web__lookup", "{\"key\":\"two\"}"))
                    .enqueue(Reply.toolCall("mcp__web__ask_client", "{}"))
                    .enqueue(Reply.text("Done."));
            CliRun.Result r = cli.run("exec", "Look it up over HTTP");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).doesNotContain("MCP server 'web'");
            List<String> results = ExecFailuresTest.toolResults(server.requests().get(3).json());
            assertThat(results.get(0)).isEqualTo("The value of one is 42.");
            assertThat(results.get(1)).as("after a 404, initialized again").isEqualTo("The value of two is 42.");
            assertThat(results.get(2)).contains("ping -> {}").contains("roots/list -> {\"roots\":[{\"uri\":\"" + repo.toUri())
                    .contains("sampling/createMessage -> error -32601").contains("elicitation/create -> error -32601");

            List<TestMcpHttpServer.Seen> seen = http.seen();
            assertThat(seen.stream().filter(s -> s.method().equals("initialize"))).hasSize(2);
            assertThat(seen.stream().filter(s -> !s.method().equals("initialize")))
                    .allSatisfy(s -> assertThat(s.protocolVersion()).as(s.method()).isEqualTo("2025-06-18"));
            assertThat(seen.get(seen.size() - 1)).isEqualTo(new TestMcpHttpServer.Seen("DELETE", "s-2", "2025-06-18"));
        }
    }
}
