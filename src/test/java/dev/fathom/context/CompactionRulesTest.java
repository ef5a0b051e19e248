package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules a compaction keeps whatever the sizes: a cleared output is not cleared twice, small and recent outputs stay,
 * a summary that saves nothing is dropped, the user's words survive within their budget, a failed summary changes
 * nothing, and the conversation's accounting follows the new messages.
 */
class CompactionRulesTest {
    static final Compactor.Texts TEXTS = new Compactor.Texts("Summarize now.", "SUMMARY INTRO", "USER MESSAGES:", "PLAN:",
            "[cleared: {tool} gave {tokens} tokens]");
    final TokenEstimator estimator = new TokenEstimator();
    final ContextBudget budget = ContextBudget.of(40_000, 8_000, null, true);
    final Compactor compactor = new Compactor(estimator, budget, TEXTS);

    static ToolExecutionRequest call(String id, String arguments) {
        return ToolExecutionRequest.builder().id(id).name("read_file").arguments(arguments).build();
    }

    /** system, instructions, task, then {@code turns} calls with outputs of {@code outputChars} characters. */
    static List<ChatMessage> history(int turns, int outputChars) {
        List<ChatMessage> m = new ArrayList<>(List.of(SystemMessage.from("system"), UserMessage.from("instructions"),
                UserMessage.from("THE TASK")));
        for (int i = 0; i < turns; i++) {
            ToolExecutionRequest c = call("c" + i, "{\"file_path\":\"f" + i + ".txt\"}");
            m.add(AiMessage.from(List.of(c)));
            m.add(ToolExecutionResultMessage.from(c, ("line " + i + " of the file ").repeat(outputChars / 20)));
        }
        return m;
    }

    static String text(ChatMessage m) {
        return m instanceof ToolExecutionResultMessage r ? r.text() : m instanceof UserMessage u ? u.singleText() : String.valueOf(m);
    }

    Compactor.Result prune(List<ChatMessage> m) throws Exception {
        return compactor.compact(m, 1, null, null, false, 0, req -> {
            throw new AssertionError("pruning was enough");
        });
    }

    @Test
    void aClearedOutputIsNotClearedAgainAndRecentOrSmallOutputsStay() throws Exception {
        List<ChatMessage> m = history(30, 6_000);
        // A small old output, below the size worth a placeholder.
        ToolExecutionRequest small = call("small", "{}");
        m.add(3, ToolExecutionResultMessage.from(small, "tiny"));
        m.add(3, AiMessage.from(List.of(small)));
        Compactor.Result first = prune(m);
        assertThat(first.prunedOutputs()).isPositive();
        assertThat(text(first.messages().get(4))).isEqualTo("tiny");
        assertThat(text(first.messages().get(first.messages().size() - 1))).as("the newest output is protected").startsWith("line 29 of");
        int cleared = (int) first.messages().stream().filter(x -> text(x).startsWith("[cleared: ")).count();
        assertThat(cleared).isEqualTo(first.prunedOutputs());

        Compactor.Result second = prune(first.messages());
        // A wordy placeholder (over the size worth clearing) is still recognised as one.
        Compactor.Texts wordy = new Compactor.Texts("Summarize now.", "SUMMARY INTRO", "USER MESSAGES:", "PLAN:",
                "[cleared: " + "this output was cleared to save room in the window; ".repeat(20) + "{tool} gave {tokens} tokens]");
        Compactor verbose = new Compactor(estimator, budget, wordy);
        Compactor.Summarizer none = req -> {
            throw new AssertionError("pruning was enough");
        };
        Compactor.Result once = verbose.compact(m, 1, null, null, false, 0, none);
        assertThat(once.prunedOutputs()).isPositive();
        assertThat(estimator.estimate(text(once.messages().get(6)))).as("the placeholder is big enough to clear").isGreaterThan(Compactor.PRUNE_MIN_TOKENS);
        Compactor.Result twice = verbose.compact(once.messages(), 1, null, null, false, 0, none);
        assertThat(twice.prunedOutputs()).as("a wordy placeholder is not replaced by another").isZero();
        assertThat(second.prunedOutputs()).as("placeholders are not replaced by placeholders").isZero();
        for (int i = 0; i < first.messages().size(); i++) {
            assertThat(second.messages().get(i)).isSameAs(first.messages().get(i));
        }
        assertThat(second.tokensBefore()).isEqualTo(second.tokensAfter());
    }

