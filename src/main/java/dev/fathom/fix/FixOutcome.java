package dev.fathom.fix;

import dev.fathom.loop.AgentResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fix run found and did, filled in as it goes and turned into the report, the summary and the stdout line at
 * the end. Mutable on purpose: every step of the run (the check, the attempts, the commit, the push) adds to it.
 */
public final class FixOutcome {
    /** fixed, already_passing, flaky, not_fixed, commit_failed, push_failed, limit, interrupted or error. */
    public String status;
    public String limit;
    public String error;
    /** Every run of the check, in order; the first is the one that failed (or passed) before any change. */
    public final List<CheckRun> checkRuns = new ArrayList<>();
    public final List<Attempt> attempts = new ArrayList<>();
    public boolean pushed;
    public String commit;
    public List<String> files = List.of();
    public String patchText = "";
    public String sessionId;
    /** The model's last result (its totals cover every attempt); null when the model was not called. */
    public AgentResult result;
    public long rawBytes;
    public int sentChars;

    public CheckRun before() {
        return checkRuns.get(0);
    }

    /**
     * The run that decided the outcome after the start: the last attempt's check run; for a check that passed when
     * run again before any attempt (flaky), that re-run; for one that already passed, the first run; else null.
     */
    public CheckRun after() {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).check() != null) {
                return attempts.get(i).check();
            }
        }
        if ("flaky".equals(status) && attempts.isEmpty()) {
            return checkRuns.get(checkRuns.size() - 1);
        }
        return "already_passing".equals(status) ? before() : null;
    }

    /** The model's final answer, or null. */
    public String answer() {
        return result == null ? null : result.finalText();
    }
}
