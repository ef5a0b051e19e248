package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
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
}
