package dev.fathom.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The V4 endpoint as a langchain4j {@link StreamingChatModel}, speaking the wire itself so that no V4 field is
 * lost. {@link #chat} blocks the calling thread until the response is complete, failed or cancelled, then signals
 * exactly one of {@code onCompleteResponse} or {@code onError} on the calling thread.
 *
 * <p>The transport is {@link HttpURLConnection}: the socket read timeout is the idle watchdog (keep-alive comments
 * count as activity), and no selector thread is left behind to delay JVM exit. Partial callbacks arrive on a worker
 * thread, in order, and stop once the run is cancelled.
 */
public final class V4ChatModel implements StreamingChatModel {
    /** Request bodies above this size are sent in fixed-length streaming mode (see {@link #exchange}). */
    static final int STREAMING_THRESHOLD_BYTES = 1 << 20;

    private final V4Options options;
    private final ObjectMapper json;
    private final String userAgent;
    private final MessageCache cache = new MessageCache();
    private final Duration noDataLimit;
    private final int maxReplyChars;

    /**
     * DeepSeek closes a request that has not started inference within 10 minutes; a stream of keep-alives past that is
     * a server that forgot the request.
     */
    static final Duration NO_DATA_LIMIT = Duration.ofMinutes(11);
    /**
     * A reply whose text or reasoning grows past this (V4's 393,216 output tokens are about 1.6 MB of text) is a
     * runaway generation: it is stopped instead of growing the heap.
     */
    static final int MAX_REPLY_CHARS = 4 * 1024 * 1024;

    public V4ChatModel(V4Options options, ObjectMapper json, String version) {
        this(options, json, version, NO_DATA_LIMIT, MAX_REPLY_CHARS);
    }

    V4ChatModel(V4Options options, ObjectMapper json, String version, Duration noDataLimit, int maxReplyChars) {
        this.options = options;
        this.json = json;
        this.userAgent = "fathom/" + version;
        this.noDataLimit = noDataLimit;
        this.maxReplyChars = maxReplyChars;
    }

    public V4Options options() {
        return options;
    }

    /**
     * Does ahead of time what the first call would otherwise do while the user waits: serializes the request so far
     * (its messages land in the cache the first real request reuses), loads the HTTP classes and looks the host up.
     * Nothing is sent.
     */
    public void prepare(ChatRequest request) {
        RequestWriter.writeBytes(request, options, cache);
        try {
            java.net.URL url = URI.create(options.chatCompletionsUrl()).toURL();
            url.openConnection();
            java.net.InetAddress.getByName(url.getHost()); // the answer is cached for the first connection
        } catch (IOException | IllegalArgumentException e) {
            // reported properly by the first real call
        }
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions requestOptions, StreamingChatResponseHandler handler) {
        doChat(request, handler);
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        doChat(request, handler);
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        V4StreamingHandler v4 = handler instanceof V4StreamingHandler h ? h : null;
        Cancellation cancellation = v4 != null ? v4.cancellation() : new Cancellation();
        byte[] body = RequestWriter.writeBytes(request, options, cache);
        RetryPolicy policy = options.retryPolicy();
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            if (cancellation.isCancelled()) {
                handler.onError(V4Exception.cancelled(cancellation.reason()));
                return;
            }
            try {
                handler.onCompleteResponse(attempt(body, handler, cancellation));
                return;
            } catch (V4Exception e) {
                if (cancellation.isCancelled()) {
                    handler.onError(V4Exception.cancelled(cancellation.reason()));
                    return;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                Duration delay = policy.delayAfter(attempt, e.retryAfter());
                boolean budgetLeft = attempt < policy.maxAttempts() && elapsed.plus(delay).compareTo(policy.maxTotal()) <= 0;
                if (!e.kind().retryable() || !budgetLeft) {
                    handler.onError(e.kind().retryable() ? giveUp(e, attempt) : e);
                    return;
                }
                if (v4 != null) {
                    v4.onRetry(attempt, delay, e);
                }
                if (!cancellation.sleep(delay)) {
                    handler.onError(V4Exception.cancelled(cancellation.reason()));
                    return;
                }
            }
        }
    }

    private static V4Exception giveUp(V4Exception last, int attempts) {
        return new V4Exception(last.kind(), last.httpStatus(),
                last.getMessage() + " (gave up after " + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")",
                null, last.getCause());
    }

    /**
     * One HTTP exchange. The blocking reads run on a worker thread so that cancelling returns at once even while a
     * read is parked in the socket (HttpURLConnection cannot be unblocked from outside); the worker notices the
     * cancellation at its next line, or at the idle timeout, closes the connection and ends.
     */
    private ChatResponse attempt(byte[] body, StreamingChatResponseHandler handler, Cancellation cancellation) {
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(exchange(body, handler, cancellation));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "fathom-stream");
        worker.setDaemon(true);
        try (Cancellation.Registration ignored = cancellation.onCancel(() -> result.completeExceptionally(V4Exception.cancelled(cancellation.reason())))) {
            worker.start();
            return result.get();
        } catch (InterruptedException e) {
            cancellation.cancel(cancellation.isCancelled() ? cancellation.reason() : "interrupted");
            throw V4Exception.cancelled(cancellation.reason());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof V4Exception v4) {
                throw v4;
            }
            throw V4Exception.transport("unexpected failure reading the stream: " + e.getCause(), e.getCause());
        }
    }

    private ChatResponse exchange(byte[] body, StreamingChatResponseHandler handler, Cancellation cancellation) {
        String url = options.chatCompletionsUrl();
        HttpURLConnection conn;
        try {
            conn = (HttpURLConnection) URI.create(url).toURL().openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw new V4Exception(V4Exception.Kind.INVALID_REQUEST, 0, "invalid base URL " + options.baseUrl() + ": " + e.getMessage(), null, e);
        }
        try {
            conn.setRequestMethod("POST");
            conn.setDoOutput(true);
            conn.setConnectTimeout((int) options.connectTimeout().toMillis());
            conn.setReadTimeout((int) options.idleTimeout().toMillis());
            // A large body (a long session's request, ~4 MB at 1M tokens) is streamed: buffered mode would copy it
            // again each turn. A small one is buffered, since in streaming mode a 401 loses its error body.
            if (body.length > STREAMING_THRESHOLD_BYTES) {
                conn.setFixedLengthStreamingMode(body.length);
            }
            conn.setRequestProperty("Authorization", "Bearer " + options.apiKey());
            conn.setRequestProperty("Content-Type", "application/json");
            conn.setRequestProperty("Accept", "text/event-stream");
            conn.setRequestProperty("User-Agent", userAgent);
            connect(conn, url);
            try (OutputStream out = conn.getOutputStream()) {
                out.write(body);
            }
            int status = conn.getResponseCode();
            if (status != 200) {
                String error = readAll(conn.getErrorStream());
                throw ServedModels.explainUnknownModel(HttpErrors.fromResponse(status, error, conn.getHeaderField("Retry-After"), json),
                        HttpErrors.serverMessage(error, json), options, json);
            }
            return readStream(conn.getInputStream(), handler, cancellation);
        } catch (SocketTimeoutException e) {
            conn.disconnect();
            throw V4Exception.transport("no data from " + url + " for " + options.idleTimeout().toMillis() / 1000.0
                    + " s; the stream looks dead", e);
        } catch (IOException e) {
            conn.disconnect();
            if (cancellation.isCancelled()) {
                throw V4Exception.cancelled(cancellation.reason());
            }
            throw V4Exception.transport("cannot reach " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
        }
    }

    /**
     * Connects on its own: a connect timeout is a SocketTimeoutException too, and caught below it would be reported as a
     * stream gone quiet, with the idle timeout's duration.
     */
    private void connect(HttpURLConnection conn, String url) throws IOException {
        try {
            conn.connect();
        } catch (SocketTimeoutException e) {
            throw V4Exception.transport("cannot reach " + url + " (no connection within " + options.connectTimeout().toMillis() / 1000.0 + " s)", e);
        }
    }

    private ChatResponse readStream(InputStream in, StreamingChatResponseHandler handler, Cancellation cancellation) throws IOException {
        StreamingHandle streamingHandle = new StreamingHandle() {
            @Override
            public void cancel() {
                cancellation.cancel("cancelled by the response handler");
            }

            @Override
            public boolean isCancelled() {
                return cancellation.isCancelled();
            }
        };
        StreamAccumulator acc = new StreamAccumulator(handler, streamingHandle, json, maxReplyChars);
        long lastData = System.nanoTime();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (cancellation.isCancelled()) {
                    throw V4Exception.cancelled(cancellation.reason());
                }
                if (line.startsWith("data:")) {
                    lastData = System.nanoTime();
                } else if (System.nanoTime() - lastData > noDataLimit.toNanos()) {
                    throw V4Exception.transport("only keep-alives from the endpoint for " + noDataLimit.toSeconds()
                            + " s; the request looks forgotten", null);
                }
                if (line.isEmpty()) {
                    if (data.length() > 0 && dispatch(data.toString(), acc)) {
                        return finish(acc);
                    }
                    data.setLength(0);
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
                }
                // Comment lines (": keep-alive") and other SSE fields only prove the stream is alive.
            }
            if (data.length() > 0 && dispatch(data.toString(), acc)) {
                return finish(acc);
            }
        }
        throw V4Exception.transport("the stream ended without [DONE]", null);
    }

    /** Handles one SSE event's data; true when it was the final {@code [DONE]}. */
    private boolean dispatch(String data, StreamAccumulator acc) {
        if (data.equals("[DONE]")) {
            return true;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (JsonProcessingException e) {
            throw V4Exception.transport("malformed chunk in the stream: " + abbreviate(data), e);
        }
        acc.accept(chunk);
        return false;
    }

    private ChatResponse finish(StreamAccumulator acc) {
        if (!acc.hasFinishReason()) {
            throw V4Exception.transport("the stream ended with [DONE] but no finish_reason", null);
        }
        switch (acc.finishReason()) {
            case "insufficient_system_resource" -> throw new V4Exception(V4Exception.Kind.SERVER, 0,
                    "the server ran out of inference resources (insufficient_system_resource)", null, null);
            case "abort", "aborted", "error" -> throw V4Exception.transport("the server ended the response early (finish_reason "
                    + acc.finishReason() + ")", null);
            default -> {
                return acc.toResponse(options.model());
            }
        }
    }

    private static String readAll(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }
}
