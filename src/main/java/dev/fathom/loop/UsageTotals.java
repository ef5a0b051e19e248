package dev.fathom.loop;

import dev.fathom.llm.V4TokenUsage;
import dev.langchain4j.model.output.TokenUsage;

/** Token counts summed over a run. */
public final class UsageTotals {

    /** One response's (or a run's) token counts. */
    public record Usage(long promptTokens, long completionTokens, long cacheHitTokens, long cacheMissTokens, long reasoningTokens) {

        public static Usage of(TokenUsage u) {
            if (u == null) {
                return new Usage(0, 0, 0, 0, 0);
            }
            long prompt = u.inputTokenCount() == null ? 0 : u.inputTokenCount();
            long completion = u.outputTokenCount() == null ? 0 : u.outputTokenCount();
            if (u instanceof V4TokenUsage v4) {
                return new Usage(prompt, completion, v4.cacheHitTokens(), v4.cacheMissTokens(), v4.reasoningTokens());
            }
            return new Usage(prompt, completion, 0, prompt, 0);
        }

        /** Share of prompt tokens served from the prefix cache, 0 to 1. */
        public double cacheHitRatio() {
            return promptTokens == 0 ? 0 : (double) cacheHitTokens / promptTokens;
        }
    }

    private long prompt;
    private long completion;
    private long hit;
    private long miss;
    private long reasoning;

    public void add(Usage u) {
        prompt += u.promptTokens();
        completion += u.completionTokens();
        hit += u.cacheHitTokens();
        miss += u.cacheMissTokens();
        reasoning += u.reasoningTokens();
    }

    public Usage total() {
        return new Usage(prompt, completion, hit, miss, reasoning);
    }
}
