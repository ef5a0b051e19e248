package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * Answers the requests a server sends to Fathom, on either transport, so that no server waits out a timeout: ping,
 * roots/list (the workspace as the one root), and a method-not-found error for the rest (sampling, elicitation: Fathom
 * does not offer them and does not advertise them).
 */
final class ServerRequests {
    static final int METHOD_NOT_FOUND = -32601;

    private final Path workspace;
    private final ObjectMapper json;

    ServerRequests(Path workspace, ObjectMapper json) {
        this.workspace = workspace;
        this.json = json;
    }

    /** The capabilities Fathom declares at initialize. */
    ObjectNode capabilities() {
        ObjectNode c = json.createObjectNode();
        c.putObject("roots").put("listChanged", false);
        return c;
    }

    /** The whole JSON-RPC response to one request from the server. */
    ObjectNode answer(JsonNode request) {
        ObjectNode reply = json.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", request.get("id"));
        String method = request.path("method").asText();
        switch (method) {
            case "ping" -> reply.putObject("result");
            case "roots/list" -> reply.putObject("result").putArray("roots").addObject()
                    .put("uri", workspace.toUri().toString()).put("name", workspace.getFileName() == null ? "workspace" : workspace.getFileName().toString());
            default -> reply.putObject("error").put("code", METHOD_NOT_FOUND).put("message", "Fathom does not support " + method + ".");
        }
        return reply;
    }
}
