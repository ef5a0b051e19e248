package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Each of a compaction's budgets at its exact edge: at the limit, one token under and one over. When compaction is
 * content with pruning, which outputs are cleared, which turns stay verbatim and which of the user's messages are
 * carried over decide what the model still knows afterwards, so an edge off by one is a behaviour change. The budgets
 * here are built from the measured sizes of the messages (ContextBudget is a plain record), so that an edge falls
 * exactly on a message.
 */
class CompactionBoundariesTest {
    static final Compactor.Texts TEXTS = CompactionRulesTest.TEXTS;
    final TokenEstimator estimator = new TokenEstimator();

    /** A text the estimator counts as exactly {@code tokens}. */
    String textOf(int tokens) {
        StringBuilder s = new StringBuilder("a".repeat(Math.max(0, (int) (tokens / 0.23) - 8)));
        while (estimator.estimate(s.toString()) < tokens) {
            s.append('a');
        }
        assertThat(estimator.estimate(s.toString())).isEqualTo(tokens);
        return s.toString();
    }

    static ToolExecutionRequest call(String id) {
        return ToolExecutionRequest.builder().id(id).name("read_file").arguments("{\"file_path\":\"" + id + ".txt\"}").build();
    }

    static List<ChatMessage> head() {
        return new ArrayList<>(List.of(SystemMessage.from("system"), UserMessage.from("instructions"), UserMessage.from("THE TASK")));
    }

    /** A summarizer whose summary is far too long to keep: the compaction's result is then the pruned conversation. */
    static final Compactor.Summarizer USELESS = req -> "far too long ".repeat(20_000);

    static boolean cleared(ChatMessage m) {
        return ((ToolExecutionResultMessage) m).text().startsWith("[cleared: ");
    }

    @Test
    void pruningIsEnoughUpToTheTargetAndOneTokenOverASummaryIsAsked() throws Exception {
        ContextBudget budget = ContextBudget.of(40_000, 8_000, null, true);
        Compactor compactor = new Compactor(estimator, budget, TEXTS);
        List<ChatMessage> m = CompactionRulesTest.history(30, 6_000);
        Compactor.Result plain = compactor.compact(m, 1, null, null, false, 0, USELESS);
        int overhead = budget.targetTokens() - plain.tokensAfter();
        assertThat(overhead).as("pruned, the conversation is well under the target").isPositive();

        AtomicInteger asked = new AtomicInteger();
        Compactor.Summarizer counting = req -> {
            asked.incrementAndGet();
            return "what happened";
        };
        Compactor.Result atTarget = compactor.compact(m, 1, null, null, false, overhead, counting);
        assertThat(asked).as("exactly at the target, pruning is enough").hasValue(0);
        assertThat(atTarget.summarized()).isFalse();
        assertThat(atTarget.tokensAfter()).isEqualTo(budget.targetTokens());
        assertThat(atTarget.tokensBefore()).as("the tools' overhead is counted in").isEqualTo(compactor.tokens(m) + overhead);

        Compactor.Result over = compactor.compact(m, 1, null, null, false, overhead + 1, counting);
        assertThat(asked).as("one token over the target, the model is asked for a summary").hasValue(1);
        assertThat(over.summarized()).isTrue();
        assertThat(over.tokensAfter()).isLessThan(budget.targetTokens());
    }

    @Test
    void aSummaryOneTokenSmallerThanWhatItReplacesIsKeptOneOfTheSameSizeIsNot() throws Exception {
        Compactor compactor = new Compactor(estimator, ContextBudget.of(40_000, 8_000, null, true), TEXTS);
        List<ChatMessage> m = CompactionRulesTest.history(30, 6_000);
        int replaced = compactor.compact(m, 1, null, null, true, 0, USELESS).tokensAfter();
        // The largest summary that is kept; every letter more adds at most one token.
        int low = 0;
        int high = 40_000;
        while (high - low > 1) {
            int mid = (low + high) / 2;
            if (compactor.compact(m, 1, null, null, true, 0, req -> "s".repeat(mid)).summarized()) {
                low = mid;
            } else {
                high = mid;
            }
        }
        int longest = low;
        Compactor.Result kept = compactor.compact(m, 1, null, null, true, 0, req -> "s".repeat(longest));
        assertThat(kept.summarized()).isTrue();
        assertThat(kept.tokensAfter()).as("the largest summary kept saves exactly one token").isEqualTo(replaced - 1);
        Compactor.Result same = compactor.compact(m, 1, null, null, true, 0, req -> "s".repeat(longest + 1));
        assertThat(same.summarized()).as("a summary that saves nothing is dropped").isFalse();
        assertThat(same.messages()).as("the pruned conversation stands").hasSameSizeAs(m);
        assertThat(same.tokensAfter()).isEqualTo(replaced);
    }

