package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.Fault;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request bodies over {@link V4ChatModel#STREAMING_THRESHOLD_BYTES} go out in fixed-length streaming mode: the body
 * must arrive whole, and the endpoint's errors must read as they do for a small (buffered) body.
 */
class LargeRequestTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final FakeV4Server server = FakeV4Server.start();

    @AfterEach
    void stop() {
        server.close();
    }

    V4ChatModel model(String apiKey) {
        RetryPolicy fast = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMinutes(1));
        return new V4ChatModel(new V4Options(server.baseUrl(), apiKey, "deepseek-v4-pro", true, "max", null,
                Duration.ofSeconds(5), Duration.ofSeconds(30), fast), JSON, "test");
    }

    /** A user message whose JSON alone exceeds the streaming threshold; non-ASCII so bytes and chars differ. */
    static String largeText() {
        return "é-ü ".repeat(V4ChatModel.STREAMING_THRESHOLD_BYTES / 4);
    }

    V4ChatModelTest.Recorder chat(V4ChatModel model, String text) {
        V4ChatModelTest.Recorder r = new V4ChatModelTest.Recorder();
        model.chat(ChatRequest.builder().messages(List.of(UserMessage.from(text))).build(), r);
        assertThat(r.terminalSignals).as("exactly one of complete or error").isEqualTo(1);
        return r;
    }

    @Test
    void aLargeBodyArrivesWhole() {
        server.enqueue(Reply.text("read it"));
        String text = largeText();
        V4ChatModelTest.Recorder r = chat(model(server.apiKey()), text);
        assertThat(r.error).isNull();
        assertThat(r.response.aiMessage().text()).isEqualTo("read it");
        assertThat(server.requests()).singleElement().satisfies(req -> {
            assertThat(req.body().length()).isGreaterThan(V4ChatModel.STREAMING_THRESHOLD_BYTES);
            assertThat(req.json().path("messages").get(0).path("content").asText()).isEqualTo(text);
        });
    }

    @Test
    void aRejectedKeyOnALargeBodyIsTheAuthenticationErrorNotATransportOne() {
        String smallMessage = authError(chat(model("sk-wrong"), "hi"));
        String largeMessage = authError(chat(model("sk-wrong"), largeText()));
        assertThat(largeMessage).startsWith("the endpoint rejected the API key (401").contains("check DEEPSEEK_API_KEY");
        assertThat(smallMessage).as("the buffered path keeps the server's words").contains("api key");
    }

    private static String authError(V4ChatModelTest.Recorder r) {
        assertThat(r.retries).as("a rejected key is not retried").isEmpty();
        assertThat(r.error).isInstanceOf(V4Exception.class);
        V4Exception e = (V4Exception) r.error;
        assertThat(e.kind()).isEqualTo(V4Exception.Kind.AUTHENTICATION);
        assertThat(e.httpStatus()).isEqualTo(401);
        return e.getMessage();
    }

    @Test
    void otherErrorsOnALargeBodyKeepTheServersWords() {
        server.enqueue(Fault.http(400, "the prompt is too long"));
        V4ChatModelTest.Recorder r = chat(model(server.apiKey()), largeText());
        assertThat(r.retries).isEmpty();
        V4Exception e = (V4Exception) r.error;
        assertThat(e.kind()).isEqualTo(V4Exception.Kind.INVALID_REQUEST);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).contains("the prompt is too long");
    }
}
