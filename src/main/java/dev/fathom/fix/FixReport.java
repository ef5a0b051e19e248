package dev.fathom.fix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.loop.RunCosts;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a fix run, written as {@code report.json} (a documented schema, README) and as a Markdown summary
 * to post on a pull request. {@code costUsd} is null when the endpoint's prices are unknown (a self-hosted server).
 * An exit code is null for a run that timed out: a timeout has none, and is always named as one.
 */
public record FixReport(String status, String limit, int attempts, String command, Integer exitBefore, Integer exitAfter, String branch,
        String commit, List<String> filesChanged, int turns, long promptTokens, long completionTokens, long cacheHitTokens,
        long cacheMissTokens, long reasoningTokens, Double costUsd, long durationMs, String model, String sessionId,
        long failureRawBytes, int failureSentChars, String finalAnswer, String error,
        boolean timedOutBefore, boolean timedOutAfter, Duration checkTimeout, List<CheckRun> checkRuns, List<Attempt> attemptLog) {

    /** The most failing-test names written per check run; the rest are counted. */
    static final int MAX_NAMES = 100;

    /** A report without the per-run and per-attempt detail. */
    public FixReport(String status, String limit, int attempts, String command, int exitBefore, Integer exitAfter, String branch,
            String commit, List<String> filesChanged, int turns, long promptTokens, long completionTokens, long cacheHitTokens,
            long cacheMissTokens, long reasoningTokens, Double costUsd, long durationMs, String model, String sessionId,
            long failureRawBytes, int failureSentChars, String finalAnswer, String error, boolean timedOutBefore, boolean timedOutAfter) {
        this(status, limit, attempts, command, timedOutBefore ? null : exitBefore, timedOutAfter ? null : exitAfter, branch, commit,
                filesChanged, turns, promptTokens, completionTokens, cacheHitTokens, cacheMissTokens, reasoningTokens, costUsd, durationMs,
                model, sessionId, failureRawBytes, failureSentChars, finalAnswer, error, timedOutBefore, timedOutAfter, null, List.of(), List.of());
    }

    /** The report of {@code o}; {@code branch} is the fix branch, shown when the fix is on it. */
    public static FixReport of(FixOutcome o, String command, Duration checkTimeout, String branch, long durationMs, String defaultModel) {
        var r = o.result;
        CheckRun before = o.before();
        CheckRun after = o.after();
        return new FixReport(o.status, o.limit, o.attempts.size(), command, before.exitCode(), after == null ? null : after.exitCode(),
                List.of("fixed", "push_failed", "commit_failed").contains(o.status) ? branch : null, o.commit, o.files,
                r == null ? 0 : r.turns(), r == null ? 0 : r.usage().promptTokens(), r == null ? 0 : r.usage().completionTokens(),
                r == null ? 0 : r.usage().cacheHitTokens(), r == null ? 0 : r.usage().cacheMissTokens(), r == null ? 0 : r.usage().reasoningTokens(),
                r == null ? null : r.costUsd(), durationMs, r == null ? defaultModel : r.model(), o.sessionId, o.rawBytes, o.sentChars,
                o.answer(), o.error, before.timedOut(), after != null && after.timedOut(), checkTimeout, List.copyOf(o.checkRuns),
                List.copyOf(o.attempts));
    }

    public String toJson(ObjectMapper json) {
        return toJson(json, null);
    }

    /** The report with the code host's results ({@code ci}: comment and pull request), when there are any. */
    public String toJson(ObjectMapper json, ObjectNode ci) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(toNode(json, ci)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report as one JSON object. */
    public ObjectNode toNode(ObjectMapper json, ObjectNode ci) {
        ObjectNode r = json.createObjectNode();
        r.put("status", status);
        if (limit != null) {
            r.put("limit", limit);
        }
        if (error != null) {
            r.put("error", error);
        }
        r.put("attempts", attempts);
        ObjectNode check = r.putObject("check");
        check.put("command", command).put("exit_before", exitBefore).put("exit_after", exitAfter);
        check.put("timed_out_before", timedOutBefore).put("timed_out_after", timedOutAfter);
        if (checkTimeout != null) {
            check.put("timeout_seconds", checkTimeout.toMillis() / 1000.0);
        }
        ArrayNode runs = check.putArray("runs");
        checkRuns.forEach(run -> run(runs.addObject().put("purpose", run.purpose()), run));
        ArrayNode log = r.putArray("attempt_log");
        for (Attempt a : attemptLog) {
            ObjectNode n = log.addObject().put("attempt", a.number()).put("result", a.result()).put("duration_ms", a.durationMs())
                    .put("model_ms", a.modelMs());
            if (a.check() != null) {
                run(n.putObject("check"), a.check());
            }
            names(n, "failing_tests_before", a.failingBefore());
            names(n, "failing_tests_after", a.failingAfter());
        }
        r.put("branch", branch).put("commit", commit);
        filesChanged.forEach(r.putArray("files_changed")::add);
        r.put("turns", turns);
        r.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("cache_hit_tokens", cacheHitTokens).put("cache_miss_tokens", cacheMissTokens).put("reasoning_tokens", reasoningTokens);
        r.put("cache_hit_ratio", promptTokens == 0 ? 0 : (double) cacheHitTokens / promptTokens);
        RunCosts.money(r, "cost_usd", costUsd);
        r.put("duration_ms", durationMs).put("model", model).put("session_id", sessionId);
        r.putObject("failure_output").put("raw_bytes", failureRawBytes).put("sent_chars", failureSentChars);
        if (ci != null && !ci.isEmpty()) {
            r.set("ci", ci);
        }
        return r;
    }

    private static void run(ObjectNode n, CheckRun run) {
        n.put("exit_code", run.exitCode()).put("timed_out", run.timedOut()).put("duration_ms", run.durationMs());
        names(n, "failing_tests", run.failingTests());
    }

    private static void names(ObjectNode n, String field, List<String> names) {
        names.stream().limit(MAX_NAMES).forEach(n.putArray(field)::add);
        if (names.size() > MAX_NAMES) {
            n.put(field + "_omitted", names.size() - MAX_NAMES);
        }
    }

    /** How a run ended, for a person: "1", "timed out after 30 s". */
    private String ended(Integer exit, boolean timedOut) {
        return timedOut ? "timed out" + (checkTimeout == null ? "" : " after " + CheckRunner.seconds(checkTimeout)) : String.valueOf(exit);
    }

    /** A pull-request comment: what was wrong, what changed, how it was proven. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        String headline = switch (status) {
            case "fixed" -> "✅ Fathom fixed the failing check";
            case "already_passing" -> "✅ The check already passes; nothing to fix";
            case "not_fixed" -> "❌ Fathom could not make the check pass";
            case "limit" -> "⏹️ Fathom stopped at its " + limit + " limit before the check passed";
            case "flaky" -> "🎲 The check is flaky: it passed again without any change, so nothing was committed";
            case "commit_failed" -> "⚠️ Fathom made the check pass, but the commit failed";
            case "push_failed" -> "⚠️ Fathom made the check pass, but the push failed";
            default -> "⚠️ Fathom stopped on an error";
        };
        md.append("## ").append(headline).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Check | `").append(command.replace("`", "\\`")).append("` |\n");
        md.append("| Exit code | ").append(ended(exitBefore, timedOutBefore)).append(" before")
                .append(exitAfter == null && !timedOutAfter ? "" : ", " + ended(exitAfter, timedOutAfter) + " after").append(" |\n");
        md.append("| Attempts | ").append(attempts).append(" |\n");
        if (branch != null) {
            md.append("| Branch | `").append(branch).append("` |\n");
        }
        if (commit != null) {
            md.append("| Commit | `").append(commit).append("` |\n");
        }
        md.append(String.format(Locale.ROOT, "| Model | %s, %d turns, %,d prompt tokens (%.0f%% from cache), %,d output tokens |%n", model, turns,
                promptTokens, promptTokens == 0 ? 0.0 : 100.0 * cacheHitTokens / promptTokens, completionTokens));
        md.append(costUsd == null ? "| Cost | unknown (no prices for this endpoint) |\n" : String.format(Locale.ROOT, "| Cost | $%.4f |%n", costUsd));
        md.append(String.format(Locale.ROOT, "| Duration | %.1f s |%n", durationMs / 1000.0));
        attemptTable(md);
        if (!filesChanged.isEmpty()) {
            md.append("\n### Files changed\n\n");
            filesChanged.forEach(f -> md.append("- `").append(f).append("`\n"));
        }
        if (finalAnswer != null && !finalAnswer.isBlank()) {
            md.append("\n### What the model says it did\n\n").append(finalAnswer.strip()).append('\n');
        }
        if (error != null) {
            md.append("\n### Error\n\n").append(error).append('\n');
        }
        md.append("\n<sub>Generated by Fathom; the check was run again by the harness, not judged by the model.</sub>\n");
        return md.toString();
    }

    private void attemptTable(StringBuilder md) {
        if (attemptLog.isEmpty()) {
            return;
        }
        md.append("\n### Attempts\n\n| # | Check after | Failing tests before → after | Duration |\n|---|---|---|---|\n");
        for (Attempt a : attemptLog) {
            String check = a.check() == null ? "not run (" + a.result() + ")" : a.check().timedOut() ? ended(null, true) : "exit " + a.check().exitCode();
            md.append(String.format(Locale.ROOT, "| %d | %s | %d → %d | %.1f s |%n", a.number(), check, a.failingBefore().size(),
                    a.failingAfter().size(), a.durationMs() / 1000.0));
        }
    }
}
