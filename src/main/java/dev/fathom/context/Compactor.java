package dev.fathom.context;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layered compaction. (1) Old bulky tool outputs outside the protected recent window are replaced by a one-line note
 * saying how to get them back; if that brings the conversation under the target, that is all. (2) Otherwise the
 * model summarizes the conversation as it stands (the request is the current one plus a final instruction, so its
 * prefix is a cache hit). (3) The conversation is rebuilt: system prompt, project instructions, then one message with
 * the summary, the user's own messages verbatim (the first task always) and the plan, then the most recent turns
 * verbatim. (4) Every tool call must still have its result.
 */
public final class Compactor {
    /** Tool outputs smaller than this are not worth a placeholder. */
    public static final int PRUNE_MIN_TOKENS = 200;

    /** Produces the summary for a request; a failure leaves the conversation as it was. */
    @FunctionalInterface
    public interface Summarizer {
        String summarize(List<ChatMessage> request) throws Exception;
    }

    /** What a compaction did. */
    public record Result(List<ChatMessage> messages, boolean summarized, int prunedOutputs, int tokensBefore, int tokensAfter) {
    }

    /** The fixed texts a compaction uses (from prompts/). */
    public record Texts(String instruction, String summaryIntro, String userMessagesIntro, String planIntro, String prunedNote) {
    }

    private final TokenEstimator estimator;
    private final ContextBudget budget;
    private final Texts texts;

    public Compactor(TokenEstimator estimator, ContextBudget budget, Texts texts) {
        this.estimator = estimator;
        this.budget = budget;
        this.texts = texts;
    }

    /**
     * Compacts {@code messages}: [system, instructions (when {@code instructionsCount} is 1), history...].
     *
     * @param force summarize even when pruning alone would do (a manual compaction)
     * @param focus what the summary should keep in particular, or null
     */
    public Result compact(List<ChatMessage> messages, int instructionsCount, String plan, String focus, boolean force,
            int overheadTokens, Summarizer summarizer) throws Exception {
        int before = tokens(messages) + overheadTokens;
        List<ChatMessage> pruned = prune(messages, instructionsCount);
        int prunedCount = countDiffering(messages, pruned);
        int afterPrune = tokens(pruned) + overheadTokens;
        if (!force && afterPrune <= budget.targetTokens()) {
            return new Result(pruned, false, prunedCount, before, afterPrune);
        }
        List<ChatMessage> request = new ArrayList<>(messages);
        request.add(UserMessage.from(focus == null || focus.isBlank() ? texts.instruction()
                : texts.instruction() + "\n\nFocus especially on: " + focus.strip()));
        String summary = summarizer.summarize(request);
        List<ChatMessage> rebuilt = rebuild(pruned, instructionsCount, summary, plan);
        checkPairs(rebuilt);
        int after = tokens(rebuilt) + overheadTokens;
        if (after >= afterPrune) { // a summary no smaller than what it replaces (a short conversation) is not kept
            return new Result(pruned, false, prunedCount, before, afterPrune);
        }
        return new Result(rebuilt, true, prunedCount, before, after);
    }