    /** system, instructions, task, then three calls whose outputs each cost more than a placeholder. */
    List<ChatMessage> threeOutputs() {
        List<ChatMessage> m = head();
        for (int i = 0; i < 3; i++) {
            ToolExecutionRequest c = call("c" + i);
            m.add(AiMessage.from(List.of(c)));
            m.add(ToolExecutionResultMessage.from(c, textOf(400 + i)));
        }
        return m;
    }

    @Test
    void theProtectedRecentOutputsEndExactlyWhereTheirBudgetIsReached() throws Exception {
        List<ChatMessage> m = threeOutputs();
        int newest = estimator.estimate(m.get(8)) + estimator.estimate(m.get(7));
        // protectedRecentTokens is a quarter of the usable window
        Compactor exactly = new Compactor(estimator, new ContextBudget(4 * newest, 0, 85, true), TEXTS);
        Compactor.Result r = exactly.compact(m, 1, null, null, false, 0, USELESS);
        assertThat(cleared(r.messages().get(8))).as("the newest output is protected").isFalse();
        assertThat(cleared(r.messages().get(6))).as("the budget is used up by the newest call: the one before is cleared").isTrue();
        assertThat(cleared(r.messages().get(4))).isTrue();
        assertThat(r.prunedOutputs()).isEqualTo(2);

        Compactor oneMore = new Compactor(estimator, new ContextBudget(4 * (newest + 1), 0, 85, true), TEXTS);
        Compactor.Result more = oneMore.compact(m, 1, null, null, false, 0, USELESS);
        assertThat(cleared(more.messages().get(6))).as("one token of room left: the output before is protected too").isFalse();
        assertThat(cleared(more.messages().get(4))).isTrue();
        assertThat(more.prunedOutputs()).isEqualTo(1);
    }

    @Test
    void anOutputOfTwoHundredTokensIsClearedOneOfOneHundredNinetyNineStays() throws Exception {
        List<ChatMessage> m = head();
        ToolExecutionRequest big = call("big");
        ToolExecutionRequest small = call("small");
        m.add(AiMessage.from(List.of(big)));
        m.add(ToolExecutionResultMessage.from(big, textOf(Compactor.PRUNE_MIN_TOKENS)));
        m.add(AiMessage.from(List.of(small)));
        m.add(ToolExecutionResultMessage.from(small, textOf(Compactor.PRUNE_MIN_TOKENS - 1)));
        m.add(AiMessage.from("done"));
        // nothing protected: a window of four tokens leaves one token of recent room, which the last answer fills
        Compactor.Result r = new Compactor(estimator, new ContextBudget(4, 0, 85, true), TEXTS).compact(m, 1, null, null, false, 0, USELESS);
        assertThat(((ToolExecutionResultMessage) r.messages().get(4)).text())
                .isEqualTo("[cleared: read_file {\"file_path\":\"big.txt\"} gave 200 tokens]");
        assertThat(r.messages().get(6)).isSameAs(m.get(6));
        assertThat(r.prunedOutputs()).isEqualTo(1);
    }

    @Test
    void theRecentTurnsKeptVerbatimEndExactlyAtTheirBudget() throws Exception {
        List<ChatMessage> m = head();
        m.add(AiMessage.from("an early long answer " + textOf(3_000)));
        m.add(UserMessage.from("second request"));
        m.add(AiMessage.from("second answer"));
        m.add(UserMessage.from("third request"));
        m.add(AiMessage.from("third answer"));
        int lastTurn = estimator.estimate(m.get(6)) + estimator.estimate(m.get(7));
        // recentTurnsTokens is a fifth of the usable window
        Compactor.Result exactly = new Compactor(estimator, new ContextBudget(5 * lastTurn, 0, 85, true), TEXTS)
                .compact(m, 1, null, null, true, 0, req -> "summary");
        assertThat(exactly.summarized()).isTrue();
        assertThat(exactly.messages().subList(3, exactly.messages().size())).as("the whole last turn fits exactly")
                .containsExactly(m.get(6), m.get(7));

        Compactor.Result under = new Compactor(estimator, new ContextBudget(5 * (lastTurn - 1), 0, 85, true), TEXTS)
                .compact(m, 1, null, null, true, 0, req -> "summary");
        assertThat(under.summarized()).isTrue();
        assertThat(under.messages().subList(3, under.messages().size())).as("one token short: only the last answer stays verbatim")
                .containsExactly(m.get(7));
        assertThat(((UserMessage) under.messages().get(2)).singleText()).as("the request it answers is carried in the summary")
                .endsWith("\n\n---\nthird request");
    }

