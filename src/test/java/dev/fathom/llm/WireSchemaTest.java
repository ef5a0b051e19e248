package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tool schemas and the request's closing fields exactly as they go on the wire, and the reply-size limit at its edge.
 */
class WireSchemaTest {
    static final V4Options PLAIN = new V4Options("http://x", "k", "deepseek-v4-pro", false, null, null, Duration.ofSeconds(1),
            Duration.ofSeconds(1), RetryPolicy.DEFAULT);
    final RawEndpoint endpoint = new RawEndpoint();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void everySchemaKindIsWrittenWithItsDescriptionInAFixedOrder() {
        JsonObjectSchema nested = JsonObjectSchema.builder().description("Where.").addIntegerProperty("line").additionalProperties(false).build();
        JsonObjectSchema params = JsonObjectSchema.builder().description("Arguments.")
                .addProperty("path", JsonStringSchema.builder().description("A file.").build())
                .addProperty("count", JsonIntegerSchema.builder().description("How many.").build())
                .addProperty("ratio", JsonNumberSchema.builder().description("A share.").build())
                .addProperty("force", JsonBooleanSchema.builder().description("Overwrite.").build())
                .addProperty("mode", JsonEnumSchema.builder().description("How.").enumValues("fast", "safe").build())
                .addProperty("tags", JsonArraySchema.builder().description("Labels.").items(new JsonStringSchema()).build())
                .addProperty("at", nested)
                .required("path", "mode").build();
        ToolSpecification tool = ToolSpecification.builder().name("edit").description("Edit a file.").parameters(params).build();
        assertThat(RequestWriter.writeTools(List.of(tool))).isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"edit\","
                + "\"description\":\"Edit a file.\",\"parameters\":{\"type\":\"object\",\"description\":\"Arguments.\",\"properties\":{"
                + "\"path\":{\"type\":\"string\",\"description\":\"A file.\"},"
                + "\"count\":{\"type\":\"integer\",\"description\":\"How many.\"},"
                + "\"ratio\":{\"type\":\"number\",\"description\":\"A share.\"},"
                + "\"force\":{\"type\":\"boolean\",\"description\":\"Overwrite.\"},"
                + "\"mode\":{\"type\":\"string\",\"description\":\"How.\",\"enum\":[\"fast\",\"safe\"]},"
                + "\"tags\":{\"type\":\"array\",\"description\":\"Labels.\",\"items\":{\"type\":\"string\"}},"
                + "\"at\":{\"type\":\"object\",\"description\":\"Where.\",\"properties\":{\"line\":{\"type\":\"integer\"}},"
                + "\"additionalProperties\":false}},"
                + "\"required\":[\"path\",\"mode\"]}}}]");
    }

    @Test
    void aToolWithoutParametersGetsAnEmptyObjectAndARawSchemaIsCopiedAsGiven() {
        ToolSpecification bare = ToolSpecification.builder().name("now").description("The time.").build();
        String raw = "{ \"type\": \"object\", \"properties\": {\"q\": {\"type\": \"string\", \"x-mcp\": 1}} }";
        ToolSpecification mcp = ToolSpecification.builder().name("mcp__s__find").description("Find.")
                .parameters(JsonObjectSchema.builder().build()).metadata(Map.of(RequestWriter.RAW_PARAMETERS, raw)).build();
        assertThat(RequestWriter.writeTools(List.of(bare, mcp))).isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"now\","
                + "\"description\":\"The time.\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"mcp__s__find\",\"description\":\"Find.\",\"parameters\":" + raw + "}}]");
    }

    @Test
    void toolChoiceIsSentOnlyWithToolsAndTheStreamAsksForUsage() {
        ToolSpecification tool = ToolSpecification.builder().name("now").description("The time.").build();
        String none = RequestWriter.write(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).toolSpecifications(List.of(tool))
                .toolChoice(ToolChoice.NONE).build(), PLAIN);
        assertThat(none).endsWith("\"properties\":{}}}}],\"tool_choice\":\"none\",\"thinking\":{\"type\":\"disabled\"},\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");
        String auto = RequestWriter.write(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).toolSpecifications(List.of(tool))
                .toolChoice(ToolChoice.AUTO).build(), PLAIN);
        assertThat(auto).contains(",\"tool_choice\":\"auto\",");
        String unset = RequestWriter.write(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).toolSpecifications(List.of(tool))
                .build(), PLAIN);
        assertThat(unset).doesNotContain("tool_choice");
        String withoutTools = RequestWriter.write(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build(), PLAIN);
        assertThat(withoutTools).isEqualTo("{\"model\":\"deepseek-v4-pro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"thinking\":{\"type\":\"disabled\"},\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void loneSurrogatesAtTheEndOrBeforeAPairAreReplacedAndThePairKept() {
        assertThat(RequestWriter.clean("ab\uD83D")).isEqualTo("ab\uFFFD");
        assertThat(RequestWriter.clean("\uDC00 ok \uD83D\uDE00!")).isEqualTo("\uFFFD ok \uD83D\uDE00!");
        assertThat(RequestWriter.clean("\uD83D\uDE00 fine")).isEqualTo("\uD83D\uDE00 fine");
        assertThat(RequestWriter.clean(null)).isNull();
    }

    @Test
    void aReplyExactlyAtTheLimitPassesAndOneCharacterMoreIsStopped() {
        int limit = 1 << 20;
        String full = "a".repeat(limit);
        endpoint.thenStream(RawStreamTest.delta("{\"content\":\"" + full + "\"}", "stop") + "data: [DONE]\n\n")
                .thenStream(RawStreamTest.delta("{\"content\":\"" + full + "b\"}", "stop") + "data: [DONE]\n\n");
        V4Options options = new V4Options(endpoint.baseUrl(), "k", "m", false, null, null, Duration.ofSeconds(30), Duration.ofSeconds(60),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1), Duration.ofMinutes(1)));
        RawStreamTest.Heard atLimit = new RawStreamTest.Heard();
        new V4ChatModel(options, new ObjectMapper(), "t", Duration.ofMinutes(11), limit)
                .chat(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build(), atLimit);
        assertThat(atLimit.error).isNull();
        assertThat(atLimit.response.aiMessage().text()).hasSize(limit);

        RawStreamTest.Heard over = new RawStreamTest.Heard();
        new V4ChatModel(options, new ObjectMapper(), "t", Duration.ofMinutes(11), limit)
                .chat(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build(), over);
        assertThat(over.error.kind()).isEqualTo(V4Exception.Kind.RUNAWAY);
        assertThat(over.error.getMessage()).isEqualTo("the model's answer passed 1 MB without ending; Fathom stopped it. Try again, or lower --effort");
        assertThat(over.retries).as("a runaway is not retried").isEmpty();

        // Tool-call arguments are held to the same limit.
        endpoint.thenStream(RawStreamTest.delta("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"write_file\","
                + "\"arguments\":\"" + full + "b\"}}]}", "tool_calls") + "data: [DONE]\n\n");
        RawStreamTest.Heard call = new RawStreamTest.Heard();
        new V4ChatModel(options, new ObjectMapper(), "t", Duration.ofMinutes(11), limit)
                .chat(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build(), call);
        assertThat(call.error.kind()).isEqualTo(V4Exception.Kind.RUNAWAY);
        assertThat(call.error.getMessage()).startsWith("the model's tool call passed 1 MB without ending");
    }
}
