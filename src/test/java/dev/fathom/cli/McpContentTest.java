package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.ReferenceMcpServers;
import dev.fathom.testing.Reply;
import dev.fathom.testing.TestMcpHttpServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a tool result becomes for the model, against server-everything where it offers the case (resource links, an
 * image, a tool that requires MCP tasks) and the in-repo servers for a JSON-RPC error of one call on either transport.
 */
class McpContentTest extends McpSupport {

    @Test
    void serverEverythingResourceLinksImagesAndTaskOnlyTools() throws IOException {
        settings("{\"mcpServers\": {\"ev\": " + McpReferenceServersTest.node(ReferenceMcpServers.script("server-everything"), "") + "}}");
        server.enqueue(Reply.toolCall("mcp__ev__get-resource-links", "{\"count\": 2}").andToolCall("mcp__ev__get-tiny-image", "{}"))
                .enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Links and an image");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(server.requests()).as(r.err()).hasSize(2);
        assertThat(toolNames(server.requests().get(0).json())).as(r.err()).contains("mcp__ev__get-resource-links")
                .doesNotContain("mcp__ev__simulate-research-query");
        List<String> results = ExecFailuresTest.toolResults(server.requests().get(1).json());
        assertThat(results.get(0)).contains("[resource link: Blob Resource 1 <demo://resource/dynamic/blob/1>, text/plain - Resource 1: plaintext resource]")
                .contains("[resource link: Text Resource 2 <demo://resource/dynamic/text/2>, text/plain - Resource 2: plaintext resource]")
                .doesNotContain("omitted");
        assertThat(results.get(1)).containsPattern("\\[image, image/png, [1-9][0-9]* bytes; not shown to the model\\]");

        CliRun.Result list = cli.run("mcp", "list");
        assertThat(list.out()).containsPattern("mcp__ev__simulate-research-query +\\(not offered: it must run as an MCP task");
    }

    @Test
    void aJsonRpcErrorOfOneCallIsThatCallsErrorOverStdioAndHttp() throws IOException {
        try (TestMcpHttpServer http = new TestMcpHttpServer(repo, 0)) {
            settings("{\"mcpServers\": {\"t\": " + stdioServer("") + "}, \"web\": {\"url\": \"" + http.url() + "\"}}}");
            server.enqueue(Reply.toolCall("mcp__t__rpc_error", "{\"key\": \"k1\"}").andToolCall("mcp__web__rpc_error", "{\"key\": \"k2\"}"))
                    .enqueue(Reply.toolCall("mcp__t__lookup", "{\"key\": \"a\"}").andToolCall("mcp__web__lookup", "{\"key\": \"b\"}"))
                    .enqueue(Reply.text("Done."));
            CliRun.Result r = cli.run("exec", "Fail once, then go on");
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> results = ExecFailuresTest.toolResults(server.requests().get(2).json());
            assertThat(results.get(0)).contains("this call to rpc_error failed").contains("JSON-RPC error -32602: no record named k1")
                    .contains("still available").doesNotContain("Do without");
            assertThat(results.get(1)).contains("this call to rpc_error failed").contains("no record named k2").doesNotContain("Do without");
            assertThat(results.subList(2, 4)).containsExactly("The value of a is 42.", "The value of b is 42.");
            assertThat(r.err()).doesNotContain("unavailable");
        }
    }
}
