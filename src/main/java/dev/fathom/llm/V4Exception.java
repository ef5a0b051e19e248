package dev.fathom.llm;

import java.time.Duration;

/**
 * A failure talking to the endpoint. {@link Kind} says whether a retry can help; the message is meant for a user
 * and already says what to do next.
 */
public final class V4Exception extends RuntimeException {

    /** What went wrong, which decides retrying and the exit code. */
    public enum Kind {
        /** 401: the API key is wrong. */
        AUTHENTICATION(false),
        /** 402: the account has no balance. */
        INSUFFICIENT_BALANCE(false),
        /** 400 or 422: the request itself was rejected. */
        INVALID_REQUEST(false),
        /** 429. */
        RATE_LIMITED(true),
        /** 500, 503, or the server reported it ran out of resources. */
        SERVER(true),
        /** Connection refused or reset, a stalled or cut stream, a malformed chunk. */
        TRANSPORT(true),
        /** The reply grew past any sane size without ending (a generation loop); it was stopped. */
        RUNAWAY(false),
        /** The caller cancelled the request (Esc, a deadline). */
        CANCELLED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    public V4Exception(Kind kind, int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public static V4Exception transport(String message, Throwable cause) {
        return new V4Exception(Kind.TRANSPORT, 0, message, null, cause);
    }

    public static V4Exception cancelled(String reason) {
        return new V4Exception(Kind.CANCELLED, 0, reason, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
