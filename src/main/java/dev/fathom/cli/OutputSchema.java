package dev.fathom.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code --output-schema}: a JSON Schema the final answer must satisfy. Fathom checks the subset that shapes data
 * (type, properties, required, items, enum, additionalProperties); a schema using any other checking keyword is refused
 * up front rather than half-checked.
 */
final class OutputSchema {
    private static final Set<String> CHECKED = Set.of("type", "properties", "required", "items", "enum", "additionalProperties");
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "examples", "default", "$comment");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");

    private final JsonNode schema;
    private final String text;

    private OutputSchema(JsonNode schema, String text) {
        this.schema = schema;
        this.text = text;
    }

    static OutputSchema load(Path file, ObjectMapper json) {
        String text;
        JsonNode schema;
        try {
            text = Files.readString(file);
            schema = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("--output-schema " + file + " is not valid JSON: " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new ConfigException("--output-schema " + file + ": cannot read it (" + e.getMessage() + ").");
        }
        if (schema == null || !schema.isObject()) {
            throw new ConfigException("--output-schema " + file + " must hold a JSON Schema object.");
        }
        String problem = unsupported(schema, "$");
        if (problem != null) {
            throw new ConfigException("--output-schema " + file + ": " + problem);
        }
        return new OutputSchema(schema, text.strip());
    }

    /** What the model is told, after the task. */
    String instructions() {
        return "\n\nYour final answer must be one JSON value and nothing else (no prose, no code fence) that validates against"
                + " this JSON Schema:\n" + text;
    }

    /** The answer as JSON (a whole-answer code fence is tolerated), or a ConfigException saying why it does not validate. */
    JsonNode check(String answer, ObjectMapper json) {
        String body = answer == null ? "" : answer.strip();
        if (body.startsWith("```") && body.endsWith("```") && body.length() > 6) {
            body = body.substring(body.indexOf('\n') + 1, body.length() - 3).strip();
        }
        JsonNode value;
        try {
            value = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ConfigException("the answer is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (value == null || value.isMissingNode()) {
            throw new ConfigException("the answer is empty");
        }
        String problem = validate(schema, value, "$");
        if (problem != null) {
            throw new ConfigException(problem);
        }
        return value;
    }

    private static String unsupported(JsonNode schema, String at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = f.getKey();
            if (!CHECKED.contains(k) && !ANNOTATIONS.contains(k)) {
                return "'" + k + "' at " + at + " is not checked by fathom; use only " + String.join(", ", CHECKED.stream().sorted().toList()) + ".";
            }
        }
        for (JsonNode t : schema.path("type").isArray() ? schema.get("type") : java.util.List.of(schema.path("type"))) {
            if (!t.isMissingNode() && !TYPES.contains(t.asText())) {
                return "unknown type '" + t.asText() + "' at " + at + ".";
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            String inner = unsupported(p.getValue(), at + "." + p.getKey());
            if (inner != null) {
                return inner;
            }
        }
        JsonNode items = schema.get("items");
        JsonNode extra = schema.get("additionalProperties");
        return items != null && items.isObject() ? unsupported(items, at + "[]")
                : extra != null && extra.isObject() ? unsupported(extra, at + ".*") : null;
    }

    /** The first way {@code value} breaks {@code schema}, as "$.path: what", or null. */
    static String validate(JsonNode schema, JsonNode value, String at) {
        JsonNode type = schema.get("type");
        if (type != null) {
            boolean any = false;
            for (JsonNode t : type.isArray() ? type : java.util.List.of(type)) {
                any |= hasType(value, t.asText());
            }
            if (!any) {
                return at + ": expected " + (type.isArray() ? type.toString() : type.asText()) + ", got " + typeOf(value);
            }
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray()) {
            boolean found = false;
            for (JsonNode a : allowed) {
                found |= a.equals(value) || a.isNumber() && value.isNumber() && a.decimalValue().compareTo(value.decimalValue()) == 0;
            }
            if (!found) {
                return at + ": " + value + " is not one of " + allowed;
            }
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    return at + ": the required property '" + r.asText() + "' is missing";
                }
            }
            JsonNode properties = schema.path("properties");
            JsonNode extra = schema.get("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode sub = properties.get(f.getKey());
                if (sub == null && extra != null && extra.isBoolean() && !extra.asBoolean()) {
                    return at + ": the property '" + f.getKey() + "' is not allowed";
                }
                JsonNode check = sub != null ? sub : extra != null && extra.isObject() ? extra : null;
                String problem = check == null ? null : validate(check, f.getValue(), at + "." + f.getKey());
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                String problem = validate(schema.get("items"), value.get(i), at + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber() || v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0;
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> false;
        };
    }

    private static String typeOf(JsonNode v) {
        return v.isObject() ? "object" : v.isArray() ? "array" : v.isTextual() ? "string" : v.isNumber() ? "number"
                : v.isBoolean() ? "boolean" : "null";
    }
}
