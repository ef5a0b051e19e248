package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.FakeDialect;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the fake playing DeepSeek, vLLM and SGLang: thinking switch, reasoning, usage, errors, detection. */
class DialectTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VLLM_MODEL = "deepseek-ai/DeepSeek-V4-Flash";
    final FakeV4Server server = FakeV4Server.start();
    @TempDir
    Path home;

    @AfterEach
    void stop() {
        server.close();
    }

    static EndpointDialect dialectOf(FakeDialect d) {
        return EndpointDialect.forced(d.name());
    }

    static String modelOf(FakeDialect d) {
        return d == FakeDialect.DEEPSEEK ? "deepseek-v4-pro" : VLLM_MODEL;
    }

    V4ChatModel model(FakeDialect d, boolean thinking) {
        server.dialect(d);
        RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMinutes(1));
        return new V4ChatModel(new V4Options(server.baseUrl(), server.apiKey(), modelOf(d), thinking, "max", null,
                Duration.ofSeconds(5), Duration.ofSeconds(5), once, dialectOf(d)), JSON, "test");
    }

    V4ChatModelTest.Recorder chat(V4ChatModel model, ChatRequest request) {
        V4ChatModelTest.Recorder r = new V4ChatModelTest.Recorder();
        model.chat(request, r);
        return r;
    }

    @ParameterizedTest
    @EnumSource(FakeDialect.class)
    void thinkingIsOnWhenAskedAsEachServerReadsIt(FakeDialect d) {
        server.enqueue(Reply.text("Hi.").reasoning("Weigh the greeting."));
        V4ChatModelTest.Recorder r = chat(model(d, true), V4ChatModelTest.request());
        assertThat(r.error).isNull();
        assertThat(r.thinking.toString()).isEqualTo("Weigh the greeting.");
        assertThat(r.response.aiMessage().thinking()).isEqualTo("Weigh the greeting.");
    }

    @ParameterizedTest
    @EnumSource(FakeDialect.class)
    void thinkingIsOffWhenAskedAsEachServerReadsIt(FakeDialect d) {
        server.enqueue(Reply.text("Hi.").reasoning("Weigh the greeting."));
        V4ChatModelTest.Recorder r = chat(model(d, false), V4ChatModelTest.request());
        assertThat(r.error).isNull();
        assertThat(r.response.aiMessage().thinking()).as("the server did not think").isNull();
        JsonNode sent = server.requests().get(0).json();
        if (d == FakeDialect.DEEPSEEK) {
            assertThat(sent.path("thinking").path("type").asText()).isEqualTo("disabled");
            assertThat(sent.has("chat_template_kwargs")).isFalse();
        } else {
            assertThat(sent.path("chat_template_kwargs").path("thinking").isBoolean()).isTrue();
            assertThat(sent.has("thinking")).as("a self-hosted server ignores it").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(FakeDialect.class)
    void reasoningIsReplayedInTheFieldTheServerReads(FakeDialect d) {
        server.enqueue(Reply.text("Done."));
        AiMessage earlier = AiMessage.builder().text("").thinking("Read it first.")
                .toolExecutionRequests(List.of(ToolExecutionRequest.builder().id("call_1").name("read_file")
                        .arguments("{\"file_path\":\"a\"}").build())).build();
        ChatRequest request = ChatRequest.builder().messages(List.of(UserMessage.from("hi"), earlier,
                ToolExecutionResultMessage.from("call_1", "read_file", "text"))).toolSpecifications(
                V4ChatModelTest.request().toolSpecifications()).build();
        V4ChatModelTest.Recorder r = chat(model(d, true), request);
        assertThat(r.error).isNull();
        JsonNode assistant = server.requests().get(0).json().path("messages").get(1);
        String field = d == FakeDialect.VLLM ? "reasoning" : "reasoning_content";
        String other = d == FakeDialect.VLLM ? "reasoning_content" : "reasoning";
        assertThat(assistant.path(field).asText()).isEqualTo("Read it first.");
        assertThat(assistant.has(other)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(FakeDialect.class)
    void usageCacheHitsAndReasoningTokensAsEachServerReportsThem(FakeDialect d) {
        V4ChatModel model = model(d, true);
        ChatRequest request = ChatRequest.builder().messages(List.of(SystemMessage.from("You are careful. ".repeat(200)),
                UserMessage.from("hi"))).build();
        server.enqueue(Reply.text("One.").reasoning("Think it over twice."));
        server.enqueue(Reply.text("Two.").reasoning("Think it over twice."));
        chat(model, request);
        V4ChatModelTest.Recorder r = chat(model, request);
        assertThat(r.error).isNull();
        V4TokenUsage u = (V4TokenUsage) r.response.tokenUsage();
        int prompt = FakeV4Server.promptTokens(server.requests().get(1).json());
        assertThat(u.inputTokenCount()).isEqualTo(prompt);
        assertThat(u.cacheHitTokens()).as("whole 64-token units of the shared prefix").isPositive().isEqualTo(u.cacheHitTokens() / 64 * 64);
        assertThat(u.cacheMissTokens()).isEqualTo(prompt - u.cacheHitTokens());
        assertThat(u.reasoningTokens()).as("vLLM does not report them").isEqualTo(d == FakeDialect.VLLM ? 0 : "Think it over twice.".length() / 4);
    }

    @ParameterizedTest
    @EnumSource(value = FakeDialect.class, names = {"VLLM", "SGLANG"})
    void anUnknownModelIsShownAsSuchWithTheServedIds(FakeDialect d) {
        server.dialect(d).serving(262_144, VLLM_MODEL, "v4-pro-local");
        RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMinutes(1));
        V4ChatModel model = new V4ChatModel(new V4Options(server.baseUrl(), server.apiKey(), "deepseek-v4-pro", true, "max", null,
                Duration.ofSeconds(5), Duration.ofSeconds(5), once, dialectOf(d)), JSON, "test");
        V4ChatModelTest.Recorder r = chat(model, V4ChatModelTest.request());
        assertThat(r.error).isInstanceOf(V4Exception.class);
        assertThat(((V4Exception) r.error).kind().retryable()).isFalse();
        assertThat(r.error.getMessage()).contains("deepseek-v4-pro").contains("does not exist")
                .contains(VLLM_MODEL + ", v4-pro-local").contains("flash").doesNotContain("{\"object\"");
        assertThat(r.error.getMessage().lines()).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void deepSeekSaysModelNotExistWithTheModelsItLists() {
        RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMinutes(1));
        V4ChatModel model = new V4ChatModel(new V4Options(server.baseUrl(), server.apiKey(), "deepseek-v5", true, "max", null,
                Duration.ofSeconds(5), Duration.ofSeconds(5), once), JSON, "test");
        V4ChatModelTest.Recorder r = chat(model, V4ChatModelTest.request());
        assertThat(r.error.getMessage()).contains("deepseek-v5").contains("Model Not Exist").contains("deepseek-flash, deepseek-v4-pro");
    }

    @Test
    void aModelSwitchIsCheckedAgainstWhatTheEndpointServes() {
        ModelTable table = ModelTable.load(JSON);
        server.dialect(FakeDialect.VLLM);
        assertThat(refusal(table, VLLM_MODEL)).isNull();
        assertThat(refusal(table, "pro")).contains("does not serve model 'deepseek-v4-pro'").contains("it serves: " + VLLM_MODEL);
        server.dialect(FakeDialect.DEEPSEEK);
        assertThat(refusal(table, "flash")).isNull();
        assertThat(refusal(table, "deepseek-v4-flash")).as("DeepSeek accepts it without listing it").isNull();
        assertThat(refusal(table, "deepseek-v5")).contains("it serves: deepseek-flash, deepseek-v4-pro").contains("flash = deepseek-flash");
        String base = server.baseUrl();
        server.close();
        assertThat(ServedModels.refusal(base, "k", "anything", table, Duration.ofSeconds(5), JSON)).as("cannot tell: allowed").isNull();
    }

    private String refusal(ModelTable table, String name) {
        return ServedModels.refusal(server.baseUrl(), server.apiKey(), name, table, Duration.ofSeconds(5), JSON);
    }

    @ParameterizedTest
    @EnumSource(FakeDialect.class)
    void detectsEachServerOnceAndRemembersItPerBaseUrl(FakeDialect d) {
        server.dialect(d);
        EndpointProbe.Endpoint first = new EndpointProbe(home, JSON, Duration.ofSeconds(5))
                .resolve(server.baseUrl(), server.apiKey(), null, modelOf(d), d == FakeDialect.DEEPSEEK);
        EndpointProbe.Endpoint second = new EndpointProbe(home, JSON, Duration.ofSeconds(5))
                .resolve(server.baseUrl(), server.apiKey(), null, modelOf(d), d == FakeDialect.DEEPSEEK);
        assertThat(first.dialect()).isEqualTo(dialectOf(d));
        assertThat(second).isEqualTo(first);
        assertThat(first.servedWindow()).isEqualTo(d == FakeDialect.DEEPSEEK ? null : 262_144);
        assertThat(server.modelListRequests()).as("the second run asked nothing").isEqualTo(1);
        assertThat(home.resolve(EndpointProbe.CACHE_FILE)).exists();
    }

    @Test
    void deepSeeksOwnHostIsKnownWithoutAsking() {
        EndpointProbe.Endpoint e = new EndpointProbe(home, JSON, Duration.ofSeconds(5))
                .resolve("https://api.deepseek.com/v1", "sk-x", null, "deepseek-v4-pro", true);
        assertThat(e.dialect()).isEqualTo(EndpointDialect.DEEPSEEK);
        assertThat(home.resolve(EndpointProbe.CACHE_FILE)).doesNotExist();
    }

    @Test
    void aForcedDialectAsksNothingWhenTheWindowIsKnown() {
        server.dialect(FakeDialect.VLLM);
        EndpointProbe.Endpoint e = new EndpointProbe(home, JSON, Duration.ofSeconds(5))
                .resolve(server.baseUrl(), server.apiKey(), EndpointDialect.SGLANG, "deepseek-flash", true);
        assertThat(e.dialect()).isEqualTo(EndpointDialect.SGLANG);
        assertThat(server.modelListRequests()).isZero();
    }

    @Test
    void aServerThatDoesNotNameItselfIsGenericAndAFailedProbeIsNotCached() throws Exception {
        assertThat(ServedModels.parse(JSON.readTree("{\"data\":[{\"id\":\"v4\",\"owned_by\":\"openai\"}]}")).dialect())
                .isEqualTo(EndpointDialect.OPENAI_COMPATIBLE);
        String base = server.baseUrl();
        server.close();
        EndpointProbe.Endpoint e = new EndpointProbe(home, JSON, Duration.ofSeconds(5)).resolve(base, "k", null, "x", false);
        assertThat(e.dialect()).isEqualTo(EndpointDialect.OPENAI_COMPATIBLE);
        assertThat(Files.exists(home.resolve(EndpointProbe.CACHE_FILE))).isFalse();
    }
}
