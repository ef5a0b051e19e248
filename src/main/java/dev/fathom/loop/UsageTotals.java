package dev.fathom.loop;

import dev.fathom.llm.V4TokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token counts and costs summed over a session, in total and per model and per role (main, explore, compact), with
 * what the same tokens would have cost on the baseline model alone. Sub-agents add to it from other threads.
 */
public final class UsageTotals {

    /** One response's (or a run's) token counts. */
    public record Usage(long promptTokens, long completionTokens, long cacheHitTokens, long cacheMissTokens, long reasoningTokens) {
        public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

        public static Usage of(TokenUsage u) {
            if (u == null) {
                return ZERO;
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

        Usage plus(Usage u) {
            return new Usage(promptTokens + u.promptTokens, completionTokens + u.completionTokens, cacheHitTokens + u.cacheHitTokens,
                    cacheMissTokens + u.cacheMissTokens, reasoningTokens + u.reasoningTokens);
        }
    }

    /** The responses of one model or one role: how many, their tokens and their cost (null when unpriced). */
    public record Line(int requests, Usage usage, Double costUsd) {
    }

    private record Sum(int requests, Usage usage, double cost) {
        Sum plus(Usage u, double c) {
            return new Sum(requests + 1, usage.plus(u), cost + c);
        }
    }

    private static final Sum EMPTY = new Sum(0, Usage.ZERO, 0);
    private Usage total = Usage.ZERO;
    private double cost;
    private double baselineCost;
    private final Map<String, Sum> byModel = new LinkedHashMap<>();
    private final Map<String, Sum> byRole = new LinkedHashMap<>();

    public synchronized void add(Usage u) {
        total = total.plus(u);
    }

    /** One response of {@code model} in {@code role}, its cost, and its cost had the baseline model answered it. */
    public synchronized void add(String model, String role, Usage u, double costUsd, double baselineCostUsd) {
        total = total.plus(u);
        cost += costUsd;
        baselineCost += baselineCostUsd;
        byModel.put(model, byModel.getOrDefault(model, EMPTY).plus(u, costUsd));
        byRole.put(role, byRole.getOrDefault(role, EMPTY).plus(u, costUsd));
    }

    public synchronized Usage total() {
        return total;
    }

    public synchronized double cost() {
        return cost;
    }

    public synchronized double baselineCost() {
        return baselineCost;
    }

    /** Per model, in first-use order; a model without prices has a null cost. */
    public synchronized Map<String, Line> byModel(Pricing pricing) {
        Map<String, Line> out = new LinkedHashMap<>();
        byModel.forEach((m, s) -> out.put(m, new Line(s.requests(), s.usage(), pricing.known() && pricing.knows(m) ? s.cost() : null)));
        return out;
    }

    /** Per role (main, explore, compact), in first-use order. */
    public synchronized Map<String, Line> byRole(Pricing pricing) {
        Map<String, Line> out = new LinkedHashMap<>();
        byRole.forEach((r, s) -> out.put(r, new Line(s.requests(), s.usage(), pricing.known() ? s.cost() : null)));
        return out;
    }
}
