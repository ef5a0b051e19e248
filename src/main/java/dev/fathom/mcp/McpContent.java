package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a tools/call result into the text the model reads. Text is kept; what the model cannot read here (images,
 * audio, binary resources) becomes one bracketed line with its type, mime type and decoded size, so the model knows
 * what it got; a {@code resource_link} keeps its name, uri, mime type and description, since the uri is the point.
 */
final class McpContent {
    private McpContent() {
    }

    static McpServer.Result render(JsonNode r) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : r.path("content")) {
            text.append(part(part)).append('\n');
        }
        if (r.has("structuredContent") && text.length() == 0) {
            text.append(r.get("structuredContent").toString());
        }
        return new McpServer.Result(text.toString().stripTrailing(), r.path("isError").asBoolean(false));
    }

    static String part(JsonNode part) {
        String type = part.path("type").asText();
        return switch (type) {
            case "text" -> part.path("text").asText();
            case "resource" -> resource(part.path("resource"));
            case "resource_link" -> "[resource link: " + part.path("name").asText(part.path("uri").asText()) + " <" + part.path("uri").asText() + ">"
                    + mime(part) + (part.hasNonNull("description") ? " - " + part.get("description").asText() : "") + "]";
            case "image", "audio" -> "[" + type + mime(part) + ", " + decodedSize(part.path("data").asText()) + " bytes; not shown to the model]";
            default -> "[" + (type.isEmpty() ? "untyped" : type) + " content, which Fathom cannot show]";
        };
    }

    private static String resource(JsonNode res) {
        if (res.has("text")) {
            return res.get("text").asText();
        }
        String uri = res.path("uri").asText();
        if (res.has("blob")) {
            return "[resource <" + uri + ">" + mime(res) + ", " + decodedSize(res.get("blob").asText()) + " bytes of binary data; not shown]";
        }
        return "[resource <" + uri + ">" + mime(res) + "]";
    }

    private static String mime(JsonNode node) {
        return node.hasNonNull("mimeType") ? ", " + node.get("mimeType").asText() : "";
    }

    /** The size base64 {@code data} decodes to, counted without decoding it (it may be megabytes). */
    static long decodedSize(String data) {
        long chars = 0; // each base64 character carries 6 bits; padding and line breaks carry none
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c != '=' && !Character.isWhitespace(c)) {
                chars++;
            }
        }
        return chars * 6 / 8;
    }
}
