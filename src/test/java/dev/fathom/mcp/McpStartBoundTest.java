package dev.fathom.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded wait at start-up: a server that never answers initialize is left out and said so. (That the others run
 * beside it is McpStartupTest's; here a second server could miss a short bound on a loaded machine.)
 */
class McpStartBoundTest {
    @TempDir
    Path tmp;

    static McpServer.Config testServer(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.fathom.testing.TestMcpServer"));
        command.addAll(List.of(args));
        return new McpServer.Config(name, command, Map.of(), null, Map.of(), false);
    }

    @Test
    void aServerNotReadyWithinTheBoundIsLeftOutAndReported() {
        List<String> notices = new ArrayList<>();
        try (McpTools tools = McpTools.start(List.of(testServer("mute", "silent-init")), tmp, Map.of(), tmp.resolve("logs"),
                new ObjectMapper(), "test", notices::add, Duration.ofSeconds(2))) {
            McpServer mute = tools.servers().get(0);
            assertThat(mute.state()).isEqualTo(McpServer.State.FAILED);
            assertThat(mute.failure()).contains("not ready within 2 s");
            assertThat(notices).containsExactly("MCP server 'mute' " + mute.failure() + "; its tools are unavailable.");
            assertThat(tools.catalog(10)).isEmpty();
        }
    }
}
