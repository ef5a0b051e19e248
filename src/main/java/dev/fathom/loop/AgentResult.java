package dev.fathom.loop;

/**
 * How a run ended. {@code limit} names the limit hit ({@code turns}, {@code cost}, {@code time}) when the status is
 * {@link Status#LIMIT}; {@code error} is a user-facing message when the status is {@link Status#ERROR}; {@code costUsd} is
 * null when the endpoint's prices are unknown (a self-hosted server); {@code model} is the model the main loop ended on;
 * {@code costs} splits the session's usage per model and role.
 */
public record AgentResult(Status status, String finalText, String limit, String error, int turns, UsageTotals.Usage usage,
        Double costUsd, long durationMs, String model, String sessionId, RunCosts costs) {

    public AgentResult(Status status, String finalText, String limit, String error, int turns, UsageTotals.Usage usage, Double costUsd,
            long durationMs, String model, String sessionId) {
        this(status, finalText, limit, error, turns, usage, costUsd, durationMs, model, sessionId, RunCosts.NONE);
    }

    public enum Status {
        /** The model gave a final answer. */
        DONE,
        /** A limit stopped the run. */
        LIMIT,
        /** The endpoint failed for good (auth, balance, rejected request, unreachable after retries). */
        ERROR,
        /** The user or a signal interrupted the run. */
        INTERRUPTED,
        /** A prompt_submit hook refused the prompt. */
        BLOCKED
    }
}
