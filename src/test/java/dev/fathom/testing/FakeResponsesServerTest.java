package dev.fathom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.FakeResponsesServer.Step;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Responses-API fake streams the documented event sequence and refuses what the real service refuses. */
class FakeResponsesServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOL = "{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\"}}";
    private static final String USER = "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}";

    private static HttpResponse<String> post(FakeResponsesServer server, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/responses"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String... input) {
        return "{\"model\":\"m\",\"stream\":true,\"tools\":[" + TOOL + "],\"input\":[" + String.join(",", input) + "]}";
    }

    /** The data of each event, checking that its {@code event:} line names the same type as its payload. */
    private static List<JsonNode> events(String sse) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String frame : sse.split("\n\n")) {
            String[] lines = frame.split("\n");
            assertThat(lines).hasSize(2);
            JsonNode data = JSON.readTree(lines[1].substring("data: ".length()));
            assertThat(lines[0]).isEqualTo("event: " + data.path("type").asText());
            events.add(data);
        }
        return events;
    }

    @Test
    void aFunctionCallStreamsItsArgumentsInDeltasAndEndsWithCompletedAndUsage() throws Exception {
        try (FakeResponsesServer server = FakeResponsesServer.start()) {
            String arguments = "{\"cmd\":\"ls -la src\"}";
            server.enqueue(Step.call("exec_command", arguments));
            HttpResponse<String> response = post(server, server.apiKey(), body(USER));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
            List<JsonNode> events = events(response.body());
            List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
            assertThat(types.get(0)).isEqualTo("response.created");
            assertThat(types).containsSubsequence("response.output_item.added", "response.function_call_arguments.delta",
                    "response.function_call_arguments.done", "response.output_item.done", "response.completed");
            assertThat(types.get(types.size() - 1)).isEqualTo("response.completed");
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
            }
            StringBuilder streamed = new StringBuilder();
            events.stream().filter(e -> e.path("type").asText().equals("response.function_call_arguments.delta"))
                    .forEach(e -> streamed.append(e.path("delta").asText()));
            assertThat(streamed.toString()).isEqualTo(arguments);
            assertThat(types.stream().filter(t -> t.endsWith(".delta")).count()).isGreaterThan(1);
            JsonNode done = events.stream().filter(e -> e.path("type").asText().equals("response.output_item.done")).findFirst().orElseThrow();
            assertThat(done.path("item").path("name").asText()).isEqualTo("exec_command");
            assertThat(done.path("item").path("arguments").asText()).isEqualTo(arguments);
            JsonNode completed = events.get(events.size() - 1).path("response");
            assertThat(completed.path("status").asText()).isEqualTo("completed");
            assertThat(completed.path("output").get(0)).isEqualTo(done.path("item"));
            assertThat(completed.path("usage").path("input_tokens").asInt()).isPositive();
            assertThat(completed.path("usage").path("total_tokens").asInt())
                    .isEqualTo(completed.path("usage").path("input_tokens").asInt() + completed.path("usage").path("output_tokens").asInt());
            FakeResponsesServer.Recorded recorded = server.requests().get(0);
            assertThat(recorded.answeredNanos()).isGreaterThanOrEqualTo(recorded.receivedNanos());
            assertThat(server.scriptErrors()).isEmpty();
        }
    }

    @Test
    void aMessageStreamsItsTextInDeltasInsideOneContentPart() throws Exception {
        try (FakeResponsesServer server = FakeResponsesServer.start()) {
            server.enqueue(Step.text("The greeting now says hello."));
            List<JsonNode> events = events(post(server, server.apiKey(), body(USER)).body());
            StringBuilder text = new StringBuilder();
            events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta")).forEach(e -> text.append(e.path("delta").asText()));
            assertThat(text.toString()).isEqualTo("The greeting now says hello.");
            JsonNode item = events.stream().filter(e -> e.path("type").asText().equals("response.output_item.done")).findFirst().orElseThrow().path("item");
            assertThat(item.path("type").asText()).isEqualTo("message");
            assertThat(item.path("role").asText()).isEqualTo("assistant");
            assertThat(item.path("content").get(0).path("text").asText()).isEqualTo("The greeting now says hello.");
        }
    }

    @Test
    void refusesWhatTheRealServiceRefuses() throws Exception {
        String call = "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"exec_command\",\"arguments\":\"{}\"}";
        String output = "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok\"}";
        try (FakeResponsesServer server = FakeResponsesServer.start()) {
            server.enqueue(Step.text("ok"));
            assertThat(post(server, "sk-wrong", body(USER)).statusCode()).isEqualTo(401);
            HttpResponse<String> orphan = post(server, server.apiKey(), body(USER, output));
            assertThat(orphan.statusCode()).isEqualTo(400);
            assertThat(orphan.body()).contains("No tool call found for function call output with call_id call_1");
            HttpResponse<String> unanswered = post(server, server.apiKey(), body(USER, call));
            assertThat(unanswered.statusCode()).isEqualTo(400);
            assertThat(unanswered.body()).contains("No tool output found for function call call_1");
            String userWithOutputText = "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"output_text\",\"text\":\"hi\"}]}";
            assertThat(post(server, server.apiKey(), body(userWithOutputText)).statusCode()).isEqualTo(400);
            assertThat(post(server, server.apiKey(), body(USER).replace("\"stream\":true", "\"stream\":false")).statusCode()).isEqualTo(400);
            assertThat(post(server, server.apiKey(), body(USER).replace("exec_command", "exec command")).statusCode()).isEqualTo(400);
            assertThat(post(server, server.apiKey(), body(USER).replace("\"model\":\"m\",", "")).statusCode()).isEqualTo(400);
            assertThat(post(server, server.apiKey(), "{\"model\":\"m\",\"model\":\"n\",\"stream\":true,\"input\":\"hi\"}").statusCode()).isEqualTo(400);
            assertThat(server.remainingSteps()).isEqualTo(1); // a refused request does not use up the script
            assertThat(post(server, server.apiKey(), body(USER, call, output)).statusCode()).isEqualTo(200);
            assertThat(server.requests()).extracting(FakeResponsesServer.Recorded::status).containsExactly(401, 400, 400, 400, 400, 400, 400, 400, 200);
        }
    }

    @Test
    void aScriptedCallToAToolTheRequestDoesNotOfferIsAScriptError() throws Exception {
        try (FakeResponsesServer server = FakeResponsesServer.start()) {
            server.enqueue(Step.call("apply_patch", "{}"));
            post(server, server.apiKey(), body(USER));
            assertThat(server.scriptErrors()).containsExactly("scripted call to apply_patch, which the request does not offer");
        }
    }
}
