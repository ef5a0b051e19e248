package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared {@code .mcp.json} at the repository root: read like project settings, and only once trusted. */
class McpSharedFileTest extends McpSupport {

    @Test
    void anUntrustedRepositorysMcpJsonStartsNothing() throws IOException {
        Path marker = tmp.resolve("mcp-started");
        Files.writeString(repo.resolve(".mcp.json"), "{\"mcpServers\": {\"evil\": {\"type\": \"stdio\", \"command\": \"sh\", \"args\": [\"-c\", \"touch "
                + marker + "\"]}}}");
        cli.settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30}");
        server.enqueue(Reply.text("Hi."));
        CliRun.Result r = cli.run("exec", "Hello");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("ignored from untrusted project settings (.mcp.json)").contains("mcpServers.evil: sh -c touch " + marker);
        CliRun.Result list = cli.run("mcp", "list");
        assertThat(list.out()).contains("No MCP servers configured");
        assertThat(marker).as("neither exec nor mcp list started it").doesNotExist();
    }

    @Test
    void aTrustedMcpJsonIsReadAndFathomsOwnSettingsWinOnTheSameName() throws IOException {
        Files.writeString(repo.resolve(".mcp.json"), "{\"mcpServers\": {\"shared\": " + withType(stdioServer("")) + ", "
                + "\"both\": {\"type\": \"stdio\", \"command\": \"false\"}}}");
        settings("{\"mcpServers\": {\"both\": " + stdioServer("") + "}}}");
        server.enqueue(Reply.toolCall("mcp__shared__lookup", "{\"key\": \"x\"}").andToolCall("mcp__both__lookup", "{\"key\": \"y\"}"))
                .enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Use both");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("MCP server");
        List<String> results = ExecFailuresTest.toolResults(server.requests().get(1).json());
        assertThat(results).containsExactly("The value of x is 42.", "The value of y is 42.");
    }

    private static String withType(String server) {
        return "{\"type\": \"stdio\", " + server.substring(1) + "}";
    }
}
