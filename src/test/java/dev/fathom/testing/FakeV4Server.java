package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A DeepSeek V4 endpoint for tests: real HTTP on 127.0.0.1, the wire format of the V4 API (SSE chunks, keep-alive
 * comments, usage on the last chunk, [DONE]), strict validation of requests as the real service does it (a violation
 * gets the real 400 body), scripted replies, a simulated prefix cache, and injected faults.
 */
public final class FakeV4Server implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request as received, the status it was answered with, when it had arrived in full and when its answer was
     * complete ({@link System#nanoTime}; 0 while streaming).
     */
    public record Recorded(String body, JsonNode json, int status, long receivedNanos, long answeredNanos) {
        Recorded(String body, JsonNode json, int status) {
            this(body, json, status, BODY_READ_AT.get() != null ? BODY_READ_AT.get() : System.nanoTime(), 0);
        }
    }

    /** When the handling thread finished reading the current request's body (before this server parses it). */
    private static final ThreadLocal<Long> BODY_READ_AT = new ThreadLocal<>();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-v4");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Object> script = new ArrayDeque<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<String> cacheUnits = new CopyOnWriteArrayList<>();
    private final RequestValidator validator = new RequestValidator();
    private volatile String apiKey = "sk-test";
    private final List<String> wireViolations = new CopyOnWriteArrayList<>();
    private volatile boolean invalidBodiesExpected;
    private volatile FakeDialect dialect = FakeDialect.DEEPSEEK;
    private volatile java.util.Map<String, Integer> served = FakeDialect.DEEPSEEK.defaultModels();
    private final java.util.concurrent.atomic.AtomicInteger modelListRequests = new java.util.concurrent.atomic.AtomicInteger();

    private FakeV4Server() throws IOException {
        // Without TCP_NODELAY the server's small SSE writes wait for delayed ACKs (about 40 ms each), which would be
        // the fake's latency, not the harness's.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeV4Server start() {
        try {
            return new FakeV4Server();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String apiKey() {
        return apiKey;
    }

    /** Use the older reasoning rule: only assistant turns with tool calls must carry reasoning_content. */
    public FakeV4Server legacyReasoningRule(boolean legacy) {
        validator.legacyReasoningRule = legacy;
        return this;
    }

    /** Plays another server that serves V4, with its usual served model (see {@link FakeDialect}). */
    public FakeV4Server dialect(FakeDialect dialect) {
        this.dialect = dialect;
        this.served = dialect.defaultModels();
        return this;
    }

    /** Serves these model ids instead, each with this window ({@code max_model_len} on vLLM and SGLang). */
    public FakeV4Server serving(int window, String... ids) {
        java.util.Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (String id : ids) {
            m.put(id, window);
        }
        this.served = m;
        return this;
    }

    /** How many {@code GET /models} requests this server answered. */
    public int modelListRequests() {
        return modelListRequests.get();
    }

    public synchronized FakeV4Server enqueue(Reply reply) {
        script.add(reply);
        return this;
    }

    public synchronized FakeV4Server enqueue(Fault fault) {
        script.add(fault);
        return this;
    }

    /** A reply computed from the request (for example from the tool results it carries). */
    public synchronized FakeV4Server enqueue(Function<JsonNode, Reply> dynamic) {
        script.add(dynamic);
        return this;
    }

    private final java.util.Map<JsonNode, Integer> hitsByRequest = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** The prompt cache hits this server reported for a streamed request (0 when none or not answered). */
    public int cacheHitTokens(Recorded request) {
        return hitsByRequest.getOrDefault(request.json(), 0);
    }

    public List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    /** Requests answered with 400 by validation. */
    public long badRequests() {
        return requests.stream().filter(r -> r.status() == 400).count();
    }

    /** Drops the next scripted step (to discard what an interrupted run left). */
    public synchronized void pollStep() {
        script.poll();
    }

    public synchronized int remainingSteps() {
        return script.size();
    }

    /** For tests that send invalid bodies on purpose: {@link #close} then does not fail on them. */
    public FakeV4Server expectInvalidBodies() {
        invalidBodiesExpected = true;
        return this;
    }

    /**
     * Stops the server and fails if any request it received was not valid on the wire (bytes a strict server rejects,
     * or no JSON content type): the one check that every test talking to the fake makes, whatever else it asserts.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (!wireViolations.isEmpty() && !invalidBodiesExpected) {
            throw new AssertionError("requests a strict server would reject: " + wireViolations);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            BODY_READ_AT.set(System.nanoTime());
            String body = new String(raw, StandardCharsets.UTF_8);
            if (ex.getRequestURI().getPath().endsWith("/models") && ex.getRequestMethod().equals("GET")) {
                modelListRequests.incrementAndGet();
                String key = ex.getRequestHeaders().getFirst("Authorization");
                if (key != null && !key.equals("Bearer " + apiKey)) { // as the real service: a wrong key is refused here too
                    reply(ex, 401, Fault.errorBody("Authentication Fails, Your api key is invalid", "authentication_error"));
                    return;
                }
                reply(ex, 200, dialect.modelList(served));
                return;
            }
            if (!ex.getRequestURI().getPath().endsWith("/chat/completions") || !ex.getRequestMethod().equals("POST")) {
                respond(ex, body, null, 404, "{\"error\":{\"message\":\"Not Found\"}}");
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.equals("Bearer " + apiKey)) {
                respond(ex, body, null, 401, Fault.errorBody("Authentication Fails, Your api key: ****" + tail(auth)
                        + " is invalid", "authentication_error"));
                return;
            }
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                wireViolations.add("Content-Type " + contentType);
                respond(ex, body, null, 415, Fault.errorBody("Expected request with `Content-Type: application/json`", "invalid_request_error"));
                return;
            }
            JsonNode json;
            try {
                json = StrictJson.parse(raw);
            } catch (StrictJson.Invalid e) {
                wireViolations.add(e.getMessage());
                respond(ex, body, null, 400, Fault.errorBody(e.getMessage(), "invalid_request_error"));
                return;
            }
            String model = json.path("model").asText();
            if (dialect != FakeDialect.DEEPSEEK && !served.containsKey(model)) {
                java.util.Map.Entry<Integer, String> notFound = dialect.unknownModel(model);
                respond(ex, body, json, notFound.getKey(), notFound.getValue());
                return;
            }
            String invalid = validator.check(dialect.asDeepSeek(json, "deepseek-v4-pro"));
            if (invalid != null) {
                respond(ex, body, json, 400, Fault.errorBody(invalid, "invalid_request_error"));
                return;
            }
            Object step;
            synchronized (this) {
                step = script.poll();
            }
            if (step == null) {
                respond(ex, body, json, 500, Fault.errorBody("fake server: no scripted reply left", "server_error"));
                return;
            }
            if (step instanceof Function<?, ?> f) {
                @SuppressWarnings("unchecked")
                Function<JsonNode, Reply> dynamic = (Function<JsonNode, Reply>) f;
                step = dynamic.apply(json);
            }
            if (step instanceof Fault fault) {
                fault(ex, body, json, fault);
            } else {
                stream(ex, body, json, (Reply) step);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (cancelled or timed out): nothing to answer
        }
    }

    private void respond(HttpExchange ex, String body, JsonNode json, int status, String response) throws IOException {
        requests.add(new Recorded(body, json, status));
        reply(ex, status, response);
    }

    private static void reply(HttpExchange ex, int status, String response) throws IOException {
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private void fault(HttpExchange ex, String body, JsonNode json, Fault fault) throws IOException {
        if (fault.kind() == Fault.Kind.HTTP_ERROR) {
            if (fault.retryAfter() != null) {
                ex.getResponseHeaders().set("Retry-After", fault.retryAfter());
            }
            respond(ex, body, json, fault.status(), fault.body());
            return;
        }
        requests.add(new Recorded(body, json, 200));
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        switch (fault.kind()) {
            case STALL -> sleep(fault.millis());
            case KEEP_ALIVE_STALL -> keepAlive(out, fault.millis());
            case REASONING_THEN_KEEP_ALIVE -> {
                write(out, "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"reasoning_content\":\"Let me think.\"},\"finish_reason\":null}]}\n\n");
                keepAlive(out, fault.millis());
            }
            case MALFORMED_CHUNK -> write(out, "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"he\n\n");
            case ERROR_CHUNK -> {
                write(out, "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me\"},"
                        + "\"finish_reason\":null}]}\n\n");
                write(out, "data: " + fault.body() + "\n\n");
            }
            case ENDLESS_REASONING -> {
                String chunk = "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"reasoning_content\":\"" + "Wait, let me reconsider. ".repeat(40) + "\"},\"finish_reason\":null}]}\n\n";
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                for (long sent = 0; sent < 256L * 1024 * 1024; sent += bytes.length) {
                    out.write(bytes); // ends with an IOException once the client has gone away
                }
                out.flush();
            }
            default -> throw new IllegalStateException();
        }
    }

    private void stream(HttpExchange ex, String body, JsonNode request, Reply reply) throws IOException {
        requests.add(new Recorded(body, request, 200));
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (int i = 0; i < reply.keepAlivesFirst; i++) {
            write(out, ": keep-alive\n\n");
        }
        String model = request.path("model").asText();
        boolean thinking = dialect.thinking(request);
        List<ObjectNode> deltas = new ChunkScript(reply, thinking).deltas();
        String id = java.util.UUID.randomUUID().toString();
        int sent = 0;
        for (int i = 0; i < deltas.size(); i++) {
            await(reply.holds.get(i));
            if (reply.cutAfterEvents >= 0 && sent == reply.cutAfterEvents) {
                return; // closing the exchange ends the body without a finish_reason or [DONE]
            }
            boolean last = i == deltas.size() - 1;
            ObjectNode chunk = JSON.createObjectNode();
            chunk.put("id", id).put("object", "chat.completion.chunk").put("created", 1_790_000_000).put("model", model)
                    .put("system_fingerprint", "fp_fake");
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0).set("delta", dialect.delta(deltas.get(i)));
            choice.putNull("logprobs");
            boolean withUsage = request.path("stream_options").path("include_usage").asBoolean(false);
            if (last) {
                choice.put("finish_reason", reply.effectiveFinishReason());
                if (dialect.usageOnLastChunk() && withUsage) {
                    chunk.set("usage", usage(request, reply));
                } else {
                    chunk.putNull("usage");
                }
            } else {
                choice.putNull("finish_reason");
                chunk.putNull("usage");
            }
            write(out, "data: " + JSON.writeValueAsString(chunk) + "\n\n");
            sent++;
            if (reply.chunkDelayMillis > 0) {
                sleep(reply.chunkDelayMillis);
            }
        }
        for (int i = 0; i < reply.keepAlivesAfterLast; i++) {
            write(out, ": keep-alive\n\n");
        }
        if (!dialect.usageOnLastChunk() && request.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode chunk = JSON.createObjectNode();
            chunk.put("id", id).put("object", "chat.completion.chunk").put("created", 1_790_000_000).put("model", model);
            chunk.putArray("choices");
            chunk.set("usage", usage(request, reply));
            write(out, "data: " + JSON.writeValueAsString(chunk) + "\n\n");
        }
        write(out, "data: [DONE]\n\n");
        answered(request);
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

    /** Usage with a simulated prefix cache: hits are the longest prefix shared with an earlier request or reply, in 64-token units. */
    /** The prompt size this server reports for a request: a quarter of a token per character of what the model sees. */
    public static int promptTokens(JsonNode request) {
        return Math.max(1, CacheText.of(request).length() / 4);
    }

    private JsonNode usage(JsonNode request, Reply reply) {
        String prompt = CacheText.of(request);
        int promptTokens = promptTokens(request);
        int best = 0;
        // Each model has its own cache (a KV cache belongs to the weights that computed it): units are keyed by model.
        String key = request.path("model").asText() + "\u0000";
        for (String unit : cacheUnits) {
            if (unit.startsWith(key)) {
                best = Math.max(best, CacheText.commonPrefix(unit.substring(key.length()), prompt));
            }
        }
        int hit = Math.min(promptTokens, (best / 4) / 64 * 64);
        hitsByRequest.put(request, hit);
        cacheUnits.add(key + prompt + CacheText.ofReply(reply));
        int reasoningTokens = reply.reasoning.length() / 4;
        int completion = Math.max(1, (reply.reasoning.length() + reply.content.length()
                + reply.calls.stream().mapToInt(c -> c.arguments().length() + c.name().length()).sum()) / 4);
        return dialect.usage(promptTokens, completion, hit, reasoningTokens);
    }

    /** Only ": keep-alive" comments, one every 100 ms, for {@code millis} (or until the client has gone away). */
    private static void keepAlive(OutputStream out, long millis) throws IOException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            write(out, ": keep-alive\n\n");
            sleep(100);
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits for a gate of {@link Reply#holdBefore} (none: goes on); {@link #close} interrupts the wait. */
    private static void await(java.util.concurrent.CountDownLatch gate) {
        try {
            if (gate != null) {
                gate.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(String auth) {
        return auth == null || auth.length() < 4 ? "" : auth.substring(auth.length() - 4);
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
