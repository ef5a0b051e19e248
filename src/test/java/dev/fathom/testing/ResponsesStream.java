package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Writes one streamed answer of the Responses API as {@link FakeResponsesServer} serves it: {@code event:} and
 * {@code data:} lines, a {@code sequence_number} on every event, each output item announced by
 * {@code response.output_item.added}, its text or arguments in small deltas, closed by its {@code .done} events and
 * {@code response.output_item.done} with the whole item, then {@code response.completed} carrying the final response
 * with usage. There is no {@code [DONE]} line: the body simply ends after {@code response.completed}.
 */
final class ResponsesStream {
    private static final int FRAGMENT = 7;

    private final OutputStream out;
    private final String responseId = "resp_" + UUID.randomUUID().toString().replace("-", "");
    private final String model;
    private final ArrayNode output = FakeV4Server.JSON.createArrayNode();
    private int sequence;

    ResponsesStream(OutputStream out, String model) {
        this.out = out;
        this.model = model;
    }

    void created() throws IOException {
        ObjectNode created = event("response.created");
        created.set("response", response("in_progress"));
        send(created);
        ObjectNode progress = event("response.in_progress");
        progress.set("response", response("in_progress"));
        send(progress);
    }

    /** A message item with one {@code output_text} part. */
    void text(String text) throws IOException {
        int index = output.size();
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode item = FakeV4Server.JSON.createObjectNode().put("id", id).put("type", "message").put("status", "in_progress")
                .put("role", "assistant");
        item.putArray("content");
        added(index, item);
        ObjectNode part = FakeV4Server.JSON.createObjectNode().put("type", "output_text").put("text", "");
        part.putArray("annotations");
        ObjectNode partAdded = event("response.content_part.added").put("item_id", id).put("output_index", index).put("content_index", 0);
        partAdded.set("part", part);
        send(partAdded);
        for (int i = 0; i < text.length(); i += FRAGMENT) {
            send(event("response.output_text.delta").put("item_id", id).put("output_index", index).put("content_index", 0)
                    .put("delta", text.substring(i, Math.min(text.length(), i + FRAGMENT))));
        }
        send(event("response.output_text.done").put("item_id", id).put("output_index", index).put("content_index", 0).put("text", text));
        ObjectNode fullPart = part.deepCopy().put("text", text);
        ObjectNode partDone = event("response.content_part.done").put("item_id", id).put("output_index", index).put("content_index", 0);
        partDone.set("part", fullPart);
        send(partDone);
        ObjectNode done = item.deepCopy().put("status", "completed");
        done.putArray("content").add(fullPart);
        done(index, done);
    }

    /** A function_call item whose arguments stream in deltas; returns its call_id. */
    String functionCall(String name, String arguments) throws IOException {
        int index = output.size();
        String id = "fc_" + UUID.randomUUID().toString().replace("-", "");
        String callId = "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        ObjectNode item = FakeV4Server.JSON.createObjectNode().put("id", id).put("type", "function_call").put("status", "in_progress")
                .put("arguments", "").put("call_id", callId).put("name", name);
        added(index, item);
        for (int i = 0; i < arguments.length(); i += FRAGMENT) {
            send(event("response.function_call_arguments.delta").put("item_id", id).put("output_index", index)
                    .put("delta", arguments.substring(i, Math.min(arguments.length(), i + FRAGMENT))));
        }
        send(event("response.function_call_arguments.done").put("item_id", id).put("output_index", index).put("arguments", arguments));
        done(index, item.deepCopy().put("status", "completed").put("arguments", arguments));
        return callId;
    }

    void completed(JsonNode usage) throws IOException {
        ObjectNode response = response("completed");
        response.set("output", output);
        response.set("usage", usage);
        ObjectNode completed = event("response.completed");
        completed.set("response", response);
        send(completed);
    }

    private void added(int index, ObjectNode item) throws IOException {
        ObjectNode e = event("response.output_item.added").put("output_index", index);
        e.set("item", item);
        send(e);
    }

    private void done(int index, ObjectNode item) throws IOException {
        output.add(item);
        ObjectNode e = event("response.output_item.done").put("output_index", index);
        e.set("item", item);
        send(e);
    }

    private ObjectNode response(String status) {
        ObjectNode r = FakeV4Server.JSON.createObjectNode().put("id", responseId).put("object", "response")
                .put("created_at", 1_790_000_000).put("status", status).put("model", model);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.putArray("output");
        r.put("parallel_tool_calls", true).put("store", false);
        r.putNull("usage");
        return r;
    }

    private ObjectNode event(String type) {
        return FakeV4Server.JSON.createObjectNode().put("type", type).put("sequence_number", sequence++);
    }

    private void send(ObjectNode event) throws IOException {
        String frame = "event: " + event.path("type").asText() + "\ndata: " + FakeV4Server.JSON.writeValueAsString(event) + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
