package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.Fault;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The V4 client against the fake endpoint: streaming, accumulation, usage, retries, watchdog, cancellation. */
class V4ChatModelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final FakeV4Server server = FakeV4Server.start();

    @AfterEach
    void stop() {
        server.close();
    }

    V4ChatModel model(Duration idle) {
        RetryPolicy fast = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMinutes(1));
        return new V4ChatModel(new V4Options(server.baseUrl(), server.apiKey(), "deepseek-v4-pro", true, "max", null,
                Duration.ofSeconds(5), idle, fast), JSON, "test");
    }

    static ChatRequest request() {
        ToolSpecification tool = ToolSpecification.builder().name("read_file").description("Read.")
                .parameters(JsonObjectSchema.builder().addStringProperty("file_path").required("file_path").build()).build();
        return ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).toolSpecifications(List.of(tool)).build();
    }

    /** Collects everything a handler hears. */
    static final class Recorder implements V4StreamingHandler {
        final StringBuilder text = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        final List<V4Exception> retries = new ArrayList<>();
        final Cancellation cancellation = new Cancellation();
        ChatResponse response;
        Throwable error;
        int terminalSignals;

        @Override
        public void onPartialResponse(String partial) {
            text.append(partial);
        }

        @Override
        public void onPartialThinking(PartialThinking partial) {
            thinking.append(partial.text());
        }

        @Override
        public void onRetry(int attempt, Duration delay, V4Exception cause) {
            retries.add(cause);
        }

        @Override
        public Cancellation cancellation() {
            return cancellation;
        }

        @Override
        public void onCompleteResponse(ChatResponse r) {
            response = r;
            terminalSignals++;
        }

        @Override
        public void onError(Throwable e) {
            error = e;
            terminalSignals++;
        }
    }

    Recorder chat(V4ChatModel model) {
        Recorder r = new Recorder();
        model.chat(request(), r);
        assertThat(r.terminalSignals).as("exactly one of complete or error").isEqualTo(1);
        return r;
    }

    @Test
    void streamsReasoningTextAndUsage() {
        server.enqueue(Reply.text("Hello there, friend.").reasoning("Think about greeting.").keepAlivesFirst(3).fragments(3));
        Recorder r = chat(model(Duration.ofSeconds(5)));
        assertThat(r.error).isNull();
        assertThat(r.text.toString()).isEqualTo("Hello there, friend.");
        assertThat(r.thinking.toString()).isEqualTo("Think about greeting.");
        assertThat(r.response.aiMessage().text()).isEqualTo("Hello there, friend.");
        assertThat(r.response.aiMessage().thinking()).isEqualTo("Think about greeting.");
        assertThat(r.response.finishReason()).isEqualTo(FinishReason.STOP);
        V4TokenUsage usage = (V4TokenUsage) r.response.tokenUsage();
        assertThat(usage.inputTokenCount()).isPositive();
        assertThat(usage.cacheHitTokens() + usage.cacheMissTokens()).isEqualTo(usage.inputTokenCount());
        assertThat(usage.reasoningTokens()).isEqualTo("Think about greeting.".length() / 4);
    }

    @Test
    void accumulatesParallelToolCallFragmentsVerbatim() {
        String args0 = "{\"file_path\": \"src/Main.java\",  \"offset\": 3}";
        String args1 = "{\"file_path\":\"docs/ü ß.md\"}";
        server.enqueue(Reply.toolCall("read_file", args0).andToolCall("read_file", args1).fragments(2));
        Recorder r = chat(model(Duration.ofSeconds(5)));
        List<ToolExecutionRequest> calls = r.response.aiMessage().toolExecutionRequests();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).arguments()).isEqualTo(args0);
        assertThat(calls.get(1).arguments()).isEqualTo(args1);
        assertThat(calls.get(0).id()).startsWith("call_00_").hasSize(8 + 24);
        assertThat(calls.get(1).id()).startsWith("call_01_");
        assertThat(r.response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    }

    @Test
    void retriesRateLimitsAndServerErrorsHonouringRetryAfter() {
        server.enqueue(Fault.rateLimited("1")).enqueue(Fault.http(500, "Internal error")).enqueue(Fault.http(503, "Overloaded"))
                .enqueue(Reply.text("ok"));
        long t0 = System.nanoTime();
        Recorder r = chat(model(Duration.ofSeconds(5)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.error).isNull();
        assertThat(r.response.aiMessage().text()).isEqualTo("ok");
        assertThat(r.retries).extracting(V4Exception::httpStatus).containsExactly(429, 500, 503);
        assertThat(ms).as("Retry-After: 1 was honoured").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void retriesCutStreamsMalformedChunksAndResourceExhaustion() {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"a.txt\"}").cutAfter(4))
                .enqueue(Fault.malformedChunk())
                .enqueue(Reply.text("partial").finishReason("insufficient_system_resource"))
                .enqueue(Reply.toolCall("read_file", "{\"file_path\":\"a.txt\"}"));
        Recorder r = chat(model(Duration.ofSeconds(5)));
        assertThat(r.error).isNull();
        assertThat(r.retries).extracting(V4Exception::getMessage).satisfiesExactly(
                m -> assertThat(m).contains("without [DONE]"),
                m -> assertThat(m).contains("malformed chunk"),
                m -> assertThat(m).contains("insufficient_system_resource"));
        assertThat(r.response.aiMessage().toolExecutionRequests()).singleElement()
                .satisfies(c -> assertThat(c.arguments()).isEqualTo("{\"file_path\":\"a.txt\"}"));
    }

    @Test
    void idleWatchdogAbandonsAStalledStreamButNotAKeepAliveQueue() {
        server.enqueue(Fault.stall(3000)).enqueue(Fault.keepAliveStall(1500)).enqueue(Reply.text("finally"));
        Recorder r = chat(model(Duration.ofMillis(700)));
        assertThat(r.error).isNull();
        assertThat(r.response.aiMessage().text()).isEqualTo("finally");
        assertThat(r.retries).hasSize(2);
        assertThat(r.retries.get(0).getMessage()).isEqualTo("no data from " + server.baseUrl() + "/chat/completions for 0.7 s; the stream looks dead");
        assertThat(r.retries.get(1).getMessage()).as("keep-alives kept the stream alive; it then ended without [DONE]")
                .contains("without [DONE]");
    }

    @Test
    void authenticationBalanceAndBadRequestsAreNotRetried() {
        for (int status : new int[] {401, 402, 400, 422}) {
            server.enqueue(Fault.http(status, "nope " + status));
            Recorder r = chat(model(Duration.ofSeconds(5)));
            assertThat(r.retries).isEmpty();
            assertThat(r.error).isInstanceOf(V4Exception.class);
            V4Exception e = (V4Exception) r.error;
            assertThat(e.httpStatus()).isEqualTo(status);
            assertThat(e.kind().retryable()).isFalse();
            assertThat(e.getMessage()).contains("nope " + status);
        }
    }

    @Test
    void givesUpOnAnUnreachableEndpointAfterTheAttempts() {
        server.close();
        Recorder r = chat(model(Duration.ofSeconds(5)));
        assertThat(r.retries).hasSize(3);
        assertThat(((V4Exception) r.error).kind()).isEqualTo(V4Exception.Kind.TRANSPORT);
        assertThat(r.error.getMessage()).startsWith("cannot reach " + server.baseUrl() + "/chat/completions (ConnectException: ")
                .endsWith(") (gave up after 4 attempts)");
    }

    @Test
    void cancellationAbortsAStalledStreamAtOnce() {
        // The stall and the no-data limit both outlast the test's own timeout: only the cancellation can end the call.
        server.enqueue(Fault.stall(600_000));
        V4ChatModel model = model(Duration.ofMinutes(30));
        Recorder r = new Recorder();
        new Thread(() -> {
            // Esc once the request is at the server, so it interrupts a stalled stream, not a request not yet sent.
            if (dev.fathom.testing.Poll.until(Duration.ofSeconds(60), () -> !server.requests().isEmpty())) {
                r.cancellation.cancel("user pressed Esc");
            }
        }).start();
        model.chat(request(), r);
        assertThat(r.terminalSignals).isEqualTo(1);
        assertThat(((V4Exception) r.error).kind()).isEqualTo(V4Exception.Kind.CANCELLED);
    }

    V4ChatModel model(Duration noDataLimit, int maxReplyChars) {
        RetryPolicy fast = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMinutes(1));
        return new V4ChatModel(new V4Options(server.baseUrl(), server.apiKey(), "deepseek-v4-pro", true, "max", null,
                Duration.ofSeconds(5), Duration.ofSeconds(30), fast), JSON, "test", noDataLimit, maxReplyChars);
    }

    @Test
    void anErrorChunkIsClassifiedByItsCode() {
        server.enqueue(Fault.errorChunk(400, "Invalid tool schema")).enqueue(Reply.text("never reached"));
        Recorder r = chat(model(Duration.ofSeconds(5)));
        assertThat(r.retries).as("a 400 cannot be helped by retrying").isEmpty();
        assertThat(r.error).isInstanceOf(V4Exception.class).hasMessageContaining("Invalid tool schema");
        assertThat(((V4Exception) r.error).kind()).isEqualTo(V4Exception.Kind.INVALID_REQUEST);
        assertThat(server.remainingSteps()).isEqualTo(1);
        server.pollStep();

        server.enqueue(Fault.errorChunk(503, "overloaded")).enqueue(Reply.text("ok"));
        Recorder again = chat(model(Duration.ofSeconds(5)));
        assertThat(again.error).isNull();
        assertThat(again.retries).extracting(V4Exception::httpStatus).containsExactly(503);
    }

    @Test
    void abortAndErrorFinishReasonsAreRetriedAndRepetitionIsACutAnswer() {
        server.enqueue(Reply.text("partial").finishReason("abort")).enqueue(Reply.text("partial").finishReason("error"))
                .enqueue(Reply.text("ok"));
        Recorder r = chat(model(Duration.ofSeconds(5)));
        assertThat(r.error).isNull();
        assertThat(r.retries).hasSize(2).allSatisfy(e -> assertThat(e.kind()).isEqualTo(V4Exception.Kind.TRANSPORT));
        assertThat(r.response.aiMessage().text()).isEqualTo("ok");

        server.enqueue(Reply.text("again and again and again").finishReason("repetition"));
        Recorder rep = chat(model(Duration.ofSeconds(5)));
        assertThat(rep.response.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void keepAlivesAfterTheLastChunkAreHarmless() {
        server.enqueue(Reply.text("done").keepAlivesAfterLast(5));
        Recorder r = chat(model(Duration.ofSeconds(5)));
        assertThat(r.error).isNull();
        assertThat(r.response.aiMessage().text()).isEqualTo("done");
    }

    @Test
    void onlyKeepAlivesForTooLongIsATransportFailure() {
        // keep-alives reset the idle watchdog; the separate no-data limit still ends a request the server forgot
        server.enqueue(Fault.keepAliveStall(3_000)).enqueue(Reply.text("ok"));
        Recorder r = chat(model(Duration.ofMillis(400), 1 << 20));
        assertThat(r.error).isNull();
        assertThat(r.retries).hasSize(1);
        assertThat(r.retries.get(0)).hasMessageContaining("only keep-alives");
    }

    @Test
    void aRunawayReplyIsStoppedNotAccumulated() {
        server.enqueue(Fault.endlessReasoning()).enqueue(Reply.text("never reached"));
        Recorder r = chat(model(Duration.ofMinutes(1), 200_000));
        assertThat(r.error).isInstanceOf(V4Exception.class).hasMessageContaining("without ending");
        assertThat(((V4Exception) r.error).kind()).isEqualTo(V4Exception.Kind.RUNAWAY);
        assertThat(r.retries).isEmpty();
        assertThat(r.thinking.length()).isLessThanOrEqualTo(200_000);
        server.pollStep();
    }
}
