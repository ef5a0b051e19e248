package dev.fathom.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Serializes a langchain4j {@link ChatRequest} into V4's wire JSON, byte-stable: fixed key order, no optional
 * whitespace, tool arguments copied as the exact string the model produced, and {@code reasoning_content} on every
 * assistant message whenever tools are sent ({@code ""} where there was none).
 */
public final class RequestWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private RequestWriter() {
    }

    public static String write(ChatRequest request, V4Options options) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            List<ToolSpecification> tools = request.toolSpecifications() == null ? List.of() : request.toolSpecifications();
            boolean withTools = !tools.isEmpty();
            g.writeStartObject();
            g.writeStringField("model", request.modelName() != null ? request.modelName() : options.model());
            g.writeArrayFieldStart("messages");
            for (ChatMessage m : request.messages()) {
                writeMessage(g, m, withTools);
            }
            g.writeEndArray();
            if (withTools) {
                g.writeArrayFieldStart("tools");
                for (ToolSpecification t : tools) {
                    writeTool(g, t);
                }
                g.writeEndArray();
                if (request.toolChoice() != null) {
                    g.writeStringField("tool_choice", request.toolChoice() == ToolChoice.NONE ? "none" : "auto");
                }
            }
            g.writeObjectFieldStart("thinking");
            g.writeStringField("type", options.thinking() ? "enabled" : "disabled");
            g.writeEndObject();
            if (options.thinking() && options.effort() != null) {
                g.writeStringField("reasoning_effort", options.effort());
            }
            Integer maxTokens = request.maxOutputTokens() != null ? request.maxOutputTokens() : options.maxOutputTokens();
            if (maxTokens != null) {
                g.writeNumberField("max_tokens", maxTokens);
            }
            g.writeBooleanField("stream", true);
            g.writeObjectFieldStart("stream_options");
            g.writeBooleanField("include_usage", true);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The {@code tools} array exactly as requests carry it (what the model sees of the tools). */
    public static String writeTools(List<ToolSpecification> tools) {
        StringWriter out = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (ToolSpecification t : tools) {
                writeTool(g, t);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeMessage(JsonGenerator g, ChatMessage m, boolean withTools) throws IOException {
        g.writeStartObject();
        if (m instanceof SystemMessage s) {
            g.writeStringField("role", "system");
            g.writeStringField("content", s.text());
        } else if (m instanceof UserMessage u) {
            g.writeStringField("role", "user");
            g.writeStringField("content", u.singleText());
        } else if (m instanceof AiMessage a) {
            g.writeStringField("role", "assistant");
            // V4 rejects content:null without tool calls; "" is always accepted.
            g.writeStringField("content", a.text() == null ? "" : a.text());
            String reasoning = a.thinking() == null ? "" : a.thinking();
            if (withTools || !reasoning.isEmpty()) {
                g.writeStringField("reasoning_content", reasoning);
            }
            if (a.hasToolExecutionRequests()) {
                g.writeArrayFieldStart("tool_calls");
                for (ToolExecutionRequest call : a.toolExecutionRequests()) {
                    g.writeStartObject();
                    g.writeStringField("id", call.id());
                    g.writeStringField("type", "function");
                    g.writeObjectFieldStart("function");
                    g.writeStringField("name", call.name());
                    g.writeStringField("arguments", call.arguments());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        } else if (m instanceof ToolExecutionResultMessage r) {
            g.writeStringField("role", "tool");
            g.writeStringField("tool_call_id", r.id());
            g.writeStringField("content", r.text());
        } else {
            throw new IllegalArgumentException("V4 has no role for message type " + m.type());
        }
        g.writeEndObject();
    }

    private static void writeTool(JsonGenerator g, ToolSpecification t) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", t.name());
        g.writeStringField("description", t.description());
        g.writeFieldName("parameters");
        writeSchema(g, t.parameters() != null ? t.parameters() : JsonObjectSchema.builder().build());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Writes a langchain4j schema element as JSON Schema, keys in a fixed order. */
    public static void writeSchema(JsonGenerator g, JsonSchemaElement e) throws IOException {
        g.writeStartObject();
        if (e instanceof JsonObjectSchema o) {
            g.writeStringField("type", "object");
            writeDescription(g, o.description());
            g.writeObjectFieldStart("properties");
            for (Map.Entry<String, JsonSchemaElement> p : o.properties().entrySet()) {
                g.writeFieldName(p.getKey());
                writeSchema(g, p.getValue());
            }
            g.writeEndObject();
            if (o.required() != null && !o.required().isEmpty()) {
                g.writeArrayFieldStart("required");
                for (String r : o.required()) {
                    g.writeString(r);
                }
                g.writeEndArray();
            }
            if (o.additionalProperties() != null) {
                g.writeBooleanField("additionalProperties", o.additionalProperties());
            }
        } else if (e instanceof JsonArraySchema a) {
            g.writeStringField("type", "array");
            writeDescription(g, a.description());
            g.writeFieldName("items");
            writeSchema(g, a.items());
        } else if (e instanceof JsonEnumSchema en) {
            g.writeStringField("type", "string");
            writeDescription(g, en.description());
            g.writeArrayFieldStart("enum");
            for (String v : en.enumValues()) {
                g.writeString(v);
            }
            g.writeEndArray();
        } else if (e instanceof JsonStringSchema s) {
            g.writeStringField("type", "string");
            writeDescription(g, s.description());
        } else if (e instanceof JsonIntegerSchema i) {
            g.writeStringField("type", "integer");
            writeDescription(g, i.description());
        } else if (e instanceof JsonNumberSchema n) {
            g.writeStringField("type", "number");
            writeDescription(g, n.description());
        } else if (e instanceof JsonBooleanSchema b) {
            g.writeStringField("type", "boolean");
            writeDescription(g, b.description());
        } else {
            throw new IllegalArgumentException("unsupported schema element " + e.getClass().getSimpleName());
        }
        g.writeEndObject();
    }

    private static void writeDescription(JsonGenerator g, String description) throws IOException {
        if (description != null) {
            g.writeStringField("description", description);
        }
    }
}
