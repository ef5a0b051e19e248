package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What goes on the wire besides the body's messages, seen by a bare HTTP server that keeps every header and byte:
 * the request headers, {@code max_tokens}, and the exact replay of an earlier tool call.
 */
class WireHeadersTest {
    static final String STREAM = "data: {\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"model\":\"deepseek-v4-pro\",\"choices\":"
            + "[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"model\":\"deepseek-v4-pro\",\"choices\":"
            + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}\n\n"
            + "data: [DONE]\n\n";

    record Seen(String method, String path, Headers headers, String body) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(), body));
                byte[] reply = STREAM.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, reply.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theRequestSaysWhatItSendsAndWhatItWantsBack() {
        V4ChatModelTest.Recorder r = chat(options(null), ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build());
        assertThat(r.error).isNull();
        assertThat(r.text.toString()).isEqualTo("ok");
        Seen s = seen.get(0);
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.path()).isEqualTo("/v1/chat/completions");
        assertThat(s.headers().get("Content-Type")).containsExactly("application/json");
        assertThat(s.headers().get("Accept")).containsExactly("text/event-stream");
        assertThat(s.headers().get("Authorization")).containsExactly("Bearer sk-test-key");
        assertThat(s.body()).doesNotContain("max_tokens");
    }

    @Test
    void anOutputCapIsSentAsMaxTokensAndARequestsOwnCapWins() {
        chat(options(4096), ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build());
        assertThat(seen.get(0).body()).contains(",\"max_tokens\":4096,\"stream\":true,");
        chat(options(4096), ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).maxOutputTokens(77).build());
        assertThat(seen.get(1).body()).contains(",\"max_tokens\":77,\"stream\":true,").doesNotContain("4096");
    }

    @Test
    void anEarlierToolCallIsReplayedExactlyAsTheModelMadeIt() {
        AiMessage call = AiMessage.from(List.of(ToolExecutionRequest.builder().id("call_7").name("read_file")
                .arguments("{\"file_path\" : \"a.txt\"}").build()));
        ChatRequest request = ChatRequest.builder().messages(List.of(UserMessage.from("Read a.txt"), call,
                ToolExecutionResultMessage.from("call_7", "read_file", "hello"))).build();
        chat(options(null), request);
        assertThat(seen.get(0).body()).contains("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_7\","
                + "\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"file_path\\\" : \\\"a.txt\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_7\",\"content\":\"hello\"}");
    }

    private V4Options options(Integer maxTokens) {
        RetryPolicy once = new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofSeconds(1), Duration.ofSeconds(5));
        return new V4Options("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/", "sk-test-key", "deepseek-v4-pro", false,
                null, maxTokens, Duration.ofSeconds(30), Duration.ofSeconds(60), once);
    }

    private static V4ChatModelTest.Recorder chat(V4Options options, ChatRequest request) {
        V4ChatModelTest.Recorder r = new V4ChatModelTest.Recorder();
        new V4ChatModel(options, new ObjectMapper(), "test").chat(request, r);
        return r;
    }
}
