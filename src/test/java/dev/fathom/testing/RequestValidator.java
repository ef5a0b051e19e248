package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks the real V4 service applies to a chat request, each answering with the service's own message: model
 * names, roles, the reasoning_content replay rule, tool-call/result pairing, content rules, tool_choice in thinking
 * mode, tool names. Returns null when the request is valid.
 */
final class RequestValidator {
    static final String REASONING_MESSAGE = "The `reasoning_content` in the thinking mode must be passed back to the API.";
    private static final Set<String> MODELS = Set.of("deepseek-v4-pro", "deepseek-v4-flash", "deepseek-flash");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_OUTPUT_TOKENS = 393_216;
    private static final Set<String> EFFORTS = Set.of("low", "high", "max", "none");

    boolean legacyReasoningRule;

    String check(JsonNode req) {
        if (!req.isObject()) {
            return "Failed to deserialize the JSON body into the target type";
        }
        if (!MODELS.contains(req.path("model").asText())) {
            return "Model Not Exist";
        }
        if (!req.path("stream").asBoolean(false)) {
            return "fake server: only streaming requests are supported";
        }
        JsonNode messages = req.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages must be a non-empty array";
        }
        String parameters = checkParameters(req);
        if (parameters != null) {
            return parameters;
        }
        boolean thinking = !"disabled".equals(req.path("thinking").path("type").asText("enabled"));
        JsonNode tools = req.get("tools");
        boolean withTools = tools != null && tools.isArray() && !tools.isEmpty();
        String toolsProblem = checkTools(req, tools, thinking);
        if (toolsProblem != null) {
            return toolsProblem;
        }
        Set<String> pending = new LinkedHashSet<>();
        Set<String> answered = new HashSet<>();
        Set<String> callIds = new HashSet<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText();
            if (!ROLES.contains(role)) {
                return "Failed to deserialize the JSON body into the target type: unknown variant `" + role + "`";
            }
            if (!pending.isEmpty() && !role.equals("tool")) {
                return "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
                        + "(insufficient tool messages following tool_calls message)";
            }
            String problem = switch (role) {
                case "assistant" -> checkAssistant(m, thinking && withTools, pending, callIds);
                case "tool" -> checkTool(m, pending, answered);
                default -> m.path("content").isTextual() ? null : "content must be a string for role " + role;
            };
            if (problem != null) {
                return problem;
            }
        }
        if (!pending.isEmpty()) {
            return "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
                    + "(insufficient tool messages following tool_calls message)";
        }
        return null;
    }

    /** The top-level parameters Fathom sends, with the values the service accepts. */
    private static String checkParameters(JsonNode req) {
        JsonNode maxTokens = req.get("max_tokens");
        if (maxTokens != null && (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1 || maxTokens.asLong() > MAX_OUTPUT_TOKENS)) {
            return "Invalid max_tokens value, the valid range of max_tokens is [1, " + MAX_OUTPUT_TOKENS + "]";
        }
        JsonNode thinking = req.get("thinking");
        if (thinking != null && (!thinking.isObject() || !Set.of("enabled", "disabled").contains(thinking.path("type").asText()))) {
            return "Failed to deserialize the JSON body into the target type: thinking.type: unknown variant, expected `enabled` or `disabled`";
        }
        JsonNode effort = req.get("reasoning_effort");
        if (effort != null && !EFFORTS.contains(effort.asText(""))) {
            return "Failed to deserialize the JSON body into the target type: reasoning_effort: unknown variant `" + effort.asText() + "`";
        }
        JsonNode choice = req.get("tool_choice");
        if (choice != null && !(choice.isTextual() && Set.of("none", "auto", "required").contains(choice.asText()))
                && !(choice.isObject() && "function".equals(choice.path("type").asText()) && choice.path("function").path("name").isTextual())) {
            return "Failed to deserialize the JSON body into the target type: tool_choice";
        }
        JsonNode options = req.get("stream_options");
        if (options != null && (!options.isObject() || (options.has("include_usage") && !options.get("include_usage").isBoolean()))) {
            return "Failed to deserialize the JSON body into the target type: stream_options";
        }
        return null;
    }

    private String checkTools(JsonNode req, JsonNode tools, boolean thinking) {
        if (tools != null && tools.isArray()) {
            if (tools.size() > 128) {
                return "too many tools: at most 128";
            }
            for (JsonNode t : tools) {
                String name = t.path("function").path("name").asText();
                if (!"function".equals(t.path("type").asText()) || !TOOL_NAME.matcher(name).matches()) {
                    return "Invalid tool: type must be function and name must match ^[a-zA-Z0-9_-]{1,64}$";
                }
                if (!t.path("function").path("parameters").isObject()) {
                    return "Invalid tool " + name + ": parameters must be a JSON Schema object";
                }
            }
        }
        JsonNode choice = req.get("tool_choice");
        if (thinking && choice != null && (choice.isObject() || "required".equals(choice.asText()))) {
            return "deepseek-reasoner does not support this tool_choice";
        }
        return null;
    }

    private String checkAssistant(JsonNode m, boolean reasoningRequired, Set<String> pending, Set<String> callIds) {
        JsonNode calls = m.get("tool_calls");
        boolean hasCalls = calls != null && calls.isArray() && !calls.isEmpty();
        JsonNode content = m.get("content");
        if ((content == null || content.isNull()) && !hasCalls) {
            return "content or tool_calls must be set";
        }
        JsonNode reasoning = m.get("reasoning_content");
        if (reasoning != null && !reasoning.isTextual() && !reasoning.isNull()) {
            return "reasoning_content must be a string";
        }
        boolean needed = reasoningRequired && (!legacyReasoningRule || hasCalls);
        if (needed && (reasoning == null || reasoning.isNull())) {
            return REASONING_MESSAGE;
        }
        if (hasCalls) {
            for (JsonNode c : calls) {
                if (!c.path("id").isTextual() || !c.path("function").path("arguments").isTextual()) {
                    return "tool_calls[].id and tool_calls[].function.arguments must be strings";
                }
                if (!"function".equals(c.path("type").asText()) || !TOOL_NAME.matcher(c.path("function").path("name").asText()).matches()) {
                    return "Failed to deserialize the JSON body into the target type: tool_calls[].type must be `function` and "
                            + "tool_calls[].function.name a tool name";
                }
                if (!callIds.add(c.path("id").asText())) {
                    return "Duplicate tool_call id " + c.path("id").asText();
                }
                pending.add(c.path("id").asText());
            }
        }
        return null;
    }

    private static String checkTool(JsonNode m, Set<String> pending, Set<String> answered) {
        String id = m.path("tool_call_id").asText(null);
        if (id == null || !pending.remove(id)) {
            return answered.contains(id) ? "Duplicate tool message for tool_call_id " + id
                    : "Messages with role 'tool' must be a response to a preceding message with 'tool_calls'";
        }
        answered.add(id);
        return m.path("content").isTextual() ? null : "content must be a string for role tool";
    }
}
