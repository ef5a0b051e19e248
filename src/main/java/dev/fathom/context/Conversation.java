package dev.fathom.context;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages sent to the model and what they cost: the exact prompt count of the last request plus an estimate of
 * what was appended since. Between compactions it only grows by appending, so every request extends the previous one
 * and the endpoint's prefix cache hits on all but the new tail.
 */
public final class Conversation {
    private final List<ChatMessage> messages = new ArrayList<>();
    /** Raw estimates of {@code messages}, index for index: a message's text is measured once, not per turn. */
    private final List<Double> raw = new ArrayList<>();
    private final TokenEstimator estimator;
    private final ContextBudget budget;
    private final int toolsTokens;
    private int instructionsCount;
    private int exactTokens = -1;
    private int exactCount;
    private boolean hasSummary;

    /**
     * @param instructions project instructions (sent once, as the first user message), or null
     * @param toolsTokens the estimated size of the tool schemas, which every request carries
     */
    public Conversation(String systemPrompt, String instructions, ContextBudget budget, TokenEstimator estimator, int toolsTokens) {
        this.budget = budget;
        this.estimator = estimator;
        this.toolsTokens = toolsTokens;
        append(SystemMessage.from(systemPrompt));
        if (instructions != null) {
            append(UserMessage.from(instructions));
            instructionsCount = 1;
        }
    }

    /** A conversation restored from a session log. */
    public static Conversation restore(List<ChatMessage> messages, int instructionsCount, ContextBudget budget, TokenEstimator estimator,
            int toolsTokens) {
        Conversation c = new Conversation(((SystemMessage) messages.get(0)).text(), null, budget, estimator, toolsTokens);
        messages.subList(1, messages.size()).forEach(c::append);
        c.instructionsCount = instructionsCount;
        return c;
    }

    public void append(ChatMessage m) {
        messages.add(m);
        raw.add(TokenEstimator.raw(m));
    }

    public List<ChatMessage> messages() {
        return messages;
    }

    public int instructionsCount() {
        return instructionsCount;
    }

    public ContextBudget budget() {
        return budget;
    }

    /** Records the exact prompt size the endpoint reported for a request of the first {@code messageCount} messages. */
    public void recordExact(int promptTokens, int messageCount) {
        if (promptTokens <= 0) {
            return;
        }
        double sum = toolsTokens / estimator.factor();
        for (int i = 0; i < messageCount && i < raw.size(); i++) {
            sum += raw.get(i);
        }
        estimator.calibrate(promptTokens, sum);
        exactTokens = promptTokens;
        exactCount = messageCount;
    }

    /** The size of the next request: exact where known, estimated for the rest. */
    public int estimatedTokens() {
        double tail = 0;
        for (int i = exactTokens >= 0 ? exactCount : 0; i < raw.size(); i++) {
            tail += raw.get(i);
        }
        return (exactTokens >= 0 ? exactTokens : toolsTokens) + (int) Math.ceil(tail * estimator.factor());
    }

    public boolean overTrigger() {
        return budget.autoCompact() && estimatedTokens() > budget.triggerTokens();
    }

    /** Compacts in place; the exact count no longer applies until the next response. */
    public Compactor.Result compact(Compactor compactor, String plan, String focus, boolean force, Compactor.Summarizer summarizer)
            throws Exception {
        Compactor.Result r = compactor.compact(List.copyOf(messages), instructionsCount, plan, focus, force, toolsTokens, summarizer);
        messages.clear();
        raw.clear();
        r.messages().forEach(this::append);
        hasSummary |= r.summarized();
        exactTokens = -1;
        return r;
    }

    /**
     * Where the window goes, by category, for /context and the status line's context meter (which asks after every
     * answer). Built from the estimates taken when each message was appended: measuring every message's text again
     * cost tens of milliseconds per call at a million tokens.
     */
    public ContextBreakdown breakdown() {
        int system = estimateAt(0);
        int instructions = instructionsCount == 1 ? estimateAt(1) : 0;
        int toolOutputs = 0;
        int summary = 0;
        int history = 0;
        for (int i = 1 + instructionsCount; i < messages.size(); i++) {
            int t = estimateAt(i);
            if (messages.get(i) instanceof ToolExecutionResultMessage) {
                toolOutputs += t;
            } else if (i == 1 + instructionsCount && hasSummary) {
                summary += t;
            } else {
                history += t;
            }
        }
        int total = estimatedTokens();
        int[] parts = scaledTo(total, system, toolsTokens, instructions, history, toolOutputs, summary);
        return new ContextBreakdown(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], total, budget.window());
    }

    /** What {@link TokenEstimator#estimate(ChatMessage)} gives for message {@code i}, from its cached raw estimate. */
    private int estimateAt(int i) {
        return (int) Math.ceil(raw.get(i) * estimator.factor());
    }

    /**
     * The parts are estimates while the total comes from the endpoint's count: they are scaled so that they add up to
     * the total, the rounding left over going to the largest part.
     */
    private static int[] scaledTo(int total, int... parts) {
        long sum = 0;
        int largest = 0;
        for (int i = 0; i < parts.length; i++) {
            sum += parts[i];
            largest = parts[i] > parts[largest] ? i : largest;
        }
        if (sum == 0) {
            return parts;
        }
        int[] scaled = new int[parts.length];
        int given = 0;
        for (int i = 0; i < parts.length; i++) {
            scaled[i] = (int) Math.round((double) parts[i] * total / sum);
            given += scaled[i];
        }
        scaled[largest] += total - given;
        return scaled;
    }

    /** Marks the message after the instructions as a compaction summary (a restored session that was summarized). */
    public void markSummarized() {
        hasSummary = true;
    }

    public boolean hasSummary() {
        return hasSummary;
    }
}
