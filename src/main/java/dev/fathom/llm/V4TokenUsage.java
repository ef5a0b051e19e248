package dev.fathom.llm;

import dev.langchain4j.model.output.TokenUsage;
import java.util.Objects;

/** langchain4j's token usage plus what V4 adds: prefix-cache hits and misses, and reasoning tokens. */
public final class V4TokenUsage extends TokenUsage {
    private final int cacheHitTokens;
    private final int cacheMissTokens;
    private final int reasoningTokens;

    public V4TokenUsage(int promptTokens, int completionTokens, int cacheHitTokens, int cacheMissTokens, int reasoningTokens) {
        super(promptTokens, completionTokens, promptTokens + completionTokens);
        this.cacheHitTokens = cacheHitTokens;
        this.cacheMissTokens = cacheMissTokens;
        this.reasoningTokens = reasoningTokens;
    }

    public int cacheHitTokens() {
        return cacheHitTokens;
    }

    public int cacheMissTokens() {
        return cacheMissTokens;
    }

    public int reasoningTokens() {
        return reasoningTokens;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof V4TokenUsage other && super.equals(o) && cacheHitTokens == other.cacheHitTokens
                && cacheMissTokens == other.cacheMissTokens && reasoningTokens == other.reasoningTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), cacheHitTokens, cacheMissTokens, reasoningTokens);
    }

    @Override
    public String toString() {
        return "V4TokenUsage{prompt=" + inputTokenCount() + ", completion=" + outputTokenCount() + ", cacheHit=" + cacheHitTokens
                + ", cacheMiss=" + cacheMissTokens + ", reasoning=" + reasoningTokens + "}";
    }
}
