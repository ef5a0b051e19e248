package dev.fathom.testing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Parses a request body as strictly as the strictest server that serves V4: DeepSeek's own API (Rust, serde_json) and
 * the Python servers (vLLM, SGLang: {@code json.loads} behind pydantic). A body is accepted only if it is valid UTF-8,
 * one JSON value with nothing after it (not even a NUL byte), with no duplicate keys and no unpaired surrogate, escaped
 * or not.
 *
 * <p>How the real parsers differ from this one: serde_json reports the first error by line and column, and Python's
 * {@code json} accepts duplicate keys (the last wins) and lone surrogate escapes, which pydantic then rejects when it
 * encodes the string as UTF-8. This parser rejects the union of what any of them rejects.
 */
public final class StrictJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();

    private StrictJson() {
    }

    /** A body the strict parser refused, with the reason a real server would give. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** The parsed body, or {@link Invalid} with what is wrong with it. */
    public static JsonNode parse(byte[] body) throws Invalid {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("Failed to deserialize the JSON body: invalid UTF-8");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new Invalid("Failed to deserialize the JSON body into the target type: " + firstLine(e.getMessage()));
        }
        if (node == null || node.isMissingNode()) {
            throw new Invalid("Failed to deserialize the JSON body: EOF while parsing a value");
        }
        String surrogate = loneSurrogate(node, "$");
        if (surrogate != null) {
            throw new Invalid("Failed to deserialize the JSON body: lone surrogate in " + surrogate);
        }
        return node;
    }

    /** The same as {@link #parse}, for tests that only want the reason: null when the body is valid. */
    public static String problem(byte[] body) {
        try {
            parse(body);
            return null;
        } catch (Invalid e) {
            return e.getMessage();
        }
    }

    private static String loneSurrogate(JsonNode node, String where) {
        if (node.isTextual()) {
            return hasLoneSurrogate(node.asText()) ? where : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = loneSurrogate(node.get(i), where + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (hasLoneSurrogate(field.getKey())) {
                    return where + " (a key)";
                }
                String found = loneSurrogate(field.getValue(), where + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
