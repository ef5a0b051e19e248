package dev.fathom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The fake endpoint's parser refuses every body a strict real server refuses. */
class StrictJsonTest {
    static final String VALID = "{\"model\":\"deepseek-v4-pro\",\"messages\":[{\"role\":\"user\",\"content\":\"hi \\ud83d\\ude00\"}],\"stream\":true}";

    @Test
    void acceptsAValidBodyWithAnEscapedPair() {
        assertThat(StrictJson.problem(VALID.getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            VALID + "\u0000",
            VALID + " {}",
            "{\"a\":1,\"a\":2}",
            "{\"a\":\"\\ud83d\"}",
            "{\"a\":\"x\\ude00y\"}",
            "{\"\\ud83d\":1}",
            "{\"a\":NaN}",
            "{\"a\":\"tab\there\"}",
            "",
            "{\"a\":1"})
    void refusesWhatARealServerRefuses(String body) {
        assertThat(StrictJson.problem(body.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] body = "{\"a\":\"xx\"}".getBytes(StandardCharsets.UTF_8);
        body[6] = (byte) 0xC3; // a lead byte followed by an ASCII byte
        assertThat(StrictJson.problem(body)).contains("UTF-8");
    }

    @Test
    void theFakeEndpointAnswersATrailingNulWith400() throws Exception {
        try (FakeV4Server server = FakeV4Server.start().expectInvalidBodies()) {
            server.enqueue(Reply.text("hello"));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> bad = http.send(post(server, VALID + "\u0000", "application/json"), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("Failed to deserialize");
            HttpResponse<String> noType = http.send(post(server, VALID, "text/plain"), HttpResponse.BodyHandlers.ofString());
            assertThat(noType.statusCode()).isEqualTo(415);
            HttpResponse<String> good = http.send(post(server, VALID, "application/json"), HttpResponse.BodyHandlers.ofString());
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.body()).contains("hello").contains("[DONE]");
        }
    }

    @Test
    void closingTheFakeFailsWhenARequestWasInvalidOnTheWire() throws Exception {
        FakeV4Server server = FakeV4Server.start();
        HttpClient.newHttpClient().send(post(server, VALID + "\u0000", "application/json"), HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThatThrownBy(server::close).isInstanceOf(AssertionError.class)
                .hasMessageContaining("strict server");
    }

    private static HttpRequest post(FakeV4Server server, String body, String contentType) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + server.apiKey()).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
