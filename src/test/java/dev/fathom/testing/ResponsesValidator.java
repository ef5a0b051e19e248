package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the Responses API refuses with a 400 that a client could get wrong (see {@link FakeResponsesServer}), with
 * the real service's messages where they are known.
 */
final class ResponsesValidator {
    private static final java.util.Set<String> ITEM_TYPES = java.util.Set.of("message", "function_call", "function_call_output",
            "reasoning", "custom_tool_call", "custom_tool_call_output", "item_reference");
    private static final java.util.Set<String> TOOL_TYPES = java.util.Set.of("function", "custom", "namespace", "web_search",
            "web_search_preview", "file_search", "local_shell", "image_generation", "mcp", "code_interpreter", "tool_search");

    private ResponsesValidator() {
    }

    /** What the real service answers with a 400, or null when the request is valid. */
    static String invalid(JsonNode json) {
        if (!json.isObject()) {
            return "The request body must be a JSON object.";
        }
        if (!json.path("model").isTextual() || json.path("model").asText().isEmpty()) {
            return "Missing required parameter: 'model'.";
        }
        if (!json.path("stream").asBoolean(false)) {
            return "fake server: only streamed requests (stream: true) are served";
        }
        if (json.has("previous_response_id")) {
            return "fake server: nothing is stored, previous_response_id cannot be served";
        }
        JsonNode tools = json.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!TOOL_TYPES.contains(tool.path("type").asText())) {
                return "Invalid value: '" + tool.path("type").asText() + "'. Supported values are: " + TOOL_TYPES + " (tools[" + i + "].type)";
            }
            if (tool.path("type").asText().equals("function") && !tool.path("name").asText().matches("[a-zA-Z0-9_-]{1,64}")) {
                return "Invalid 'tools[" + i + "].name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.";
            }
        }
        JsonNode input = json.path("input");
        if (input.isTextual()) {
            return null;
        }
        if (!input.isArray()) {
            return "Missing required parameter: 'input'.";
        }
        java.util.Set<String> calls = new java.util.LinkedHashSet<>();
        java.util.Set<String> answered = new java.util.HashSet<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String type = item.path("type").asText("message");
            if (!ITEM_TYPES.contains(type)) {
                return "Invalid value: '" + type + "'. (input[" + i + "].type)";
            }
            switch (type) {
                case "message" -> {
                    String problem = invalidMessage(item, i);
                    if (problem != null) {
                        return problem;
                    }
                }
                case "function_call" -> {
                    if (!item.path("call_id").isTextual() || !item.path("name").isTextual() || !item.path("arguments").isTextual()) {
                        return "Missing required parameter: 'input[" + i + "].call_id', 'name' or 'arguments'.";
                    }
                    calls.add(item.path("call_id").asText());
                }
                case "function_call_output" -> {
                    String id = item.path("call_id").asText();
                    if (!calls.contains(id)) {
                        return "No tool call found for function call output with call_id " + id + ".";
                    }
                    if (!item.path("output").isTextual() && !item.path("output").isArray()) {
                        return "Missing required parameter: 'input[" + i + "].output'.";
                    }
                    answered.add(id);
                }
                default -> {
                }
            }
        }
        for (String id : calls) {
            if (!answered.contains(id)) {
                return "No tool output found for function call " + id + ".";
            }
        }
        return null;
    }

    private static String invalidMessage(JsonNode item, int i) {
        String role = item.path("role").asText();
        if (!java.util.Set.of("user", "assistant", "system", "developer").contains(role)) {
            return "Invalid value: '" + role + "'. Supported values are: 'assistant', 'system', 'developer', and 'user'. (input[" + i + "].role)";
        }
        JsonNode content = item.path("content");
        if (content.isTextual()) {
            return null;
        }
        if (!content.isArray()) {
            return "Missing required parameter: 'input[" + i + "].content'.";
        }
        for (int j = 0; j < content.size(); j++) {
            String part = content.get(j).path("type").asText();
            boolean fits = role.equals("assistant") ? part.equals("output_text") || part.equals("refusal")
                    : part.equals("input_text") || part.equals("input_image") || part.equals("input_file");
            if (!fits) {
                return "Invalid value: '" + part + "'. Supported values for role " + role + " differ. (input[" + i + "].content[" + j + "].type)";
            }
        }
        return null;
    }
}