    private List<ChatMessage> prune(List<ChatMessage> messages, int instructionsCount) {
        int protectedFrom = messages.size();
        int recent = 0;
        while (protectedFrom > 1 + instructionsCount && recent < budget.protectedRecentTokens()) {
            protectedFrom--;
            recent += estimator.estimate(messages.get(protectedFrom));
        }
        Map<String, ToolExecutionRequest> calls = new HashMap<>();
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m instanceof AiMessage a) {
                a.toolExecutionRequests().forEach(c -> calls.put(c.id(), c));
            }
            if (i < protectedFrom && m instanceof ToolExecutionResultMessage r && !r.text().startsWith(notePrefix())) {
                int size = estimator.estimate(r.text());
                if (size >= PRUNE_MIN_TOKENS) {
                    ToolExecutionRequest call = calls.get(r.id());
                    String args = call == null ? "" : " " + abbreviate(call.arguments(), 120);
                    out.add(ToolExecutionResultMessage.from(r.id(), r.toolName(),
                            texts.prunedNote().replace("{tool}", r.toolName() + args).replace("{tokens}", String.valueOf(size))));
                    continue;
                }
            }
            out.add(m);
        }
        return out;
    }

    private String notePrefix() {
        int cut = texts.prunedNote().indexOf('{');
        return cut < 0 ? texts.prunedNote() : texts.prunedNote().substring(0, cut);
    }

    private List<ChatMessage> rebuild(List<ChatMessage> messages, int instructionsCount, String summary, String plan) {
        int head = 1 + instructionsCount;
        // An earlier summary block is never kept verbatim: its content is carried into the new block.
        boolean earlierSummary = messages.size() > head && messages.get(head) instanceof UserMessage u
                && u.singleText().startsWith(texts.summaryIntro());
        int start = recentStart(messages, earlierSummary ? head + 1 : head);
        List<String> userMessages = userMessages(messages.subList(head, start));
        StringBuilder block = new StringBuilder(texts.summaryIntro()).append("\n\n").append(summary.strip());
        if (!userMessages.isEmpty()) {
            block.append("\n\n").append(texts.userMessagesIntro());
            for (String u : userMessages) {
                block.append("\n\n---\n").append(u);
            }
        }
        if (plan != null && !plan.isBlank()) {
            block.append("\n\n").append(texts.planIntro()).append('\n').append(plan.strip());
        }
        List<ChatMessage> out = new ArrayList<>(messages.subList(0, head));
        out.add(UserMessage.from(block.toString()));
        out.addAll(messages.subList(start, messages.size()));
        return out;
    }

    /** Where the verbatim recent turns begin: at a user or assistant message, never between a call and its result. */
    private int recentStart(List<ChatMessage> messages, int head) {
        int lastAi = messages.size();
        for (int i = messages.size() - 1; i >= head; i--) {
            if (messages.get(i) instanceof AiMessage) {
                lastAi = i;
                break;
            }
        }
        int start = lastAi;
        int used = 0;
        for (int i = messages.size() - 1; i >= head; i--) {
            used += estimator.estimate(messages.get(i));
            if (used > budget.recentTurnsTokens()) {
                break;
            }
            if (!(messages.get(i) instanceof ToolExecutionResultMessage) && i < start) {
                start = i;
            }
        }
        return Math.min(start, messages.size());
    }

    /** The user's own messages before the recent turns: the first (the task) always, then the newest within budget. */
    private List<String> userMessages(List<ChatMessage> history) {
        List<String> all = new ArrayList<>();
        for (ChatMessage m : history) {
            if (m instanceof UserMessage u && !u.singleText().startsWith(texts.summaryIntro())) {
                all.add(u.singleText());
            } else if (m instanceof UserMessage u) {
                // an earlier summary block: carry its user messages forward
                int at = u.singleText().indexOf(texts.userMessagesIntro());
                if (at >= 0) {
                    String tail = u.singleText().substring(at + texts.userMessagesIntro().length());
                    int planAt = tail.indexOf("\n\n" + texts.planIntro());
                    for (String part : (planAt >= 0 ? tail.substring(0, planAt) : tail).split("\n\n---\n")) {
                        if (!part.isBlank()) {
                            all.add(part.strip());
                        }
                    }
                }
            }
        }
        if (all.isEmpty()) {
            return all;
        }
        List<String> kept = new ArrayList<>();
        int used = estimator.estimate(all.get(0));
        for (int i = all.size() - 1; i > 0; i--) {
            int size = estimator.estimate(all.get(i));
            if (used + size > budget.userMessagesTokens()) {
                break;
            }
            used += size;
            kept.add(0, all.get(i));
        }
        kept.add(0, all.get(0));
        return kept;
    }

    /** Every tool call is followed by exactly its results, and no result stands alone; a broken pairing is a bug. */
    public static void checkPairs(List<ChatMessage> messages) {
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m instanceof AiMessage a && a.hasToolExecutionRequests()) {
                for (ToolExecutionRequest c : a.toolExecutionRequests()) {
                    i++;
                    if (i >= messages.size() || !(messages.get(i) instanceof ToolExecutionResultMessage r) || !r.id().equals(c.id())) {
                        throw new IllegalStateException("tool call " + c.id() + " has no result after compaction");
                    }
                }
            } else if (m instanceof ToolExecutionResultMessage r) {
                throw new IllegalStateException("tool result " + r.id() + " has no call before it");
            } else if (m instanceof SystemMessage && i > 0) {
                throw new IllegalStateException("a system message after the first position");
            }
        }
    }

    int tokens(List<ChatMessage> messages) {
        int t = 0;
        for (ChatMessage m : messages) {
            t += estimator.estimate(m);
        }
        return t;
    }

    private static int countDiffering(List<ChatMessage> a, List<ChatMessage> b) {
        int n = 0;
        for (int i = 0; i < a.size(); i++) {
            n += a.get(i) == b.get(i) ? 0 : 1;
        }
        return n;
    }

    private static String abbreviate(String s, int max) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max) + "…";
    }
}
