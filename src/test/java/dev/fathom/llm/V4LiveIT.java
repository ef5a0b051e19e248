package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against the real service: a tool call with thinking on, then the follow-up request replaying its reasoning. Runs
 * only when DEEPSEEK_API_KEY is set (mvn verify runs *IT through failsafe).
 */
@EnabledIfEnvironmentVariable(named = "DEEPSEEK_API_KEY", matches = ".+")
class V4LiveIT {
    @Test
    void toolCallRoundTripWithReasoningIsAccepted() {
        String base = System.getenv().getOrDefault("DEEPSEEK_BASE_URL", V4Options.DEFAULT_BASE_URL);
        V4ChatModel model = new V4ChatModel(new V4Options(base, System.getenv("DEEPSEEK_API_KEY"), "deepseek-v4-flash", true, "high",
                2048, V4Options.DEFAULT_CONNECT_TIMEOUT, V4Options.DEFAULT_IDLE_TIMEOUT, RetryPolicy.DEFAULT), new ObjectMapper(), "it");
        ToolSpecification weather = ToolSpecification.builder().name("get_time").description("Current time in a city.")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
        List<ChatMessage> messages = new ArrayList<>(List.of(UserMessage.from("What time is it in Paris? Use the tool.")));
        V4ChatModelTest.Recorder first = new V4ChatModelTest.Recorder();
        model.chat(ChatRequest.builder().messages(messages).toolSpecifications(List.of(weather)).build(), first);
        assertThat(first.error).isNull();
        assertThat(first.response.aiMessage().toolExecutionRequests()).isNotEmpty();
        messages.add(first.response.aiMessage());
        for (ToolExecutionRequest call : first.response.aiMessage().toolExecutionRequests()) {
            messages.add(ToolExecutionResultMessage.from(call, "14:05"));
        }
        V4ChatModelTest.Recorder second = new V4ChatModelTest.Recorder();
        model.chat(ChatRequest.builder().messages(messages).toolSpecifications(List.of(weather)).build(), second);
        assertThat(second.error).isNull();
        assertThat(second.response.aiMessage().text()).contains("14");
        assertThat(((V4TokenUsage) second.response.tokenUsage()).cacheHitTokens()).isPositive();
    }
}
