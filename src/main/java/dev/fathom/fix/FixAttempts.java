package dev.fathom.fix;

import dev.fathom.git.GitException;
import dev.fathom.loop.AgentResult;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The attempts of a fix run: the model gets the failure, works until it says it is done, and the harness runs the
 * check again itself; a failure goes back to the model until the check passes or the attempts, or the time, run out.
 * Each attempt is recorded with its duration, its check run and the failing tests before and after.
 */
public final class FixAttempts {

    /**
     * Runs the model on one attempt's prompt. The attempt number (from 1) is where a per-attempt choice plugs in, such
     * as a stronger model after a failed check; {@code timeLeft} is null without a time limit.
     */
    @FunctionalInterface
    public interface AttemptModel {
        AgentResult attempt(int attempt, String prompt, Duration timeLeft);
    }

    /** Whether the working tree differs from the start: a pass without any change proves the check flaky. */
    @FunctionalInterface
    public interface ChangeProbe {
        boolean changedAnything() throws GitException;
    }

    private final CheckRunner check;
    private final FailureReducer reducer;
    private final FixPrompts prompts;
    private final int maxAttempts;
    private final Duration timeout;
    private final PrintStream err;

    public FixAttempts(CheckRunner check, FailureReducer reducer, FixPrompts prompts, int maxAttempts, Duration timeout, PrintStream err) {
        this.check = check;
        this.reducer = reducer;
        this.prompts = prompts;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.err = err;
    }

    /** Runs attempts from the failing run {@code failed} until the outcome has a status. */
    public void run(FixOutcome o, CheckRunner.Result failed, AttemptModel model, ChangeProbe changes)
            throws IOException, InterruptedException, GitException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        CheckRunner.Result last = failed;
        List<String> failingBefore = o.before().failingTests();
        for (int n = 1; ; n++) {
            long t0 = System.nanoTime();
            String failure = reducer.reduce(last.output());
            if (n == 1) {
                o.sentChars = failure.length();
            }
            String prompt = n == 1 ? prompts.first(failure, last) : prompts.retry(failure, last, n);
            Duration left = timeout == null ? null : Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            AgentResult r = model.attempt(n, prompt, left);
            long modelMs = (System.nanoTime() - t0) / 1_000_000;
            o.result = r;
            if (r.status() != AgentResult.Status.DONE) {
                o.status = switch (r.status()) {
                    case LIMIT -> "limit";
                    case INTERRUPTED -> "interrupted";
                    default -> "error";
                };
                o.limit = r.limit();
                o.error = r.error();
                o.attempts.add(new Attempt(n, o.status, modelMs, modelMs, null, failingBefore));
                return;
            }
            err.println("fathom: the model says it is done; running the check again");
            last = check.run();
            CheckRun run = CheckRun.of("attempt", last, reducer);
            o.checkRuns.add(run);
            o.attempts.add(new Attempt(n, last.passed() ? "passed" : "still_failing", (System.nanoTime() - t0) / 1_000_000, modelMs, run,
                    failingBefore));
            failingBefore = run.failingTests();
            if (last.passed()) {
                o.status = changes.changedAnything() ? "fixed" : "flaky"; // a pass without a change proves nothing fixed
                return;
            }
            err.println("fathom: the check still fails (" + last.describe() + ")");
            if (n >= maxAttempts) {
                o.status = "not_fixed";
                return;
            }
            if (System.nanoTime() >= deadline) {
                o.status = "limit";
                o.limit = "time";
                return;
            }
        }
    }
}
