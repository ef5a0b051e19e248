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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Serializes a langchain4j {@link ChatRequest} into V4's wire JSON, byte-stable: fixed key order, no optional
 * whitespace, tool arguments copied as the exact string the model produced, and {@code reasoning_content} on every
 * assistant message whenever tools are sent ({@code ""} where there was none).
 */
public final class RequestWriter {
    private static final JsonFactory JSON = new JsonFactory();
    /** Metadata key of a tool specification whose parameters are sent as this exact JSON text. */
    public static final String RAW_PARAMETERS = "fathom.rawParameters";

    private RequestWriter() {
    }

    public static String write(ChatRequest request, V4Options options) {
        return write(request, options, null);
    }

    /**
     * Serializes a request, reusing from {@code cache} (when given) the JSON of messages it serialized for an earlier
     * request: between compactions a request is the previous one plus a tail, so only the tail is new work.
     */
    public static String write(ChatRequest request, V4Options options, MessageCache cache) {
        return new String(writeBytes(request, options, cache), StandardCharsets.UTF_8);
    }

    /**
     * The request body as UTF-8, assembled from the cached bytes of messages already sent plus the new tail: at a
     * million tokens, re-encoding the whole conversation each turn would cost more than the rest of the turn.
     */
    public static byte[] writeBytes(ChatRequest request, V4Options options, MessageCache cache) {
        List<ToolSpecification> tools = request.toolSpecifications() == null ? List.of() : request.toolSpecifications();
        boolean withTools = !tools.isEmpty();
        String reasoningField = options.dialect().reasoningReplayField();
        List<byte[]> messages = cache != null ? cache.serialize(request.messages(), withTools, reasoningField)
                : serializeAll(request.messages(), withTools, reasoningField);
        byte[] toolsJson = withTools ? (cache != null ? cache.tools(tools) : writeTools(tools).getBytes(StandardCharsets.UTF_8)) : null;
        StringBuilder headText = new StringBuilder("{\"model\":");
        quote(headText, request.modelName() != null ? request.modelName() : options.model());
        byte[] head = headText.append(",\"messages\":[").toString().getBytes(StandardCharsets.UTF_8);
        return assemble(head, messages, toolsJson, tail(request, options, withTools));
    }

    /**
     * Joins the parts of a body: {@code head} ends with the opening bracket of the messages array, the messages get a
     * comma between each two, then the closing bracket, the tools (when not null) and {@code tail} (from its leading comma
     * to the closing brace). The result has exactly the bytes of the parts: a real server rejects even a trailing NUL.
     */
    static byte[] assemble(byte[] head, List<byte[]> messages, byte[] toolsJson, byte[] tail) {
        int size = head.length + Math.max(0, messages.size() - 1) + 1
                + (toolsJson != null ? TOOLS_KEY.length + toolsJson.length : 0) + tail.length;
        for (byte[] m : messages) {
            size += m.length;
        }
        byte[] out = new byte[size];
        int at = put(out, 0, head);
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            at = put(out, at, messages.get(i));
        }
        out[at++] = ']';
        if (toolsJson != null) {
            at = put(out, at, TOOLS_KEY);
            at = put(out, at, toolsJson);
        }
        at = put(out, at, tail);
        if (at != out.length) {
            throw new IllegalStateException("request body assembled to " + at + " of " + out.length + " bytes");
        }
        return out;
    }

    private static final byte[] TOOLS_KEY = ",\"tools\":".getBytes(StandardCharsets.UTF_8);

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    /** The fields after messages and tools, always in the same order, from the leading comma to the closing brace. */
    private static byte[] tail(ChatRequest request, V4Options options, boolean withTools) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (withTools && request.toolChoice() != null) {
                g.writeStringField("tool_choice", request.toolChoice() == ToolChoice.NONE ? "none" : "auto");
            }
            if (options.dialect().sendsThinkingType()) {
                g.writeObjectFieldStart("thinking");
                g.writeStringField("type", options.thinking() ? "enabled" : "disabled");
                g.writeEndObject();
            }
            if (options.dialect().sendsTemplateThinking()) {
                // vLLM and SGLang pass these to the chat template; SGLang's default is off, so it is always sent.
                g.writeObjectFieldStart("chat_template_kwargs");
                g.writeBooleanField("thinking", options.thinking());
                g.writeEndObject();
            }
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
        String fields = out.toString();
        return ("," + fields.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> serializeAll(List<ChatMessage> messages, boolean withTools, String reasoningField) {
        List<byte[]> out = new java.util.ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            out.add(message(m, withTools, reasoningField));
        }
        return out;
    }

    /** One message as V4 wire JSON, UTF-8, with earlier reasoning in {@code reasoningField} (the dialect's). */
    static byte[] message(ChatMessage m, boolean withTools, String reasoningField) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeMessage(g, m, withTools, reasoningField);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void quote(StringBuilder sb, String s) {
        StringWriter out = new StringWriter(s.length() + 2);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sb.append(out);
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

    private static void writeMessage(JsonGenerator g, ChatMessage m, boolean withTools, String reasoningField) throws IOException {
        g.writeStartObject();
        if (m instanceof SystemMessage s) {
            g.writeStringField("role", "system");
            g.writeStringField("content", clean(s.text()));
        } else if (m instanceof UserMessage u) {
            g.writeStringField("role", "user");
            g.writeStringField("content", clean(u.singleText()));
        } else if (m instanceof AiMessage a) {
            g.writeStringField("role", "assistant");
            // V4 rejects content:null without tool calls; "" is always accepted.
            g.writeStringField("content", a.text() == null ? "" : clean(a.text()));
            String reasoning = a.thinking() == null ? "" : clean(a.thinking());
            if (withTools || !reasoning.isEmpty()) {
                g.writeStringField(reasoningField, reasoning);
            }
            if (a.hasToolExecutionRequests()) {
                g.writeArrayFieldStart("tool_calls");
                for (ToolExecutionRequest call : a.toolExecutionRequests()) {
                    g.writeStartObject();
                    g.writeStringField("id", call.id());
                    g.writeStringField("type", "function");
                    g.writeObjectFieldStart("function");
                    g.writeStringField("name", call.name());
                    g.writeStringField("arguments", clean(call.arguments()));
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        } else if (m instanceof ToolExecutionResultMessage r) {
            g.writeStringField("role", "tool");
            g.writeStringField("tool_call_id", r.id());
            g.writeStringField("content", clean(r.text()));
        } else {
            throw new IllegalArgumentException("V4 has no role for message type " + m.type());
        }
        g.writeEndObject();
    }

    /**
     * The backstop against lone surrogates: text cut between the halves of a pair somewhere upstream would otherwise
     * be written as a lone surrogate escape, which strict servers reject, in this and every later request.
     */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static void writeTool(JsonGenerator g, ToolSpecification t) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", t.name());
        g.writeStringField("description", clean(t.description()));
        g.writeFieldName("parameters");
        Object raw = t.metadata() == null ? null : t.metadata().get(RAW_PARAMETERS);
        if (raw instanceof String rawJson) {
            g.writeRawValue(rawJson); // an MCP server's schema, exactly as it gave it
        } else {
            writeSchema(g, t.parameters() != null ? t.parameters() : JsonObjectSchema.builder().build());
        }
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
