package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Backoff: doubling from the base, capped, jittered over the upper half; Retry-After honoured up to its own cap. */
class RetryPolicyTest {
    static final RetryPolicy POLICY = new RetryPolicy(6, Duration.ofMillis(1_000), Duration.ofMillis(30_000),
            Duration.ofSeconds(120), Duration.ofMinutes(10));

    @Test
    void eachWaitLiesInTheUpperHalfOfADoublingCappedDelay() {
        long[] ceilings = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            List<Long> waits = samples(attempt);
            long ceiling = ceilings[attempt - 1];
            assertThat(waits).as("attempt %d", attempt).allSatisfy(w -> assertThat(w).isBetween(ceiling / 2, ceiling));
        }
    }

    @Test
    void theWaitIsJitteredAcrossTheWholeUpperHalf() {
        // 2,000 draws over 4,001 values: nearly all different, reaching both quarters of the range.
        List<Long> waits = samples(3);
        assertThat(waits.stream().distinct().count()).as("draws are spread, not one value").isGreaterThan(1_000);
        assertThat(waits.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(2_500);
        assertThat(waits.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(3_500);
    }

    @Test
    void theCapHoldsForAnyNumberOfAttempts() {
        for (int attempt : new int[] {7, 21, 22, 40, 64, 1_000}) {
            assertThat(samples(attempt)).as("attempt %d", attempt).allSatisfy(w -> assertThat(w).isBetween(15_000L, 30_000L));
        }
    }

    @Test
    void retryAfterIsTakenAsGivenUpToItsCap() {
        assertThat(POLICY.delayAfter(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(POLICY.delayAfter(5, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
        assertThat(POLICY.delayAfter(1, Duration.ofSeconds(121))).isEqualTo(Duration.ofSeconds(120));
        assertThat(POLICY.delayAfter(1, Duration.ofHours(5))).isEqualTo(Duration.ofSeconds(120));
        assertThat(POLICY.delayAfter(3, Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aChangedBaseDoublesFromItselfAndKeepsTheRest() {
        RetryPolicy tiny = POLICY.withBaseDelay(Duration.ofMillis(1));
        assertThat(tiny).isEqualTo(new RetryPolicy(6, Duration.ofMillis(1), Duration.ofMillis(30_000), Duration.ofSeconds(120),
                Duration.ofMinutes(10)));
        assertThat(IntStream.range(0, 200).mapToObj(i -> tiny.delayAfter(2, null).toMillis()))
                .allSatisfy(w -> assertThat(w).isBetween(1L, 2L)).contains(1L, 2L);
        assertThat(IntStream.range(0, 200).mapToObj(i -> tiny.delayAfter(4, null).toMillis()))
                .allSatisfy(w -> assertThat(w).isBetween(4L, 8L)).contains(4L, 8L);
    }

    private static List<Long> samples(int attempt) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            waits.add(POLICY.delayAfter(attempt, null).toMillis());
        }
        return waits;
    }
}
