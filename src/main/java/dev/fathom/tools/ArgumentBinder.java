package dev.fathom.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.Map;

/**
 * Turns the argument string a model sent into a tool's argument record, checking it against the tool's schema first
 * so that every mistake gets a precise message: malformed JSON, a missing or wrongly typed parameter, a bad enum value.
 */
final class ArgumentBinder {
    private final ObjectMapper mapper;

    ArgumentBinder() {
        this.mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    <A extends Record> A bind(String toolName, String arguments, JsonObjectSchema schema, Class<A> type) throws ToolException {
        JsonNode node;
        String text = arguments == null || arguments.isBlank() ? "{}" : arguments;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ToolException("The arguments for " + toolName + " are not valid JSON (" + e.getOriginalMessage()
                    + "). Send one JSON object with the parameters of the tool's schema.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ToolException("The arguments for " + toolName + " must be a JSON object, not " + node.getNodeType().name().toLowerCase()
                    + ".");
        }
        checkObject(toolName, "", object, schema);
        try {
            return mapper.treeToValue(object, type);
        } catch (JsonProcessingException e) {
            throw new ToolException("The arguments for " + toolName + " do not fit its schema: " + e.getOriginalMessage());
        }
    }

    /** Checks an object's required and typed properties; {@code prefix} names where it sits ("items[2]."). */
    private static void checkObject(String tool, String prefix, ObjectNode object, JsonObjectSchema schema) throws ToolException {
        for (String required : schema.required() == null ? java.util.List.<String>of() : schema.required()) {
            JsonNode v = object.get(required);
            if (v == null || v.isNull()) {
                throw new ToolException("Missing required parameter '" + prefix + required + "' for " + tool + ".");
            }
        }
        for (Map.Entry<String, JsonSchemaElement> p : schema.properties().entrySet()) {
            JsonNode v = object.get(p.getKey());
            if (v != null && !v.isNull()) {
                checkType(tool, prefix + p.getKey(), p.getKey(), v, p.getValue(), object);
            }
        }
    }

    /**
     * Checks one value against its schema, recursing into arrays and objects. A number or boolean sent as a string is
     * accepted and converted in place, as models often send them that way.
     */
    private static void checkType(String tool, String name, String key, JsonNode v, JsonSchemaElement s, ObjectNode parent)
            throws ToolException {
        if (s instanceof JsonStringSchema && !v.isTextual()) {
            throw wrongType(tool, name, "a string", v);
        } else if (s instanceof JsonIntegerSchema) {
            if (v.isTextual() && v.asText().trim().matches("-?\\d{1,9}")) {
                parent.put(key, Integer.parseInt(v.asText().trim()));
            } else if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
                throw wrongType(tool, name, "an integer", v);
            }
        } else if (s instanceof JsonNumberSchema && !v.isNumber()) {
            throw wrongType(tool, name, "a number", v);
        } else if (s instanceof JsonBooleanSchema) {
            if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
                parent.put(key, Boolean.parseBoolean(v.asText()));
            } else if (!v.isBoolean()) {
                throw wrongType(tool, name, "true or false", v);
            }
        } else if (s instanceof JsonEnumSchema e) {
            if (!v.isTextual() || !e.enumValues().contains(v.asText())) {
                throw new ToolException("Parameter '" + name + "' of " + tool + " must be one of " + e.enumValues() + ", got " + v + ".");
            }
        } else if (s instanceof JsonArraySchema a) {
            if (!v.isArray()) {
                throw wrongType(tool, name, "an array", v);
            }
            for (int i = 0; i < v.size(); i++) {
                JsonNode item = v.get(i);
                String itemName = name + "[" + i + "]";
                if (a.items() instanceof JsonObjectSchema o) {
                    if (!(item instanceof ObjectNode itemObject)) {
                        throw wrongType(tool, itemName, "an object", item);
                    }
                    checkObject(tool, itemName + ".", itemObject, o);
                } else if (item == null || item.isNull()) {
                    throw wrongType(tool, itemName, "a value", item);
                } else {
                    checkItem(tool, itemName, item, a.items());
                }
            }
        } else if (s instanceof JsonObjectSchema o) {
            if (!(v instanceof ObjectNode obj)) {
                throw wrongType(tool, name, "an object", v);
            }
            checkObject(tool, name + ".", obj, o);
        }
    }

    /** Array items of a scalar type: checked without conversion (there is no parent object to convert into). */
    private static void checkItem(String tool, String name, JsonNode item, JsonSchemaElement s) throws ToolException {
        if (s instanceof JsonStringSchema && !item.isTextual()) {
            throw wrongType(tool, name, "a string", item);
        } else if (s instanceof JsonIntegerSchema && !item.isIntegralNumber()) {
            throw wrongType(tool, name, "an integer", item);
        } else if (s instanceof JsonBooleanSchema && !item.isBoolean()) {
            throw wrongType(tool, name, "true or false", item);
        } else if (s instanceof JsonEnumSchema e && (!item.isTextual() || !e.enumValues().contains(item.asText()))) {
            throw new ToolException("Parameter '" + name + "' of " + tool + " must be one of " + e.enumValues() + ", got " + item + ".");
        }
    }

    private static ToolException wrongType(String tool, String name, String expected, JsonNode got) {
        String shown = got.toString();
        if (shown.length() > 60) {
            shown = TextCuts.head(shown, 60) + "…";
        }
        return new ToolException("Parameter '" + name + "' of " + tool + " must be " + expected + ", got "
                + got.getNodeType().name().toLowerCase() + " " + shown + ".");
    }
}
