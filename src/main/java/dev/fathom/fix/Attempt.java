package dev.fathom.fix;

import java.util.List;

/**
 * One attempt of the model, as the report shows it.
 *
 * @param result {@code passed}, {@code still_failing}, or how the model's turn ended without a check run:
 *               {@code limit}, {@code interrupted}, {@code error}
 * @param durationMs the whole attempt: the model's work and the check run after it
 * @param modelMs the model's part
 * @param check the check run after the model said it was done; null when it did not say so
 * @param failingBefore the failing tests the model was shown
 */
public record Attempt(int number, String result, long durationMs, long modelMs, CheckRun check, List<String> failingBefore) {

    /** The failing tests after the attempt; the same as before when the check was not run again. */
    public List<String> failingAfter() {
        return check == null ? failingBefore : check.failingTests();
    }
}
