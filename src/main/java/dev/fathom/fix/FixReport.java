package dev.fathom.fix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a fix run, written as {@code report.json} (a documented schema, README) and as a Markdown summary
 * to post on a pull request. {@code costUsd} is null when the endpoint's prices are unknown (a self-hosted server).
 */
public record FixReport(String status, String limit, int attempts, String command, int exitBefore, Integer exitAfter, String branch,
        String commit, List<String> filesChanged, int turns, long promptTokens, long completionTokens, long cacheHitTokens,
        long cacheMissTokens, long reasoningTokens, Double costUsd, long durationMs, String model, String sessionId,
        long failureRawBytes, int failureSentChars, String finalAnswer, String error,
        boolean timedOutBefore, boolean timedOutAfter) {

    public String toJson(ObjectMapper json) {
        return toJson(json, null);
    }

    /** The report with the code host's results ({@code ci}: comment and pull request), when there are any. */
    public String toJson(ObjectMapper json, ObjectNode ci) {
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
        check.put("command", command).put("exit_before", exitBefore);
        if (exitAfter == null) {
            check.putNull("exit_after");
        } else {
            check.put("exit_after", exitAfter);
        }
        check.put("timed_out_before", timedOutBefore).put("timed_out_after", timedOutAfter);
        r.put("branch", branch).put("commit", commit);
        files(r);
        r.put("turns", turns);
        r.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("cache_hit_tokens", cacheHitTokens).put("cache_miss_tokens", cacheMissTokens).put("reasoning_tokens", reasoningTokens);
        r.put("cache_hit_ratio", promptTokens == 0 ? 0 : (double) cacheHitTokens / promptTokens);
        r.put("cost_usd", costUsd).put("duration_ms", durationMs).put("model", model).put("session_id", sessionId);
        r.putObject("failure_output").put("raw_bytes", failureRawBytes).put("sent_chars", failureSentChars);
        if (ci != null && !ci.isEmpty()) {
            r.set("ci", ci);
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(r) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void files(ObjectNode r) {
        var arr = r.putArray("files_changed");
        filesChanged.forEach(arr::add);
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
        md.append("| Exit code | ").append(timedOutBefore ? "timed out" : String.valueOf(exitBefore)).append(" before")
                .append(exitAfter == null ? "" : ", " + (timedOutAfter ? "timed out" : String.valueOf(exitAfter)) + " after").append(" |\n");
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
}
