package dev.fathom.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages as the session log stores them: every field the model saw, verbatim (reasoning, the exact argument
 * strings of tool calls), so that a resumed session sends the same bytes as before.
 */
public final class MessageCodec {
    private final ObjectMapper json;

    public MessageCodec(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode encode(ChatMessage m) {
        ObjectNode o = json.createObjectNode();
        if (m instanceof SystemMessage s) {
            o.put("role", "system").put("content", s.text());
        } else if (m instanceof UserMessage u) {
            o.put("role", "user").put("content", u.singleText());
        } else if (m instanceof AiMessage a) {
            o.put("role", "assistant");
            if (a.text() != null) {
                o.put("content", a.text());
            }
            if (a.thinking() != null) {
                o.put("reasoning_content", a.thinking());
            }
            if (a.hasToolExecutionRequests()) {
                ArrayNode calls = o.putArray("tool_calls");
                for (ToolExecutionRequest c : a.toolExecutionRequests()) {
                    calls.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.arguments());
                }
            }
        } else if (m instanceof ToolExecutionResultMessage r) {
            o.put("role", "tool").put("tool_call_id", r.id()).put("name", r.toolName()).put("content", r.text());
        } else {
            throw new IllegalArgumentException("cannot store a message of type " + m.type());
        }
        return o;
    }

    public ChatMessage decode(JsonNode o) {
        String role = o.path("role").asText();
        return switch (role) {
            case "system" -> SystemMessage.from(o.path("content").asText());
            case "user" -> UserMessage.from(o.path("content").asText());
            case "assistant" -> {
                List<ToolExecutionRequest> calls = new ArrayList<>();
                for (JsonNode c : o.path("tool_calls")) {
                    calls.add(ToolExecutionRequest.builder().id(c.path("id").asText()).name(c.path("name").asText())
                            .arguments(c.path("arguments").asText()).build());
                }
                yield AiMessage.builder().text(o.hasNonNull("content") ? o.get("content").asText() : null)
                        .thinking(o.hasNonNull("reasoning_content") ? o.get("reasoning_content").asText() : null)
                        .toolExecutionRequests(calls).build();
            }
            case "tool" -> ToolExecutionResultMessage.from(o.path("tool_call_id").asText(), o.path("name").asText(),
                    o.path("content").asText());
            default -> throw new IllegalArgumentException("unknown role '" + role + "' in the session log");
        };
    }
}
