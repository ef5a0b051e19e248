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

class CompactorTest {
    static final Compactor.Texts TEXTS = new Compactor.Texts("Summarize now.", "SUMMARY INTRO", "USER MESSAGES:", "PLAN:",
            "[cleared: {tool} gave {tokens} tokens]");
    final TokenEstimator estimator = new TokenEstimator();

    List<ChatMessage> conversation(int turns, int outputChars) {
        List<ChatMessage> m = new ArrayList<>(List.of(SystemMessage.from("system"), UserMessage.from("instructions"),
                UserMessage.from("THE TASK: fix the parser")));
        for (int i = 0; i < turns; i++) {
            if (i == turns / 2) {
                m.add(UserMessage.from("a later user message " + i));
            }
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("c" + i).name("read_file")
                    .arguments("{\"file_path\":\"f" + i + ".txt\"}").build();
            m.add(AiMessage.builder().thinking("thinking " + i).toolExecutionRequests(List.of(call)).build());
            m.add(ToolExecutionResultMessage.from(call, ("content of file " + i + " ").repeat(outputChars / 20)));
        }
        return m;
    }

    @Test
    void pruningAloneSufficesWhenOldOutputsAreTheBulk() throws Exception {
        ContextBudget budget = ContextBudget.of(40_000, 8_000, null, true);
        Compactor c = new Compactor(estimator, budget, TEXTS);
        List<ChatMessage> m = conversation(30, 6000);
        Compactor.Result r = c.compact(m, 1, null, null, false, 1000, req -> {
            throw new AssertionError("no summary needed");
        });
        assertThat(r.summarized()).isFalse();
        assertThat(r.prunedOutputs()).isPositive();
        assertThat(r.tokensAfter()).isLessThan(budget.targetTokens());
        assertThat(r.messages()).hasSameSizeAs(m);
        assertThat(((ToolExecutionResultMessage) r.messages().get(4)).text()).startsWith("[cleared: read_file {\"file_path\":\"f0.txt\"}");
        assertThat(((ToolExecutionResultMessage) r.messages().get(r.messages().size() - 1)).text()).startsWith("content of file 29");
        Compactor.checkPairs(r.messages());
    }

    @Test
    void summarizesAndRebuildsKeepingTheTaskTheUserAndThePlan() throws Exception {
        ContextBudget budget = ContextBudget.of(40_000, 8_000, null, true);
        Compactor c = new Compactor(estimator, budget, TEXTS);
        List<ChatMessage> m = conversation(30, 6000);
        List<List<ChatMessage>> asked = new ArrayList<>();
        Compactor.Result r = c.compact(m, 1, "[x] read\n[>] fix", "the parser bug", true, 1000, req -> {
            asked.add(req);
            return "what happened so far";
        });
        assertThat(r.summarized()).isTrue();
        assertThat(asked.get(0).subList(0, m.size())).isEqualTo(m);
        assertThat(((UserMessage) asked.get(0).get(m.size())).singleText()).isEqualTo("Summarize now.\n\nFocus especially on: the parser bug");
        List<ChatMessage> out = r.messages();
        assertThat(out.get(0)).isEqualTo(m.get(0));
        assertThat(out.get(1)).isEqualTo(m.get(1));
        String block = ((UserMessage) out.get(2)).singleText();
        assertThat(block).startsWith("SUMMARY INTRO\n\nwhat happened so far").contains("THE TASK: fix the parser")
                .contains("a later user message 15").contains("PLAN:\n[x] read\n[>] fix");
        assertThat(out.get(out.size() - 1)).isEqualTo(m.get(m.size() - 1));
        assertThat(out.get(3)).isInstanceOf(AiMessage.class);
        assertThat(r.tokensAfter()).isLessThan(r.tokensBefore());
        Compactor.checkPairs(out);

        Compactor.Result again = c.compact(out, 1, null, null, true, 1000, req -> "second summary");
        assertThat(((UserMessage) again.messages().get(2)).singleText()).contains("second summary").contains("THE TASK: fix the parser");
        assertThat(again.messages()).filteredOn(x -> x instanceof UserMessage u && u.singleText().startsWith("SUMMARY INTRO")).hasSize(1);
    }

    @Test
    void brokenPairingIsABug() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("x").name("bash").arguments("{}").build();
        assertThatThrownBy(() -> Compactor.checkPairs(List.of(SystemMessage.from("s"), AiMessage.from(call))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Compactor.checkPairs(List.of(SystemMessage.from("s"), ToolExecutionResultMessage.from(call, "r"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void budgetFollowsTheSettledRules() {
        ContextBudget small = ContextBudget.of(40_000, 393_216, 85, true);
        assertThat(small.reservedOutput()).isEqualTo(8_000);
        assertThat(small.triggerTokens()).isEqualTo(27_200);
        ContextBudget big = ContextBudget.of(1_048_576, 393_216, 70, true);
        assertThat(big.reservedOutput()).isEqualTo(32_768);
        assertThat(big.triggerTokens()).isEqualTo((int) ((1_048_576L - 32_768) * 70 / 100));
    }
}
