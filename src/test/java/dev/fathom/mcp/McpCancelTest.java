package dev.fathom.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.Poll;
import dev.fathom.testing.ReferenceMcpServers;
import dev.fathom.testing.TestMcpHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Esc (an interrupt of the thread running the call) stops a running MCP call at once, on both transports: the call
 * returns, the server is told with {@code notifications/cancelled}, and it answers the next call. The slow tool is
 * server-everything's long-running operation (ten minutes here, so only a cancel can end it within the test), and
 * the in-repo HTTP server's {@code hang} shows the cancel notification's request id.
 */
class McpCancelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough to tell "returned because cancelled" from "still running": the slow tools take 600 s or forever. */
    static final Duration RETURNS = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    /** A call running on a thread of its own, as the agent loop runs it; what it ended with. */
    static final class Running {
        final AtomicReference<Object> outcome = new AtomicReference<>();
        final Thread thread;

        Running(McpServer server, String tool, String arguments) throws Exception {
            JsonNode args = JSON.readTree(arguments);
            thread = new Thread(() -> {
                try {
                    outcome.set(server.callTool(tool, args));
                } catch (McpException | RuntimeException e) {
                    outcome.set(e);
                }
            }, "test-mcp-call");
            thread.setDaemon(true); // a call that cannot be cancelled must not keep the test JVM alive
            thread.start();
        }
    }

    static McpServer started(McpServer.Config config, Path tmp) {
        McpServer s = new McpServer(config, JSON);
        s.start(tmp, Map.of("PATH", System.getenv("PATH")), tmp.resolve("logs"), "test");
        assertThat(s.state()).as(String.valueOf(s.failure())).isEqualTo(McpServer.State.RUNNING);
        return s;
    }

    static McpServer.Config http(String url) {
        return new McpServer.Config("web", null, Map.of(), url, Map.of(), false, null, true, Duration.ofSeconds(300));
    }

    static McpServer.Config stdio(Path script) {
        return new McpServer.Config("ev", List.of("node", script.toString()), Map.of(), null, Map.of(), false, null, true,
                Duration.ofSeconds(300));
    }

    /** Interrupts the call once {@code inFlight} holds, and checks that it comes back as a cancelled call. */
    static void cancel(Running call, BooleanSupplier inFlight) {
        assertThat(Poll.until(RETURNS, inFlight)).as("the call reached the server").isTrue();
        call.thread.interrupt();
        assertThat(Poll.until(RETURNS, () -> !call.thread.isAlive())).as("the interrupted call returned").isTrue();
        assertThat(call.outcome.get()).isInstanceOf(McpException.class);
        assertThat(((McpException) call.outcome.get()).getMessage()).contains("interrupted and cancelled");
    }

    @Test
    void escStopsALongOperationOverStreamableHttpAndTheServerAnswersTheNextCall() throws Exception {
        Path log = tmp.resolve("everything.log");
        try (ReferenceMcpServers.EverythingOverHttp everything = new ReferenceMcpServers.EverythingOverHttp(log)) {
            McpServer s = started(http(everything.url()), tmp);
            try {
                Running call = new Running(s, "trigger-long-running-operation", "{\"duration\": 600, \"steps\": 600}");
                // initialize, initialized, tools/list, then this call: its POST is the fourth
                cancel(call, () -> posts(log) >= 4);
                assertThat(s.state()).isEqualTo(McpServer.State.RUNNING);
                assertThat(s.callTool("echo", JSON.readTree("{\"message\": \"after\"}")).text()).isEqualTo("Echo: after");
            } finally {
                s.stop();
            }
        }
    }

    @Test
    void escStopsALongOperationOverStdioAndTheServerAnswersTheNextCall() throws Exception {
        McpServer s = started(stdio(ReferenceMcpServers.script("server-everything")), tmp);
        try {
            Running call = new Running(s, "trigger-long-running-operation", "{\"duration\": 600, \"steps\": 600}");
            cancel(call, () -> call.thread.getState() == Thread.State.TIMED_WAITING || call.thread.getState() == Thread.State.WAITING);
            assertThat(s.state()).isEqualTo(McpServer.State.RUNNING);
            assertThat(s.callTool("echo", JSON.readTree("{\"message\": \"after\"}")).text()).isEqualTo("Echo: after");
        } finally {
            s.stop();
        }
    }

    @Test
    void aCancelledHttpCallIsNamedInNotificationsCancelledAndTheSessionGoesOn() throws Exception {
        try (TestMcpHttpServer server = new TestMcpHttpServer(tmp, 0)) {
            McpServer s = started(http(server.url()), tmp);
            try {
                Running call = new Running(s, "hang", "{}");
                cancel(call, () -> calls(server, "hang") != null);
                JsonNode hang = calls(server, "hang");
                assertThat(Poll.until(RETURNS, () -> cancelled(server) != null)).as("notifications/cancelled was sent").isTrue();
                assertThat(cancelled(server).path("params").path("requestId")).isEqualTo(hang.get("id"));
                assertThat(s.callTool("lookup", JSON.readTree("{\"key\": \"next\"}")).text()).isEqualTo("The value of next is 42.");
            } finally {
                s.stop();
            }
        }
    }

    @Test
    void anHttpCallPastItsTimeoutIsCancelledAndTheSessionGoesOn() throws Exception {
        try (TestMcpHttpServer server = new TestMcpHttpServer(tmp, 0)) {
            McpServer.Config quick = new McpServer.Config("web", null, Map.of(), server.url(), Map.of(), false, null, true,
                    Duration.ofSeconds(1));
            McpServer s = started(quick, tmp);
            try {
                assertThat(org.junit.jupiter.api.Assertions.assertThrows(McpException.class, () -> s.callTool("hang", JSON.readTree("{}")))
                        .getMessage()).contains("no answer").contains("cancelled").contains("stays available");
                assertThat(Poll.until(RETURNS, () -> cancelled(server) != null)).as("notifications/cancelled was sent").isTrue();
                assertThat(cancelled(server).path("params").path("requestId")).isEqualTo(calls(server, "hang").get("id"));
                assertThat(s.state()).isEqualTo(McpServer.State.RUNNING);
                assertThat(s.callTool("lookup", JSON.readTree("{\"key\": \"next\"}")).text()).isEqualTo("The value of next is 42.");
            } finally {
                s.stop();
            }
        }
    }

    private static long posts(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log).lines().filter(l -> l.contains("Received MCP POST request")).count() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static JsonNode calls(TestMcpHttpServer server, String tool) {
        return server.received().stream().filter(m -> m.path("method").asText().equals("tools/call")
                && m.path("params").path("name").asText().equals(tool)).findFirst().orElse(null);
    }

    private static JsonNode cancelled(TestMcpHttpServer server) {
        return server.received().stream().filter(m -> m.path("method").asText().equals("notifications/cancelled")).findFirst().orElse(null);
    }
}