    @Test
    void aPlaceholderNamesTheCallWithItsArgumentsOnOneShortLine() throws Exception {
        List<ChatMessage> m = history(30, 6_000);
        String longArguments = "{\"file_path\":\n  \"" + "d/".repeat(100) + "x.txt\"}";
        ToolExecutionRequest c = call("c0", longArguments);
        m.set(3, AiMessage.from(List.of(c)));
        String note = text(prune(m).messages().get(4));
        String flat = longArguments.replaceAll("\\s+", " ");
        assertThat(note).startsWith("[cleared: read_file " + flat.substring(0, 120) + "\u2026 gave ").endsWith(" tokens]");
        int tokens = Integer.parseInt(note.replaceAll(".* gave (\\d+) tokens]$", "$1"));
        assertThat(tokens).isEqualTo(estimator.estimate(text(m.get(4))));
    }

    @Test
    void aSummaryThatSavesNothingIsDroppedAndTheFocusIsOptional() throws Exception {
        List<ChatMessage> m = history(2, 40);
        List<List<ChatMessage>> asked = new ArrayList<>();
        Compactor.Result r = compactor.compact(m, 1, null, "  ", true, 0, req -> {
            asked.add(req);
            return "a summary far longer than the short conversation it would replace ".repeat(50);
        });
        assertThat(((UserMessage) asked.get(0).get(m.size())).singleText()).as("a blank focus adds nothing").isEqualTo("Summarize now.");
        assertThat(r.summarized()).isFalse();
        assertThat(r.messages()).isEqualTo(m);
        assertThat(r.tokensAfter()).isEqualTo(r.tokensBefore());
    }

    @Test
    void theFirstTaskAlwaysAndTheNewestUserMessagesWithinTheirBudgetAreKept() throws Exception {
        List<ChatMessage> m = new ArrayList<>(history(0, 0));
        // Twelve later user messages of about 1,000 tokens each; their budget here is 4,000 tokens.
        for (int i = 0; i < 12; i++) {
            m.add(UserMessage.from("request " + i + " " + "word ".repeat(900)));
            ToolExecutionRequest c = call("k" + i, "{}");
            m.add(AiMessage.from(List.of(c)));
            m.add(ToolExecutionResultMessage.from(c, "ok"));
        }
        for (int i = 0; i < 40; i++) {
            m.add(AiMessage.from("filler answer " + i + " " + "text ".repeat(400)));
        }
        Compactor.Result r = compactor.compact(m, 1, "  ", null, true, 0, req -> "short summary");
        assertThat(r.summarized()).isTrue();
        String block = text(r.messages().get(2));
        assertThat(block).startsWith("SUMMARY INTRO\n\nshort summary\n\nUSER MESSAGES:\n\n---\nTHE TASK\n\n---\nrequest ")
                .contains("request 11 ").doesNotContain("request 0 ").doesNotContain("PLAN:");
        int kept = block.split("\n\n---\n").length - 1;
        assertThat(kept).as("the task plus the newest that fit").isBetween(2, 5);
        for (int i = 12 - (kept - 1); i < 12; i++) {
            assertThat(block).contains("request " + i + " ");
        }
        Compactor.checkPairs(r.messages());
    }

    @Test
    void theRecentTurnsBeginAtAnAnswerNeverBetweenACallAndItsResults() throws Exception {
        List<ChatMessage> m = history(0, 0);
        for (int i = 0; i < 40; i++) {
            ToolExecutionRequest a = call("a" + i, "{}");
            ToolExecutionRequest b = call("b" + i, "{}");
            m.add(AiMessage.from(List.of(a, b)));
            m.add(ToolExecutionResultMessage.from(a, "first result ".repeat(150)));
            m.add(ToolExecutionResultMessage.from(b, "second result ".repeat(150)));
        }
        Compactor.Result r = compactor.compact(m, 1, null, null, true, 0, req -> "summary");
        assertThat(r.summarized()).isTrue();
        assertThat(r.messages().get(3)).as("the first verbatim message after the summary").isInstanceOf(AiMessage.class);
        assertThat(r.messages().size()).isLessThan(m.size());
        assertThat(r.messages().get(r.messages().size() - 1)).isSameAs(m.get(m.size() - 1));
        Compactor.checkPairs(r.messages());
    }

