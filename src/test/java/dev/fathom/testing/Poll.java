package dev.fathom.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a bound, checking it often: synchronisation for tests, never a fixed sleep. */
public final class Poll {
    private static final long INTERVAL_MILLIS = 20;

    private Poll() {
    }

    /** True as soon as {@code condition} holds, false if it still does not after {@code limit}. */
    public static boolean until(Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