    @Test
    void theUsersMessagesCarriedOverEndExactlyAtTheirBudget() throws Exception {
        List<ChatMessage> m = head();
        m.add(AiMessage.from("an early long answer " + textOf(3_000)));
        String first = "first request " + textOf(50);
        String second = "second request " + textOf(60);
        m.add(UserMessage.from(first));
        m.add(AiMessage.from("first answer"));
        m.add(UserMessage.from(second));
        // the last answer alone is more than the recent turns' budget: it is all that stays verbatim
        m.add(AiMessage.from("the last long answer " + textOf(1_000)));
        int room = estimator.estimate("THE TASK") + estimator.estimate(second);
        // userMessagesTokens is an eighth of the usable window
        Compactor.Result exactly = new Compactor(estimator, new ContextBudget(8 * room, 0, 85, true), TEXTS)
                .compact(m, 1, null, null, true, 0, req -> "summary");
        assertThat(exactly.summarized()).isTrue();
        assertThat(((UserMessage) exactly.messages().get(2)).singleText()).as("the task and the newest request fill the room exactly")
                .endsWith("USER MESSAGES:\n\n---\nTHE TASK\n\n---\n" + second);
        assertThat(exactly.messages().subList(3, exactly.messages().size())).containsExactly(m.get(7));

        Compactor.Result under = new Compactor(estimator, new ContextBudget(8 * (room - 1), 0, 85, true), TEXTS)
                .compact(m, 1, null, null, true, 0, req -> "summary");
        assertThat(((UserMessage) under.messages().get(2)).singleText()).as("one token short: the task alone, always")
                .endsWith("USER MESSAGES:\n\n---\nTHE TASK");
    }

    @Test
    void aPlaceholderQuotesArgumentsOfUpTo120CharactersWhole() throws Exception {
        List<ChatMessage> m = head();
        String exact = "{\"file_path\":\"" + "d".repeat(104) + "\"}";
        assertThat(exact).hasSize(120);
        ToolExecutionRequest c = ToolExecutionRequest.builder().id("x").name("read_file").arguments(exact).build();
        m.add(AiMessage.from(List.of(c)));
        m.add(ToolExecutionResultMessage.from(c, textOf(300)));
        // a result whose call is not in the history (an inconsistent log): named by its tool alone
        m.add(ToolExecutionResultMessage.from("orphan", "read_file", textOf(300)));
        m.add(AiMessage.from("done"));
        Compactor.Result r = new Compactor(estimator, new ContextBudget(4, 0, 85, true), TEXTS).compact(m, 1, null, null, false, 0, USELESS);
        assertThat(((ToolExecutionResultMessage) r.messages().get(4)).text()).isEqualTo("[cleared: read_file " + exact + " gave 300 tokens]");
        assertThat(((ToolExecutionResultMessage) r.messages().get(5)).text()).isEqualTo("[cleared: read_file gave 300 tokens]");
    }

    @Test
    void aNoteWithoutPlaceholdersIsStillRecognisedAsANote() throws Exception {
        Compactor.Texts plain = new Compactor.Texts("Summarize now.", "SUMMARY INTRO", "USER MESSAGES:", "PLAN:",
                "[output cleared to save room; run the tool again if needed] " + "padding ".repeat(300));
        Compactor compactor = new Compactor(estimator, new ContextBudget(4, 0, 85, true), plain);
        List<ChatMessage> m = head();
        ToolExecutionRequest c = call("c");
        m.add(AiMessage.from(List.of(c)));
        m.add(ToolExecutionResultMessage.from(c, textOf(300)));
        m.add(AiMessage.from("done"));
        Compactor.Result once = compactor.compact(m, 1, null, null, false, 0, USELESS);
        assertThat(once.prunedOutputs()).isEqualTo(1);
        assertThat(estimator.estimate(((ToolExecutionResultMessage) once.messages().get(4)).text()))
                .as("the note itself is big enough to clear").isGreaterThan(Compactor.PRUNE_MIN_TOKENS);
        assertThat(compactor.compact(once.messages(), 1, null, null, false, 0, USELESS).prunedOutputs()).isZero();
    }
}