    @Test
    void aFailedSummaryLeavesTheConversationAsItWas() {
        Conversation c = new Conversation("system", "instructions", budget, estimator, 500);
        history(10, 2_000).subList(2, 23).forEach(c::append);
        List<ChatMessage> before = List.copyOf(c.messages());
        int tokens = c.estimatedTokens();
        assertThatThrownBy(() -> c.compact(compactor, null, null, true, req -> {
            throw new IllegalStateException("endpoint down");
        })).hasMessage("endpoint down");
        assertThat(c.messages()).containsExactlyElementsOf(before);
        assertThat(c.estimatedTokens()).isEqualTo(tokens);
        assertThat(c.hasSummary()).isFalse();
    }

    @Test
    void afterASummaryTheAccountingFollowsTheNewMessages() throws Exception {
        Conversation c = new Conversation("system", "instructions", budget, estimator, 500);
        history(30, 6_000).subList(2, 63).forEach(c::append);
        c.recordExact(30_000, c.messages().size());
        assertThat(c.estimatedTokens()).isEqualTo(30_000);
        Compactor.Result r = c.compact(compactor, "[>] fix", null, true, req -> "what happened");
        assertThat(r.summarized()).isTrue();
        assertThat(c.hasSummary()).isTrue();
        assertThat(c.messages()).containsExactlyElementsOf(r.messages());
        // Estimated again from the new messages (whole-conversation rounding: at most one token per message less).
        assertThat(c.estimatedTokens()).as("the old exact count no longer applies")
                .isBetween(r.tokensAfter() - r.messages().size(), r.tokensAfter());
        ContextBreakdown b = c.breakdown();
        assertThat(b.summary()).isPositive();
        assertThat(b.instructions()).isPositive();
        assertThat(b.system() + b.tools() + b.instructions() + b.history() + b.toolOutputs() + b.summary()).isEqualTo(b.total());
    }

    @Test
    void aNonPositiveCountIsNoCountAndAutoCompactOffNeverTriggers() {
        Conversation c = new Conversation("system", null, ContextBudget.of(10_000, 2_000, 50, false), estimator, 100);
        c.append(UserMessage.from("word ".repeat(20_000)));
        int estimate = c.estimatedTokens();
        c.recordExact(0, 2);
        c.recordExact(-5, 2);
        assertThat(c.estimatedTokens()).isEqualTo(estimate);
        assertThat(estimator.factor()).as("nothing learned from a missing count").isEqualTo(1.0);
        assertThat(estimate).isGreaterThan(c.budget().triggerTokens());
        assertThat(c.overTrigger()).isFalse();
        assertThat(c.instructionsCount()).isZero();
        assertThat(c.breakdown().instructions()).isZero();
    }

    @Test
    void aRestoredConversationKeepsItsMessagesAndItsSummaryMark() {
        Conversation original = new Conversation("system", "instructions", budget, estimator, 200);
        original.append(UserMessage.from("SUMMARY INTRO\n\nwhat happened"));
        original.append(AiMessage.from("ok"));
        Conversation restored = Conversation.restore(List.copyOf(original.messages()), 1, budget, estimator, 200);
        assertThat(restored.messages()).isEqualTo(original.messages());
        assertThat(restored.instructionsCount()).isEqualTo(1);
        assertThat(restored.estimatedTokens()).isEqualTo(original.estimatedTokens());
        assertThat(restored.breakdown().summary()).isZero();
        restored.markSummarized();
        ContextBreakdown b = restored.breakdown();
        assertThat(b.summary()).isPositive();
        int answer = estimator.estimate(AiMessage.from("ok"));
        assertThat(b.history()).as("only the answer after it, scaled to the total").isBetween(answer - 1, answer);
    }

    @Test
    void theBreakdownIsScaledToTheExactTotalWithTheRestOnTheLargestPart() {
        Conversation c = new Conversation("system prompt", null, budget, estimator, 1_000);
        c.append(UserMessage.from("task"));
        c.recordExact(2_003, 2);
        ContextBreakdown b = c.breakdown();
        assertThat(b.total()).isEqualTo(2_003);
        assertThat(b.system() + b.tools() + b.instructions() + b.history() + b.toolOutputs() + b.summary()).isEqualTo(2_003);
        assertThat(b.tools()).as("the largest part").isGreaterThan(b.system() + b.history());
        assertThat(b.window()).isEqualTo(40_000);
    }
}
