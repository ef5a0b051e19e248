package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream as servers really write it, byte for byte: the SSE line forms the standard allows, ids and models, tool
 * call fragments, reasoning under either name, error chunks and a stream that ends too soon.
 */
class RawStreamTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final RawEndpoint endpoint = new RawEndpoint();

    @AfterEach
    void stop() {
        endpoint.close();
    }

    static String data(String json) {
        return "data: " + json + "\n\n";
    }

    static String delta(String delta, String finish) {
        return data("{\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}");
    }

    /** Everything a handler hears, the partial tool calls and the retry waits included. */
    static class Heard implements V4StreamingHandler {
        final Cancellation cancellation = new Cancellation();
        final StringBuilder text = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        final List<PartialToolCall> partialCalls = new ArrayList<>();
        final List<Duration> waits = new ArrayList<>();
        final List<V4Exception> retries = new ArrayList<>();
        ChatResponse response;
        V4Exception error;

        @Override
        public void onPartialResponse(String partial) {
            text.append(partial);
        }

        @Override
        public void onPartialThinking(PartialThinking partial) {
            thinking.append(partial.text());
        }

        @Override
        public void onPartialToolCall(PartialToolCall call, PartialToolCallContext context) {
            partialCalls.add(call);
        }

        @Override
        public void onRetry(int attempt, Duration delay, V4Exception cause) {
            waits.add(delay);
            retries.add(cause);
        }

        @Override
        public Cancellation cancellation() {
            return cancellation;
        }

        @Override
        public void onCompleteResponse(ChatResponse r) {
            response = r;
        }

        @Override
        public void onError(Throwable e) {
            error = (V4Exception) e;
        }
    }

    Heard chat(int attempts) {
        return chat(new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(2), Duration.ofMinutes(1)));
    }

    Heard chat(RetryPolicy policy) {
        Heard h = new Heard();
        V4Options options = new V4Options(endpoint.baseUrl(), "sk-raw", "model-asked", false, null, null, Duration.ofSeconds(30),
                Duration.ofSeconds(60), policy);
        new V4ChatModel(options, JSON, "9.8.7").chat(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build(), h);
        return h;
    }

    @Test
    void theUserAgentNamesFathomAndItsVersion() {
        endpoint.thenStream(delta("{\"content\":\"ok\"}", "stop") + "data: [DONE]\n\n");
        assertThat(chat(1).error).isNull();
        assertThat(endpoint.seen.get(0).headers().get("User-Agent")).containsExactly("fathom/9.8.7");
    }

    @Test
    void dataWithoutASpaceCommentsAndALastEventWithoutABlankLineAreRead() {
        endpoint.thenStream(": keep-alive\n\n"
                + "data:{\"id\":\"r1\",\"model\":\"served-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
                + "event: ignored\nid: 7\n"
                + delta("{\"content\":\"b\"}", "stop")
                + "data: [DONE]");
        Heard h = chat(1);
        assertThat(h.error).isNull();
        assertThat(h.response.aiMessage().text()).isEqualTo("ab");
        assertThat(h.text.toString()).isEqualTo("ab");
    }

    @Test
    void theLinesOfOneEventAreJoinedByANewlineNeverGlued() {
        // Two data lines of one event are one value with a newline between them: "1\n2" is not JSON, whereas "12" would be.
        endpoint.thenStream("data: {\"usage\":{\"prompt_tokens\":1\ndata: 2}}\n\n" + delta("{\"content\":\"x\"}", "stop") + "data: [DONE]\n\n");
        Heard h = chat(1);
        assertThat(h.error).isNotNull();
        assertThat(h.error.getMessage()).contains("malformed chunk in the stream: {\"usage\":{\"prompt_tokens\":1\n2}}")
                .endsWith("(gave up after 1 attempt)");

        // Split at a space, the same event parses, and its usage counts.
        endpoint.thenStream("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"y\"},\"finish_reason\":\"stop\"}],\n"
                + "data: \"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3}}\n\ndata: [DONE]\n\n");
        Heard ok = chat(1);
        assertThat(ok.error).isNull();
        assertThat(ok.response.tokenUsage().inputTokenCount()).isEqualTo(12);
    }

    @Test
    void aLongMalformedChunkIsQuotedShortened() {
        String junk = "x".repeat(300);
        endpoint.thenStream("data: " + junk + "\n\n");
        Heard h = chat(1);
        assertThat(h.error.getMessage()).contains("malformed chunk in the stream: " + "x".repeat(120) + "\u2026 (gave up");
    }

    @Test
    void doneWithoutAFinishReasonIsACutStreamAndEachAttemptIsCounted() {
        endpoint.thenStream(delta("{\"content\":\"a\"}", null) + "data: [DONE]\n\n")
                .thenStream(delta("{\"content\":\"a\"}", null) + "data: [DONE]\n\n");
        Heard h = chat(2);
        assertThat(h.retries).singleElement().satisfies(e -> assertThat(e.getMessage()).isEqualTo("the stream ended with [DONE] but no finish_reason"));
        assertThat(h.error.kind()).isEqualTo(V4Exception.Kind.TRANSPORT);
        assertThat(h.error.getMessage()).isEqualTo("the stream ended with [DONE] but no finish_reason (gave up after 2 attempts)");
        assertThat(endpoint.seen).hasSize(2);
    }

    @Test
    void theFirstIdAndModelCountAndTheAskedModelStandsInWhenNoneIsSent() {
        endpoint.thenStream(data("{\"id\":\"first\",\"model\":\"served\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}")
                + data("{\"id\":\"second\",\"model\":\"other\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
                + "data: [DONE]\n\n");
        ChatResponse r = chat(1).response;
        assertThat(r.metadata().id()).isEqualTo("first");
        assertThat(r.metadata().modelName()).isEqualTo("served");
        assertThat(r.tokenUsage()).as("no usage chunk: zeros, not null").isEqualTo(new V4TokenUsage(0, 0, 0, 0, 0));

        endpoint.thenStream(delta("{\"content\":\"a\"}", "stop") + "data: [DONE]\n\n");
        ChatResponse bare = chat(1).response;
        assertThat(bare.metadata().id()).isNull();
        assertThat(bare.metadata().modelName()).isEqualTo("model-asked");
    }

    @Test
    void toolCallFragmentsJoinPerIndexKeepingTheFirstIdAndTheFirstRealName() {
        endpoint.thenStream(
                delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"\",\"arguments\":\"\"}}]}", null)
                + delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_repeated\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"p\\\"\"}}]}", null)
                + delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"grep\",\"arguments\":\":1}\"}}]}", null)
                // A second call with neither index, id nor name: the next index, a made-up id, the placeholder name.
                + delta("{\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}]}", "tool_calls")
                + "data: [DONE]\n\n");
        Heard h = chat(1);
        assertThat(h.error).isNull();
        List<ToolExecutionRequest> calls = h.response.aiMessage().toolExecutionRequests();
        assertThat(calls).extracting(ToolExecutionRequest::id).containsExactly("call_a", "call_fathom_1");
        assertThat(calls).extracting(ToolExecutionRequest::name).containsExactly("read_file", StreamAccumulator.NAMELESS_TOOL);
        assertThat(calls).extracting(ToolExecutionRequest::arguments).containsExactly("{\"p\":1}", "{}");
        assertThat(h.response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(h.response.aiMessage().text()).as("no content: null, not empty").isNull();
        // Partial calls: only fragments with arguments are passed on, named as far as known.
        assertThat(h.partialCalls).extracting(PartialToolCall::index).containsExactly(0, 0, 1);
        assertThat(h.partialCalls).extracting(PartialToolCall::name).containsExactly("read_file", "read_file", StreamAccumulator.NAMELESS_TOOL);
        assertThat(h.partialCalls).extracting(PartialToolCall::id).containsExactly("call_a", "call_a", null);
        assertThat(h.partialCalls).extracting(PartialToolCall::partialArguments).containsExactly("{\"p\"", ":1}", "{}");
    }

    @Test
    void reasoningIsReadUnderEitherNameAndAnEmptyOneIsStillReasoning() {
        endpoint.thenStream(delta("{\"reasoning_content\":null,\"reasoning\":\"vllm \"}", null)
                + delta("{\"reasoning_content\":\"thinks\"}", null) + delta("{\"content\":\"done\"}", "stop") + "data: [DONE]\n\n");
        Heard h = chat(1);
        assertThat(h.response.aiMessage().thinking()).isEqualTo("vllm thinks");
        assertThat(h.thinking.toString()).isEqualTo("vllm thinks");

        endpoint.thenStream(delta("{\"reasoning_content\":\"\",\"content\":\"\"}", null) + delta("{\"content\":\"x\"}", "stop") + "data: [DONE]\n\n");
        Heard empty = chat(1);
        assertThat(empty.response.aiMessage().thinking()).as("the server sent reasoning, though empty").isEqualTo("");
        assertThat(empty.thinking.toString()).isEmpty();
        assertThat(empty.text.toString()).as("an empty piece is not passed on").isEqualTo("x");

        endpoint.thenStream(delta("{\"content\":\"x\"}", "stop") + "data: [DONE]\n\n");
        assertThat(chat(1).response.aiMessage().thinking()).as("no reasoning at all").isNull();
    }

    @Test
    void finishReasonsMapToLangchainsAndAnUnknownOneIsOther() {
        assertThat(StreamAccumulator.mapFinishReason("stop")).isEqualTo(FinishReason.STOP);
        assertThat(StreamAccumulator.mapFinishReason("length")).isEqualTo(FinishReason.LENGTH);
        assertThat(StreamAccumulator.mapFinishReason("repetition")).isEqualTo(FinishReason.LENGTH);
        assertThat(StreamAccumulator.mapFinishReason("tool_calls")).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(StreamAccumulator.mapFinishReason("content_filter")).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(StreamAccumulator.mapFinishReason("something_new")).isEqualTo(FinishReason.OTHER);
        assertThat(StreamAccumulator.mapFinishReason(null)).isEqualTo(FinishReason.OTHER);
    }

    @Test
    void errorChunksAreClassifiedByANumericOrTextualCodeElseRetried() {
        endpoint.thenStream(data("{\"error\":{\"code\":\"429\",\"message\":\"slow down\"}}"))
                .thenStream(data("{\"error\":{\"message\":\"engine restarted\"}}"))
                .thenStream(data("{\"error\":{\"code\":\"busy\",\"message\":\"busy\"}}"))
                .thenStream(data("{\"error\":{\"code\":200,\"message\":\"odd\"}}"))
                .thenStream(data("{\"error\":{\"code\":401,\"message\":\"bad key\"}}"));
        Heard h = chat(5);
        assertThat(h.retries).extracting(V4Exception::kind).containsExactly(V4Exception.Kind.RATE_LIMITED, V4Exception.Kind.SERVER,
                V4Exception.Kind.SERVER, V4Exception.Kind.SERVER);
        assertThat(h.retries).extracting(V4Exception::httpStatus).containsExactly(429, 0, 0, 0);
        assertThat(h.retries.get(0).getMessage()).startsWith("mid-stream: rate limited (429)");
        assertThat(h.retries.get(1).getMessage()).isEqualTo("the endpoint reported an error mid-stream: engine restarted");
        assertThat(h.error.kind()).isEqualTo(V4Exception.Kind.AUTHENTICATION);
        assertThat(h.error.getMessage()).startsWith("mid-stream: the endpoint rejected the API key (401");
    }

    @Test
    void anEndpointWithoutStreamingEndsInAClearTransportError() {
        endpoint.thenStream(delta("{\"content\":\"half\"}", null));
        Heard h = chat(1);
        assertThat(h.error.kind()).isEqualTo(V4Exception.Kind.TRANSPORT);
        assertThat(h.error.getMessage()).isEqualTo("the stream ended without [DONE] (gave up after 1 attempt)");
        assertThat(h.text.toString()).isEqualTo("half");
    }

    @Test
    void aRetryAfterHeaderIsTheWaitAndABudgetItWouldOverrunEndsTheRetries() {
        endpoint.then(new RawEndpoint.Answer(429, Map.of("Retry-After", "0"), "{\"error\":{\"message\":\"busy\"}}"))
                .thenStream(delta("{\"content\":\"ok\"}", "stop") + "data: [DONE]\n\n");
        Heard h = chat(3);
        assertThat(h.error).isNull();
        assertThat(h.waits).containsExactly(Duration.ZERO);

        // Five attempts allowed, but waiting 30 s would pass the one-second budget: the first failure is the last.
        endpoint.then(new RawEndpoint.Answer(503, Map.of("Retry-After", "30"), "overloaded"));
        Heard over = chat(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(60), Duration.ofSeconds(1)));
        assertThat(over.retries).isEmpty();
        assertThat(over.error.kind()).isEqualTo(V4Exception.Kind.SERVER);
        assertThat(over.error.getMessage()).isEqualTo("server error (503): overloaded (gave up after 1 attempt)");
        assertThat(over.error.httpStatus()).isEqualTo(503);
    }

    @Test
    void escDuringARetryWaitEndsTheRunWithoutAnotherRequest() {
        endpoint.then(new RawEndpoint.Answer(500, Map.of(), "{\"error\":{\"message\":\"oops\"}}"))
                .thenStream(delta("{\"content\":\"never\"}", "stop") + "data: [DONE]\n\n");
        Heard h = new Heard() {
            @Override
            public void onRetry(int attempt, Duration delay, V4Exception cause) {
                super.onRetry(attempt, delay, cause);
                cancellation.cancel("user pressed Esc");
            }
        };
        // A ten-minute backoff: only the cancellation can end the wait within the test's time.
        RetryPolicy slow = new RetryPolicy(3, Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofHours(1));
        V4Options options = new V4Options(endpoint.baseUrl(), "k", "m", false, null, null, Duration.ofSeconds(30), Duration.ofSeconds(60), slow);
        new V4ChatModel(options, JSON, "t").chat(ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build(), h);
        assertThat(h.waits).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10)));
        assertThat(h.error.kind()).isEqualTo(V4Exception.Kind.CANCELLED);
        assertThat(h.error.getMessage()).isEqualTo("user pressed Esc");
        assertThat(endpoint.seen).hasSize(1);
        assertThat(h.response).isNull();
    }
}
