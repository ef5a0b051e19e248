package dev.fathom.llm;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bare HTTP endpoint on 127.0.0.1 that answers each request with the next scripted reply, byte for byte, and keeps
 * every request it saw: for wire details the fake V4 server smooths over (SSE line forms, error bodies, headers).
 */
final class RawEndpoint implements AutoCloseable {
    record Seen(String method, String path, Headers headers, String body) {
    }

    record Answer(int status, Map<String, String> headers, String body) {
        static Answer stream(String body) {
            return new Answer(200, Map.of("Content-Type", "text/event-stream"), body);
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    RawEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(), body));
                Answer a = script.poll();
                if (a == null) {
                    a = new Answer(500, Map.of(), "{\"error\":{\"message\":\"nothing scripted\"}}");
                }
                byte[] reply = a.body().getBytes(StandardCharsets.UTF_8);
                a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(a.status(), reply.length == 0 ? -1 : reply.length);
                if (reply.length > 0) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(reply);
                    }
                }
            }
        });
        server.start();
    }

    RawEndpoint then(Answer a) {
        script.add(a);
        return this;
    }

    RawEndpoint thenStream(String body) {
        return then(Answer.stream(body));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
