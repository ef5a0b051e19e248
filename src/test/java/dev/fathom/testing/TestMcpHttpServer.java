package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link TestMcpServer}'s tools over streamable HTTP, for what the reference servers cannot be made to show: with
 * {@code expireAfterCalls} it forgets a session after that many tool calls (a later request with it gets 404, as a
 * restarted server answers); {@code ask_client} sends its four requests to the client on the call's SSE stream and
 * waits for the answers, which arrive as separate POSTs; {@code rpc_error}'s JSON-RPC error comes with HTTP 400. It records every request's method, session id and protocol
 * version header, and the sessions deleted.
 *
 * <p>How it differs from real servers: no GET stream (server messages only on a POST's stream), no resumability,
 * {@code tools/call} answered as SSE and everything else as JSON, sessions named s-1, s-2... in order. {@code hang}
 * sends its SSE headers and nothing more until the server closes (a tool slower than any test waits for).
 */
public final class TestMcpHttpServer implements AutoCloseable {
    /** One request as received: the JSON-RPC method (or "answer", "DELETE"), the session and protocol headers. */
    public record Seen(String method, String session, String protocolVersion) {
    }

    private static final long ANSWER_WAIT_SECONDS = 30;

    private final HttpServer http;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Path dir;
    private final int expireAfterCalls;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final Map<String, BlockingQueue<JsonNode>> answers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> live = new ConcurrentHashMap<>();
    private int sessions;
    private int calls;

    public TestMcpHttpServer(Path dir, int expireAfterCalls) throws IOException {
        this.dir = dir;
        this.expireAfterCalls = expireAfterCalls;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(pool);
        http.createContext("/mcp", this::handle);
        http.start();
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/mcp";
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Every JSON-RPC message received, in order (to see ids and params, e.g. of notifications/cancelled). */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String session = ex.getRequestHeaders().getFirst("Mcp-Session-Id");
            String version = ex.getRequestHeaders().getFirst("MCP-Protocol-Version");
            if (ex.getRequestMethod().equals("DELETE")) {
                seen.add(new Seen("DELETE", session, version));
                live.remove(session == null ? "" : session);
                ex.sendResponseHeaders(200, -1);
                return;
            }
            JsonNode msg = TestMcpServer.JSON.readTree(ex.getRequestBody().readAllBytes());
            String method = msg.has("method") ? msg.get("method").asText() : "answer";
            received.add(msg);
            seen.add(new Seen(method, session, version));
            if (method.equals("initialize")) {
                session = newSession();
                ex.getResponseHeaders().set("Mcp-Session-Id", session);
            } else if (session == null || !live.containsKey(session)) {
                ex.sendResponseHeaders(session == null ? 400 : 404, -1);
                return;
            }
            if (!msg.has("method")) {
                answers.computeIfAbsent(msg.path("id").asText(), k -> new LinkedBlockingQueue<>()).add(msg);
            }
            if (!msg.has("id") || !msg.has("method")) {
                ex.sendResponseHeaders(202, -1);
                return;
            }
            if (method.equals("tools/call") && msg.path("params").path("name").asText().equals("rpc_error")) {
                byte[] body = TestMcpServer.JSON.writeValueAsBytes(TestMcpServer.handle(msg, dir)); // with 400, as some servers do
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(400, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            if (method.equals("tools/call")) {
                call(ex, msg, session);
                return;
            }
            byte[] body = TestMcpServer.JSON.writeValueAsBytes(TestMcpServer.handle(msg, dir));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    private synchronized String newSession() {
        String s = "s-" + ++sessions;
        live.put(s, true);
        return s;
    }

    private void call(HttpExchange ex, JsonNode msg, String session) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        ObjectNode result;
        if (msg.path("params").path("name").asText().equals("hang")) {
            out.flush();
            try {
                closed.await(); // until the server closes: the client must give up on its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (msg.path("params").path("name").asText().equals("ask_client")) {
            List<String> lines = new ArrayList<>();
            for (ObjectNode request : TestMcpServer.clientRequests()) {
                event(out, request);
                lines.add(TestMcpServer.summary(request, awaitAnswer(request.get("id").asText())));
            }
            result = TestMcpServer.textResult(msg, String.join("\n", lines));
        } else {
            result = TestMcpServer.handle(msg, dir);
        }
        event(out, result);
        synchronized (this) {
            if (++calls == expireAfterCalls) {
                live.remove(session);
            }
        }
    }

    private JsonNode awaitAnswer(String id) {
        try {
            JsonNode a = answers.computeIfAbsent(id, k -> new LinkedBlockingQueue<>()).poll(ANSWER_WAIT_SECONDS, TimeUnit.SECONDS);
            return a != null ? a : TestMcpServer.JSON.createObjectNode().put("result", "no answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TestMcpServer.JSON.createObjectNode().put("result", "interrupted");
        }
    }

    private static void event(OutputStream out, JsonNode message) throws IOException {
        out.write(("event: message\ndata: " + TestMcpServer.JSON.writeValueAsString(message) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed.countDown();
        http.stop(0);
        pool.shutdownNow();
    }
}
