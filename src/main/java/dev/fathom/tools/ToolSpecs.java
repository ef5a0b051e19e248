package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loads a tool's description and schema from the packaged {@code tools/} folder into langchain4j types. */
public final class ToolSpecs {
    private ToolSpecs() {
    }

    public static ToolSpecification load(String name, ObjectMapper json) {
        String description = resource("/tools/" + name + ".md").strip();
        JsonNode schema;
        try {
            schema = json.readTree(resource("/tools/" + name + ".schema.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("tools/" + name + ".schema.json is not valid JSON", e);
        }
        return ToolSpecification.builder().name(name).description(description).parameters((JsonObjectSchema) element(schema)).build();
    }

    static String resource(String path) {
        try (InputStream in = ToolSpecs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the Fathom jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A schema from elsewhere (an MCP server) as a langchain4j object schema, as far as the subset allows; what it
     * cannot express is left out here (requests carry the server's schema verbatim).
     */
    public static JsonObjectSchema objectSchemaOf(JsonNode schema) {
        try {
            if (schema != null && schema.path("type").asText().equals("object")) {
                return (JsonObjectSchema) element(schema);
            }
        } catch (RuntimeException unsupported) {
            // fall through to an empty object schema
        }
        return JsonObjectSchema.builder().build();
    }

    /** Converts one JSON Schema node (the subset tools use) into a langchain4j schema element. */
    static JsonSchemaElement element(JsonNode node) {
        String description = node.hasNonNull("description") ? node.get("description").asText() : null;
        if (node.has("enum")) {
            List<String> values = new ArrayList<>();
            node.get("enum").forEach(v -> values.add(v.asText()));
            return JsonEnumSchema.builder().description(description).enumValues(values).build();
        }
        String type = node.path("type").asText();
        switch (type) {
            case "object": {
                JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description);
                node.path("properties").fields().forEachRemaining(e -> b.addProperty(e.getKey(), element(e.getValue())));
                List<String> required = new ArrayList<>();
                node.path("required").forEach(r -> required.add(r.asText()));
                if (!required.isEmpty()) {
                    b.required(required);
                }
                if (node.has("additionalProperties")) {
                    b.additionalProperties(node.get("additionalProperties").asBoolean());
                }
                return b.build();
            }
            case "array":
                return JsonArraySchema.builder().description(description).items(element(node.path("items"))).build();
            case "string":
                return JsonStringSchema.builder().description(description).build();
            case "integer":
                return JsonIntegerSchema.builder().description(description).build();
            case "number":
                return JsonNumberSchema.builder().description(description).build();
            case "boolean":
                return JsonBooleanSchema.builder().description(description).build();
            default:
                throw new IllegalArgumentException("unsupported schema type '" + type + "' in " + node);
        }
    }
}
