package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Duration;
import java.util.List;
import dev.fathom.testing.StrictJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RequestWriterTest {
    static final V4Options THINKING = new V4Options("http://x", "k", "deepseek-v4-pro", true, "max", null, Duration.ofSeconds(1),
            Duration.ofSeconds(1), RetryPolicy.DEFAULT);
    static final ToolSpecification TOOL = ToolSpecification.builder().name("bash").description("Run.")
            .parameters(JsonObjectSchema.builder().addStringProperty("command", "The command.").required("command").build()).build();
    final String weirdArgs = "{ \"command\" :\"ls  -la\" }";

    ChatRequest conversation(boolean withTools) {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_1").name("bash").arguments(weirdArgs).build();
        ChatRequest.Builder b = ChatRequest.builder().messages(List.of(SystemMessage.from("sys"), UserMessage.from("hi"),
                AiMessage.builder().text("Hello").build(),
                UserMessage.from("list"),
                AiMessage.builder().thinking("I will list.").toolExecutionRequests(List.of(call)).build(),
                ToolExecutionResultMessage.from(call, "a\nb")));
        if (withTools) {
            b.toolSpecifications(List.of(TOOL));
        }
        return b.build();
    }

    @Test
    void replaysReasoningOnEveryAssistantMessageWhenToolsAreSent() throws Exception {
        JsonNode body = new ObjectMapper().readTree(RequestWriter.write(conversation(true), THINKING));
        JsonNode first = body.path("messages").get(2);
        assertThat(first.path("reasoning_content").isTextual()).isTrue();
        assertThat(first.path("reasoning_content").asText()).isEmpty();
        JsonNode second = body.path("messages").get(4);
        assertThat(second.path("reasoning_content").asText()).isEqualTo("I will list.");
        assertThat(second.path("content").asText()).as("never null").isEmpty();
        assertThat(second.path("content").isTextual()).isTrue();
        assertThat(second.path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo(weirdArgs);
        assertThat(body.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(body.path("reasoning_effort").asText()).isEqualTo("max");
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void omitsEmptyReasoningWithoutToolsAndEffortWhenThinkingIsOff() throws Exception {
        V4Options off = new V4Options("http://x", "k", "deepseek-v4-flash", false, "max", null, Duration.ofSeconds(1),
                Duration.ofSeconds(1), RetryPolicy.DEFAULT);
        JsonNode body = new ObjectMapper().readTree(RequestWriter.write(conversation(false), off));
        assertThat(body.path("messages").get(2).has("reasoning_content")).isFalse();
        assertThat(body.has("tools")).isFalse();
        assertThat(body.path("thinking").path("type").asText()).isEqualTo("disabled");
        assertThat(body.has("reasoning_effort")).isFalse();
    }

    @Test
    void isByteStableAndGrowsOnlyByAppending() {
        String a = RequestWriter.write(conversation(true), THINKING);
        String b = RequestWriter.write(conversation(true), THINKING);
        assertThat(a).isEqualTo(b);
        assertThat(a).startsWith("{\"model\":\"deepseek-v4-pro\",\"messages\":[{\"role\":\"system\",\"content\":\"sys\"}");
        assertThat(a).contains("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bash\",\"description\":\"Run.\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\",\"description\":\"The command.\"}},"
                + "\"required\":[\"command\"]}}}]");
    }

    /**
     * The assembled body (cached or not) is exactly one JSON value: the same bytes as the parsed body written back by
     * a plain serializer, ending in its closing brace. A real server (serde_json, Python's json) rejects any byte more.
     */
    @ParameterizedTest(name = "{0} messages, tools {1}")
    @CsvSource({"1,false", "1,true", "2,false", "6,false", "6,true", "40,true"})
    void bodyIsExactlyOneJsonValue(int count, boolean withTools) throws Exception {
        List<dev.langchain4j.data.message.ChatMessage> all = new ArrayList<>(conversation(true).messages());
        while (all.size() < count) {
            all.addAll(conversation(true).messages().subList(1, 6));
        }
        ChatRequest.Builder b = ChatRequest.builder().messages(new ArrayList<>(all.subList(0, count)));
        if (withTools) {
            b.toolSpecifications(List.of(TOOL));
        }
        ChatRequest request = b.build();
        MessageCache cache = new MessageCache();
        byte[] uncached = RequestWriter.writeBytes(request, THINKING, null);
        byte[] cold = RequestWriter.writeBytes(request, THINKING, cache);
        byte[] warm = RequestWriter.writeBytes(request, THINKING, cache);
        byte[] straightforward = new ObjectMapper().writeValueAsBytes(StrictJson.parse(uncached));
        assertThat(uncached).isEqualTo(straightforward);
        assertThat(cold).isEqualTo(straightforward);
        assertThat(warm).isEqualTo(straightforward);
        assertThat(uncached[uncached.length - 1]).isEqualTo((byte) '}');
        assertThat(StrictJson.parse(uncached).path("messages").size()).isEqualTo(count);
    }

    /** langchain4j refuses a request without messages, so the zero-message edge is checked on the assembly itself. */
    @ParameterizedTest(name = "tools {0}")
    @CsvSource({"false", "true"})
    void assemblyOfNoMessagesIsExact(boolean withTools) throws Exception {
        byte[] head = "{\"model\":\"m\",\"messages\":[".getBytes(StandardCharsets.UTF_8);
        byte[] tools = withTools ? "[]".getBytes(StandardCharsets.UTF_8) : null;
        byte[] tail = ",\"stream\":true}".getBytes(StandardCharsets.UTF_8);
        String body = new String(RequestWriter.assemble(head, List.of(), tools, tail), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(withTools ? "{\"model\":\"m\",\"messages\":[],\"tools\":[],\"stream\":true}"
                : "{\"model\":\"m\",\"messages\":[],\"stream\":true}");
        assertThat(StrictJson.problem(body.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void growingConversationThroughTheCacheMatchesAFreshSerializationEachTurn() throws Exception {
        MessageCache cache = new MessageCache();
        List<dev.langchain4j.data.message.ChatMessage> history = new ArrayList<>(conversation(true).messages());
        for (int turn = 0; turn < 5; turn++) {
            history.add(UserMessage.from("turn " + turn + " \u00e9\u4e2d"));
            history.add(AiMessage.from("answer " + turn));
            ChatRequest request = ChatRequest.builder().messages(new ArrayList<>(history)).toolSpecifications(List.of(TOOL)).build();
            byte[] viaCache = RequestWriter.writeBytes(request, THINKING, cache);
            assertThat(viaCache).isEqualTo(RequestWriter.writeBytes(request, THINKING, null));
            assertThat(StrictJson.problem(viaCache)).isNull();
        }
        assertThat(new String(RequestWriter.writeBytes(ChatRequest.builder().messages(history).build(), THINKING, cache),
                StandardCharsets.UTF_8)).endsWith("}");
    }

    @Test
    void loneSurrogatesAreReplacedBeforeTheyReachTheWire() throws Exception {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name("bash").arguments("{\"command\":\"echo \uD83D\"}").build();
        ChatRequest request = ChatRequest.builder().messages(List.of(UserMessage.from("cut \uD83D"), AiMessage.builder()
                .thinking("x\uDE00y").toolExecutionRequests(List.of(call)).build(), ToolExecutionResultMessage.from(call, "\uDE00\uD83D\uDE00")))
                .toolSpecifications(List.of(TOOL)).build();
        byte[] body = RequestWriter.writeBytes(request, THINKING, new MessageCache());
        JsonNode json = StrictJson.parse(body);
        assertThat(json.path("messages").get(0).path("content").asText()).isEqualTo("cut \uFFFD");
        assertThat(json.path("messages").get(1).path("reasoning_content").asText()).isEqualTo("x\uFFFDy");
        assertThat(json.path("messages").get(2).path("content").asText()).isEqualTo("\uFFFD\uD83D\uDE00");
    }
}
