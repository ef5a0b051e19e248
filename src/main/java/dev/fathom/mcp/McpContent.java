package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns a tools/call result into the text the model reads. */
final class McpContent {
    private McpContent() {
    }

    static McpServer.Result render(JsonNode r) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : r.path("content")) {
            switch (part.path("type").asText()) {
                case "text" -> text.append(part.path("text").asText()).append('\n');
                case "resource" -> text.append(part.path("resource").path("text").asText("[resource " + part.path("resource").path("uri").asText() + "]")).append('\n');
                default -> text.append("[").append(part.path("type").asText()).append(" content omitted]\n");
            }
        }
        if (r.has("structuredContent") && text.length() == 0) {
            text.append(r.get("structuredContent").toString());
        }
        return new McpServer.Result(text.toString().stripTrailing(), r.path("isError").asBoolean(false));
    }
}
