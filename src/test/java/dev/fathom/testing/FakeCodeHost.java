package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A local stand-in for a code host's REST API (GitHub or GitLab) on 127.0.0.1: records requests, answers by route. */
public final class FakeCodeHost implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A request as received: method, path with query, the auth header values, the JSON body (null when none). */
    public record Request(String method, String path, Map<String, String> auth, JsonNode body) {
    }

    /** An answer: status and JSON text. */
    public record Answer(int status, String json) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeCodeHost(Function<Request, Answer> routes) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String text = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> auth = new java.util.HashMap<>();
            for (String h : new String[] {"Authorization", "PRIVATE-TOKEN"}) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    auth.put(h, v);
                }
            }
            Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), auth, text.isEmpty() ? null : JSON.readTree(text));
            requests.add(r);
            Answer a = routes.apply(r);
            byte[] out = a.json().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(a.status(), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
