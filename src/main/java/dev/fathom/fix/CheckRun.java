package dev.fathom.fix;

import java.time.Duration;
import java.util.List;

/**
 * One run of the check as the report shows it: why it ran, how it ended (an exit code, or a timeout, which has none)
 * and the failing tests its output names.
 *
 * @param purpose {@code initial}, {@code rerun} (before the model, to tell flaky from broken) or {@code attempt}
 */
public record CheckRun(String purpose, Integer exitCode, boolean timedOut, long durationMs, List<String> failingTests, Duration timeout) {

    public static CheckRun of(String purpose, CheckRunner.Result r, FailureReducer reducer) {
        return new CheckRun(purpose, r.exitCode(), r.timedOut(), r.durationMs(), r.passed() ? List.of() : reducer.failingTests(r.output()),
                r.timeout());
    }

    /** "exit 1" or "timed out after 30 s". */
    public String describe() {
        return timedOut ? "timed out after " + CheckRunner.seconds(timeout) : "exit " + exitCode;
    }
}
