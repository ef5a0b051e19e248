package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An endpoint of the OpenAI Responses API ({@code POST /v1/responses}, streamed) on 127.0.0.1, for peers that speak
 * only that wire shape (Codex CLI): scripted answers, each a message or a function call, streamed as the public
 * documentation describes (see {@link ResponsesStream}), and a request log with arrival and answer times on
 * {@link System#nanoTime}'s clock, so a benchmark in the same JVM can place each gap of a run.
 *
 * <p>It checks what the real service refuses with a 400 and a client could get wrong: the JSON itself (as
 * {@link StrictJson}), {@code model} and {@code input} present, every input item of a known type, message roles and
 * part types that fit the role, a {@code function_call_output} only for a {@code function_call} earlier in the input and
 * every {@code function_call} answered, tools of known types with valid names; a scripted call must name a tool the
 * request offers (a model can only call those). A wrong key is a 401.
 *
 * <p>How the real service differs from this fake: it also accepts non-streamed requests ({@code stream} false; this
 * fake answers only streamed ones and refuses others with a 400 naming that limit); with {@code store} true it keeps
 * responses and accepts {@code previous_response_id} (the fake keeps nothing and refuses that field); it emits
 * reasoning items (with {@code encrypted_content} when asked through {@code include}), {@code response.reasoning_*}
 * events, obfuscation fields on deltas and rate-limit headers, none of which the fake sends; it validates each
 * tool's JSON schema and the sampling parameters, which the fake does not; its usage counts real tokens (the fake
 * reports a quarter of a token per byte of the request and the answer, with no cache hits); and it fails mid-stream
 * with {@code response.failed} or {@code error} events, which this fake never sends.
 */
public final class FakeResponsesServer implements AutoCloseable {
    /** One request as received, its status, when it had arrived in full and when its answer was complete (0 if none). */
    public record Recorded(String body, JsonNode json, int status, long receivedNanos, long answeredNanos) {
    }

    /** One scripted answer: a message ({@code text}) or a function call ({@code name}, {@code arguments} JSON). */
    public record Step(String text, String name, String arguments) {
        public static Step text(String text) {
            return new Step(text, null, null);
        }

        public static Step call(String name, String arguments) {
            return new Step(null, name, arguments);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-responses");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Step> script = new ArrayDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<String> scriptErrors = new CopyOnWriteArrayList<>();
    private final String apiKey = "sk-responses-test";

    private FakeResponsesServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // small SSE writes must not wait for delayed ACKs
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeResponsesServer start() {
        try {
            return new FakeResponsesServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base URL a client appends {@code /responses} to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public String apiKey() {
        return apiKey;
    }

    public synchronized FakeResponsesServer enqueue(Step step) {
        script.add(step);
        return this;
    }

    public synchronized int remainingSteps() {
        return script.size();
    }

    public List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    /** Scripted calls that named a tool the request did not offer (a script that no real model could play). */
    public List<String> scriptErrors() {
        return List.copyOf(scriptErrors);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            long received = System.nanoTime();
            String body = new String(raw, StandardCharsets.UTF_8);
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().endsWith("/responses")) {
                refuse(ex, body, null, received, 404, error("Invalid URL (" + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + ")", null));
                return;
            }
            if (!("Bearer " + apiKey).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                refuse(ex, body, null, received, 401, error("Incorrect API key provided.", "invalid_api_key"));
                return;
            }
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                refuse(ex, body, null, received, 400, error("Unsupported content type: " + type, null));
                return;
            }
            JsonNode json;
            try {
                json = StrictJson.parse(raw);
            } catch (StrictJson.Invalid e) {
                refuse(ex, body, null, received, 400, error("We could not parse the JSON body of your request. " + e.getMessage(), null));
                return;
            }
            String invalid = ResponsesValidator.invalid(json);
            if (invalid != null) {
                refuse(ex, body, json, received, 400, error(invalid, null));
                return;
            }
            Step step;
            synchronized (this) {
                step = script.poll();
            }
            if (step == null) {
                refuse(ex, body, json, received, 500, "{\"error\":{\"message\":\"fake server: no scripted answer left\",\"type\":\"server_error\"}}");
                return;
            }
            if (step.name() != null && !offers(json, step.name())) {
                scriptErrors.add("scripted call to " + step.name() + ", which the request does not offer");
            }
            requests.add(new Recorded(body, json, 200, received, 0));
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            ResponsesStream stream = new ResponsesStream(ex.getResponseBody(), json.path("model").asText());
            stream.created();
            String answer = step.name() != null ? step.name() + step.arguments() : step.text();
            if (step.name() != null) {
                stream.functionCall(step.name(), step.arguments());
            } else {
                stream.text(step.text());
            }
            stream.completed(usage(raw.length, answer.length()));
            answered(json);
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing to answer
        }
    }

    private static boolean offers(JsonNode request, String name) {
        for (JsonNode tool : request.path("tools")) {
            if (name.equals(tool.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode usage(int requestBytes, int answerChars) {
        int input = Math.max(1, requestBytes / 4);
        int output = Math.max(1, answerChars / 4);
        ObjectNode u = FakeV4Server.JSON.createObjectNode().put("input_tokens", input);
        u.putObject("input_tokens_details").put("cached_tokens", 0);
        u.put("output_tokens", output);
        u.putObject("output_tokens_details").put("reasoning_tokens", 0);
        u.put("total_tokens", input + output);
        return u;
    }

    private void answered(JsonNode request) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            Recorded r = requests.get(i);
            if (r.json() == request) {
                requests.set(i, new Recorded(r.body(), r.json(), r.status(), r.receivedNanos(), System.nanoTime()));
                return;
            }
        }
    }

    private void refuse(HttpExchange ex, String body, JsonNode json, long received, int status, String response) throws IOException {
        requests.add(new Recorded(body, json, status, received, System.nanoTime()));
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static String error(String message, String code) {
        ObjectNode root = FakeV4Server.JSON.createObjectNode();
        ObjectNode e = root.putObject("error").put("message", message).put("type", "invalid_request_error");
        e.putNull("param");
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return root.toString();
    }
}
