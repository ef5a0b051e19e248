package dev.fathom.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before retrying a failed request: capped exponential backoff with jitter, the
 * server's Retry-After honoured up to a cap, and an overall retry budget.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter, Duration maxTotal) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(120), Duration.ofMinutes(10));

    /** The wait before attempt {@code attempt + 1}, after attempt number {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        }
        long base = baseDelay.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxDelay.toMillis());
        // Full jitter over the upper half keeps clients apart without ever retrying at once.
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    public RetryPolicy withBaseDelay(Duration base) {
        return new RetryPolicy(maxAttempts, base, maxDelay, maxRetryAfter, maxTotal);
    }
}
