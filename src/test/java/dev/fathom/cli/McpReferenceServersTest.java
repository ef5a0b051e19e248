package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.ReferenceMcpServers;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fathom against the official reference servers from npm (installed by .ci/run): server-filesystem with roots only,
 * server-everything over stdio and over streamable HTTP (roots, progress past the timeout, session DELETE).
 */
class McpReferenceServersTest extends McpSupport {

    static String node(Path script, String extra) {
        return "{\"command\": \"node\", \"args\": [" + quote(script.toString()) + "]" + extra + "}";
    }

    @Test
    void serverFilesystemStartedWithoutDirectoriesWorksOnTheWorkspaceRoot() throws IOException {
        settings("{\"mcpServers\": {\"fs\": " + node(ReferenceMcpServers.script("server-filesystem"), "") + "}}");
        server.enqueue(Reply.toolCall("mcp__fs__list_allowed_directories", "{}")
                .andToolCall("mcp__fs__read_text_file", "{\"path\": " + quote(repo.resolve("README.md").toString()) + "}"))
                .enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Read the README");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> results = ExecFailuresTest.toolResults(server.requests().get(1).json());
        assertThat(results.get(0)).contains(repo.toRealPath().toString());
        assertThat(results.get(1)).isEqualTo("# Demo");
    }

    @Test
    void serverEverythingOverStdioGetsRootsAndProgressOutlastsTheTimeout() throws IOException {
        settings("{\"mcpServers\": {\"ev\": " + node(ReferenceMcpServers.script("server-everything"), ", \"timeout_seconds\": 2") + "}}");
        server.enqueue(Reply.toolCall("mcp__ev__get-roots-list", "{}"))
                .enqueue(Reply.toolCall("mcp__ev__trigger-long-running-operation", "{\"duration\": 3, \"steps\": 3}"))
                .enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Roots, then a long operation");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> results = ExecFailuresTest.toolResults(server.requests().get(2).json());
        assertThat(results.get(0)).contains(repo.toUri().toString());
        assertThat(results.get(1)).as("3 s of work with progress every second under a 2 s timeout").startsWith("Long running operation completed");
    }

    @Test
    void serverEverythingOverStreamableHttpWithProgressAndSessionDelete() throws IOException {
        Path log = tmp.resolve("everything.log");
        try (ReferenceMcpServers.EverythingOverHttp http = new ReferenceMcpServers.EverythingOverHttp(log)) {
            settings("{\"mcpServers\": {\"web\": {\"url\": \"" + http.url() + "\", \"timeout_seconds\": 2}}}");
            server.enqueue(Reply.toolCall("mcp__web__echo", "{\"message\": \"over http\"}"))
                    .enqueue(Reply.toolCall("mcp__web__trigger-long-running-operation", "{\"duration\": 3, \"steps\": 3}"))
                    .enqueue(Reply.text("Done."));
            CliRun.Result r = cli.run("exec", "Echo, then a long operation");
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> results = ExecFailuresTest.toolResults(server.requests().get(2).json());
            assertThat(results.get(0)).isEqualTo("Echo: over http");
            assertThat(results.get(1)).startsWith("Long running operation completed");
            assertThat(Files.readString(log)).contains("Received session termination request");
        }
    }
}
