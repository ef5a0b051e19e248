package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {
    @Test
    void accountsExactlyWhereKnownAndBreaksTheWindowDown() {
        ContextBudget budget = ContextBudget.of(100_000, 20_000, null, true);
        Conversation c = new Conversation("system prompt text", "project instructions", budget, new TokenEstimator(), 3_000);
        c.append(UserMessage.from("the task"));
        int estimatedBefore = c.estimatedTokens();
        assertThat(estimatedBefore).isGreaterThan(3_000);
        c.recordExact(5_000, 3);
        assertThat(c.estimatedTokens()).as("exact count, nothing appended since").isEqualTo(5_000);
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name("read_file").arguments("{\"file_path\":\"a\"}").build();
        c.append(AiMessage.from(call));
        c.append(ToolExecutionResultMessage.from(call, "x".repeat(4_000)));
        assertThat(c.estimatedTokens()).as("exact plus the appended tail").isBetween(5_000 + 900, 5_000 + 1_300);
        ContextBreakdown b = c.breakdown();
        assertThat(b.system() + b.tools() + b.instructions() + b.history() + b.toolOutputs() + b.summary())
                .as("the parts add up to the total").isEqualTo(b.total());
        assertThat(b.tools()).as("tool schemas are most of the exact count").isBetween(2_500, 5_000);
        assertThat(b.system()).isPositive();
        assertThat(b.instructions()).isPositive();
        assertThat(b.toolOutputs()).isGreaterThan(b.history());
        assertThat(b.summary()).isZero();
        assertThat(b.window()).isEqualTo(100_000);
        assertThat(c.overTrigger()).isFalse();
        c.recordExact(70_000, 5);
        assertThat(c.overTrigger()).as("85% of 80,000 usable is 68,000").isTrue();
        assertThat(List.of(c.messages().get(1))).first().isInstanceOf(UserMessage.class);
    }

    @Test
    void theBreakdownFromCachedEstimatesMatchesMeasuringEachMessageAgain() {
        TokenEstimator estimator = new TokenEstimator();
        Conversation c = new Conversation("system prompt text", "project instructions", ContextBudget.of(1_000_000, 32_768, null, true),
                estimator, 2_000);
        c.append(UserMessage.from("summary of the earlier work: 0x" + "9f3a".repeat(50)));
        c.markSummarized();
        for (int i = 0; i < 20; i++) {
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("c" + i).name("read_file").arguments("{\"file_path\":\"f" + i + "\"}").build();
            c.append(AiMessage.builder().text("reading " + i).thinking("why " + i).toolExecutionRequests(List.of(call)).build());
            c.append(ToolExecutionResultMessage.from(call, "line " + i + " \uD83D\uDE80 " + "abc,123;".repeat(30 * i)));
        }
        c.recordExact(9_000, 10); // calibrates the factor: the cached estimates must be scaled by the new one
        assertThat(estimator.factor()).isNotEqualTo(1.0);
        List<ChatMessage> m = c.messages();
        int history = 0;
        int outputs = 0;
        for (int i = 3; i < m.size(); i++) {
            if (m.get(i) instanceof ToolExecutionResultMessage) {
                outputs += estimator.estimate(m.get(i));
            } else {
                history += estimator.estimate(m.get(i));
            }
        }
        int[] fresh = {estimator.estimate(m.get(0)), 2_000, estimator.estimate(m.get(1)), history, outputs, estimator.estimate(m.get(2))};
        ContextBreakdown b = c.breakdown();
        int[] got = {b.system(), b.tools(), b.instructions(), b.history(), b.toolOutputs(), b.summary()};
        long sum = java.util.Arrays.stream(fresh).sum();
        for (int i = 0; i < fresh.length; i++) {
            double scaled = (double) fresh[i] * b.total() / sum;
            assertThat((double) got[i]).as("part %d", i).isCloseTo(scaled, org.assertj.core.data.Offset.offset(fresh.length + 0.5));
        }
        assertThat(java.util.Arrays.stream(got).sum()).isEqualTo(b.total()).isEqualTo(c.estimatedTokens());
    }
}
