package dev.fathom.testing;

/** A scripted failure for {@link FakeV4Server}; each consumes one request. */
public record Fault(Kind kind, int status, String body, String retryAfter, long millis) {

    public enum Kind { HTTP_ERROR, STALL, KEEP_ALIVE_STALL, REASONING_THEN_KEEP_ALIVE, MALFORMED_CHUNK, ERROR_CHUNK, ENDLESS_REASONING }

    public static Fault http(int status, String message) {
        return new Fault(Kind.HTTP_ERROR, status, errorBody(message, status == 401 ? "authentication_error" : "invalid_request_error"), null, 0);
    }

    public static Fault rateLimited(String retryAfterSeconds) {
        return new Fault(Kind.HTTP_ERROR, 429, errorBody("Rate limit reached for requests", "rate_limit_error"), retryAfterSeconds, 0);
    }

    /** Sends headers, then nothing at all for {@code millis}. */
    public static Fault stall(long millis) {
        return new Fault(Kind.STALL, 200, null, null, millis);
    }

    /** Sends only ": keep-alive" comments for {@code millis} (a queued request), then closes. */
    public static Fault keepAliveStall(long millis) {
        return new Fault(Kind.KEEP_ALIVE_STALL, 200, null, null, millis);
    }

    /**
     * One reasoning chunk, then only ": keep-alive" comments for {@code millis}, then closes: a reply that has started
     * and never grows, so only the client (Esc, a signal, a time limit) can end it, however slow the machine is.
     */
    public static Fault reasoningThenKeepAlive(long millis) {
        return new Fault(Kind.REASONING_THEN_KEEP_ALIVE, 200, null, null, millis);
    }

    /** A few text chunks, then {@code data: {"error":{message, code}}} mid-stream and the end of the stream (as SGLang does). */
    public static Fault errorChunk(int code, String message) {
        return new Fault(Kind.ERROR_CHUNK, code, "{\"error\":{\"message\":" + FakeV4Server.quote(message) + ",\"type\":\"BadRequestError\",\"code\":"
                + code + "}}", null, 0);
    }

    /** Reasoning chunks without end, until the client goes away (a generation loop); at most 256 MB. */
    public static Fault endlessReasoning() {
        return new Fault(Kind.ENDLESS_REASONING, 200, null, null, 0);
    }

    public static Fault malformedChunk() {
        return new Fault(Kind.MALFORMED_CHUNK, 200, null, null, 0);
    }

    static String errorBody(String message, String type) {
        return "{\"error\":{\"message\":" + FakeV4Server.quote(message) + ",\"type\":\"" + type
                + "\",\"param\":null,\"code\":\"invalid_request_error\"}}";
    }
}
