package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check after a compaction: every tool call is followed by exactly its results, in order, and nothing else breaks it. */
class PairingCheckTest {
    static final SystemMessage SYSTEM = SystemMessage.from("system");
    static final UserMessage TASK = UserMessage.from("task");

    @Test
    void wellPairedConversationsPass() {
        assertThatCode(() -> Compactor.checkPairs(List.of(SYSTEM, TASK, calls("a", "b"), result("a"), result("b"),
                AiMessage.from("done"), UserMessage.from("more"), calls("c"), result("c")))).doesNotThrowAnyException();
        assertThatCode(() -> Compactor.checkPairs(List.of())).doesNotThrowAnyException();
        assertThatCode(() -> Compactor.checkPairs(List.of(SYSTEM))).doesNotThrowAnyException();
    }

    @Test
    void aCallWithoutItsResultFails() {
        assertFails(List.of(SYSTEM, TASK, calls("a", "b"), result("a")), "tool call b has no result after compaction");
        assertFails(List.of(SYSTEM, TASK, calls("a"), UserMessage.from("next")), "tool call a has no result after compaction");
        assertFails(List.of(SYSTEM, TASK, calls("a")), "tool call a has no result after compaction");
    }

    @Test
    void resultsInAnotherOrderOrForAnotherCallFail() {
        assertFails(List.of(SYSTEM, TASK, calls("a", "b"), result("b"), result("a")), "tool call a has no result after compaction");
        assertFails(List.of(SYSTEM, TASK, calls("a"), result("z")), "tool call a has no result after compaction");
    }

    @Test
    void aResultWithoutACallFails() {
        assertFails(List.of(SYSTEM, TASK, result("a")), "tool result a has no call before it");
        assertFails(List.of(SYSTEM, TASK, calls("a"), result("a"), result("a")), "tool result a has no call before it");
    }

    @Test
    void aSystemMessageOnlyComesFirst() {
        assertFails(List.of(SYSTEM, TASK, SystemMessage.from("again")), "a system message after the first position");
        assertFails(List.of(TASK, SYSTEM), "a system message after the first position");
    }

    private static void assertFails(List<ChatMessage> messages, String message) {
        assertThatThrownBy(() -> Compactor.checkPairs(messages)).isInstanceOf(IllegalStateException.class).hasMessage(message);
    }

    private static AiMessage calls(String... ids) {
        return AiMessage.from(java.util.Arrays.stream(ids)
                .map(id -> ToolExecutionRequest.builder().id(id).name("read_file").arguments("{}").build()).toList());
    }

    private static ToolExecutionResultMessage result(String id) {
        return ToolExecutionResultMessage.from(id, "read_file", "output of " + id);
    }
}
