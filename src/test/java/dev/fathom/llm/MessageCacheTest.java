package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The message-byte cache gives exactly the bytes a fresh serialization would, whatever changed between requests:
 * an appended tail, a compaction that rebuilt the history, tools switched on or off, another reasoning field.
 */
class MessageCacheTest {
    static final String FIELD = "reasoning_content";

    final SystemMessage system = SystemMessage.from("You are Fathom.");
    final UserMessage task = UserMessage.from("Read a.txt");
    final AiMessage call = AiMessage.from(List.of(ToolExecutionRequest.builder().id("call_1").name("read_file")
            .arguments("{\"file_path\":\"a.txt\"}").build()));
    final ToolExecutionResultMessage result = ToolExecutionResultMessage.from("call_1", "read_file", "1\thello");
    final AiMessage answer = AiMessage.from("It says hello.");

    @Test
    void anAppendedTailReusesThePrefixAndSerializesOnlyTheTail() {
        MessageCache cache = new MessageCache();
        List<ChatMessage> first = List.of(system, task, call);
        List<byte[]> before = cache.serialize(first, true, FIELD);
        assertThat(texts(before)).isEqualTo(fresh(first, true, FIELD));

        List<ChatMessage> second = List.of(system, task, call, result, answer);
        List<byte[]> after = cache.serialize(second, true, FIELD);
        assertThat(texts(after)).isEqualTo(fresh(second, true, FIELD));
        for (int i = 0; i < first.size(); i++) {
            assertThat(after.get(i)).as("message %d comes from the cache", i).isSameAs(before.get(i));
        }
    }

    @Test
    void aCompactedHistoryIsSerializedAgainFromItsFirstNewMessage() {
        MessageCache cache = new MessageCache();
        List<ChatMessage> history = List.of(system, task, call, result, answer);
        List<byte[]> before = cache.serialize(history, true, FIELD);
        // A compaction keeps the system prompt and puts a summary (a new message) where the history was.
        UserMessage summary = UserMessage.from("Summary: a.txt says hello.");
        List<ChatMessage> compacted = List.of(system, summary, answer);
        List<byte[]> after = cache.serialize(compacted, true, FIELD);
        assertThat(texts(after)).isEqualTo(fresh(compacted, true, FIELD));
        assertThat(after.get(0)).isSameAs(before.get(0));
        assertThat(texts(after).get(1)).contains("Summary: a.txt says hello.");

        // An equal but rebuilt message is not the same message: its bytes are made again (and are the same text).
        List<ChatMessage> rebuilt = List.of(system, UserMessage.from("Summary: a.txt says hello."), answer);
        List<byte[]> again = cache.serialize(rebuilt, true, FIELD);
        assertThat(again.get(1)).isNotSameAs(after.get(1));
        assertThat(texts(again)).isEqualTo(fresh(rebuilt, true, FIELD));
    }

    @Test
    void switchingToolsOffOrTheReasoningFieldMissesTheCache() {
        MessageCache cache = new MessageCache();
        List<ChatMessage> messages = new ArrayList<>(List.of(system, task, answer));
        assertThat(texts(cache.serialize(messages, true, FIELD)).get(2)).contains("\"reasoning_content\":\"\"");

        // Without tools an assistant message with no reasoning carries no reasoning field at all.
        List<String> noTools = texts(cache.serialize(messages, false, FIELD));
        assertThat(noTools).isEqualTo(fresh(messages, false, FIELD));
        assertThat(noTools.get(2)).doesNotContain("reasoning");

        // vLLM reads the reasoning under another key.
        List<String> vllm = texts(cache.serialize(messages, true, "reasoning"));
        assertThat(vllm).isEqualTo(fresh(messages, true, "reasoning"));
        assertThat(vllm.get(2)).contains("\"reasoning\":\"\"").doesNotContain("reasoning_content");

        // And back: the cache follows every change, never the previous request's choice.
        assertThat(texts(cache.serialize(messages, true, FIELD))).isEqualTo(fresh(messages, true, FIELD));
    }

    @Test
    void aShorterRequestIsServedFromTheLongerOnesBytes() {
        MessageCache cache = new MessageCache();
        List<byte[]> full = cache.serialize(List.of(system, task, call, result), true, FIELD);
        List<byte[]> shorter = cache.serialize(List.of(system, task), true, FIELD);
        assertThat(shorter).hasSize(2);
        assertThat(shorter.get(1)).isSameAs(full.get(1));
    }

    @Test
    void toolsAreWrittenOnceUntilTheyChange() {
        MessageCache cache = new MessageCache();
        List<ToolSpecification> one = List.of(ToolSpecification.builder().name("read_file").description("Read a file.").build());
        byte[] first = cache.tools(one);
        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(RequestWriter.writeTools(one));
        assertThat(cache.tools(new ArrayList<>(one))).as("equal specifications: the same bytes, not written again").isSameAs(first);

        List<ToolSpecification> two = List.of(one.get(0), ToolSpecification.builder().name("grep").description("Search.").build());
        byte[] changed = cache.tools(two);
        assertThat(new String(changed, StandardCharsets.UTF_8)).isEqualTo(RequestWriter.writeTools(two)).contains("\"grep\"");
        assertThat(new String(cache.tools(one), StandardCharsets.UTF_8)).isEqualTo(RequestWriter.writeTools(one));
    }

    private static List<String> fresh(List<ChatMessage> messages, boolean tools, String field) {
        return texts(RequestWriter.serializeAll(messages, tools, field));
    }

    private static List<String> texts(List<byte[]> parts) {
        return parts.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
