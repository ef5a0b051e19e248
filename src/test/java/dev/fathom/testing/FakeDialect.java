package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link FakeV4Server} plays each server that serves V4 (reference section 15). What it does:
 * <ul>
 *   <li>{@code DEEPSEEK}: top-level {@code thinking:{type}} (default on), {@code delta.reasoning_content}, usage on the
 *       last chunk with {@code prompt_cache_hit_tokens}/{@code prompt_cache_miss_tokens}, both detail objects, and
 *       {@code GET /models} listing {@code deepseek-flash} and {@code deepseek-v4-pro} owned by {@code deepseek}.</li>
 *   <li>{@code VLLM}: reads {@code chat_template_kwargs.thinking} (default on), ignores top-level {@code thinking};
 *       streams {@code delta.reasoning}; usage as a separate last chunk with {@code choices: []}, only
 *       {@code prompt_tokens_details.cached_tokens} (as with {@code --enable-prompt-tokens-details}), no reasoning
 *       tokens; {@code GET /models} with {@code owned_by:"vllm"} and {@code max_model_len}; an unknown model is a 404
 *       {@code The model `X` does not exist.} in an {@code error} object.</li>
 *   <li>{@code SGLANG}: reads {@code chat_template_kwargs.thinking} with thinking OFF by default;
 *       {@code delta.reasoning_content}; usage as a separate last chunk with {@code prompt_tokens_details.cached_tokens}
 *       and {@code usage.reasoning_tokens}; {@code owned_by:"sglang"}; errors as a top-level
 *       {@code {"object":"error","message",...}} body.</li>
 * </ul>
 * How the real servers differ from this fake: vLLM and SGLang render the conversation through the model's chat
 * template, so a replayed reasoning field they do not read is silently dropped rather than rejected (the fake renames
 * vLLM's {@code reasoning} back and then applies DeepSeek's stricter reasoning rule to every dialect); vLLM older than
 * PR #33402 streamed {@code reasoning_content} and read {@code enable_thinking}; SGLang's unknown-model status and text
 * are not verified (the reference says "400/404 with a message"; the fake answers 404); both report cache hits only when
 * started with {@code --enable-prompt-tokens-details} / {@code --enable-cache-report} (the fake always does); neither
 * checks the API key unless started with {@code --api-key}; and the served window is the real {@code max_model_len},
 * not 1M.
 */
public enum FakeDialect {
    DEEPSEEK, VLLM, SGLANG;

    /** Whether a request asks for thinking, read the way this server reads it. */
    boolean thinking(JsonNode request) {
        return switch (this) {
            case DEEPSEEK -> !"disabled".equals(request.path("thinking").path("type").asText());
            case VLLM -> request.path("chat_template_kwargs").path("thinking").asBoolean(true);
            case SGLANG -> request.path("chat_template_kwargs").path("thinking").asBoolean(false);
        };
    }

    /** The request as DeepSeek would have received it, for the shared validator: model and thinking as this server read them. */
    JsonNode asDeepSeek(JsonNode request, String validModel) {
        if (this == DEEPSEEK) {
            return request;
        }
        ObjectNode copy = request.deepCopy();
        copy.put("model", validModel);
        copy.putObject("thinking").put("type", thinking(request) ? "enabled" : "disabled");
        if (this == VLLM) {
            for (JsonNode m : copy.path("messages")) {
                if (m.has("reasoning") && m instanceof ObjectNode o) {
                    o.set("reasoning_content", o.remove("reasoning")); // vLLM's own rename, the other way round
                }
            }
        }
        return copy;
    }

    /** The delta as this server streams it. */
    ObjectNode delta(ObjectNode deepSeekDelta) {
        if (this == VLLM && deepSeekDelta.has("reasoning_content")) {
            JsonNode r = deepSeekDelta.remove("reasoning_content");
            if (!r.isNull()) {
                deepSeekDelta.set("reasoning", r);
            }
        }
        return deepSeekDelta;
    }

    /** Whether usage rides on the chunk with the finish reason (DeepSeek) or comes as its own {@code choices: []} chunk. */
    boolean usageOnLastChunk() {
        return this == DEEPSEEK;
    }

    /** The usage object as this server reports it, from the fake's full figures. */
    JsonNode usage(int prompt, int completion, int hit, int reasoningTokens) {
        ObjectNode u = FakeV4Server.JSON.createObjectNode();
        u.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
        switch (this) {
            case DEEPSEEK -> {
                u.putObject("prompt_tokens_details").put("cached_tokens", hit);
                u.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
                u.put("prompt_cache_hit_tokens", hit).put("prompt_cache_miss_tokens", prompt - hit);
            }
            case VLLM -> u.putObject("prompt_tokens_details").put("cached_tokens", hit);
            case SGLANG -> {
                u.putObject("prompt_tokens_details").put("cached_tokens", hit);
                u.put("reasoning_tokens", reasoningTokens);
            }
        }
        return u;
    }

    /** The {@code GET /models} body for these served models (id → max_model_len). */
    String modelList(Map<String, Integer> served) {
        ObjectNode root = FakeV4Server.JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        served.forEach((id, window) -> {
            ObjectNode m = data.addObject().put("id", id).put("object", "model").put("owned_by", name().toLowerCase(java.util.Locale.ROOT));
            if (this != DEEPSEEK) {
                m.put("created", 1_790_000_000).put("root", id).put("max_model_len", window);
            }
        });
        return root.toString();
    }

    /** The status and body a self-hosted server answers a model it does not serve with (DeepSeek's is the validator's). */
    Map.Entry<Integer, String> unknownModel(String model) {
        String message = "The model `" + model + "` does not exist.";
        return switch (this) {
            case DEEPSEEK -> throw new IllegalStateException("the validator answers DeepSeek's unknown models");
            case VLLM -> Map.entry(404, "{\"error\":{\"message\":" + FakeV4Server.quote(message)
                    + ",\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}");
            case SGLANG -> Map.entry(404, "{\"object\":\"error\",\"message\":" + FakeV4Server.quote(message)
                    + ",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}");
        };
    }

    /** The models a fresh server of this kind lists, with their served windows (DeepSeek also accepts {@code deepseek-v4-flash}). */
    Map<String, Integer> defaultModels() {
        Map<String, Integer> served = new LinkedHashMap<>();
        if (this == DEEPSEEK) {
            served.put("deepseek-flash", 1_048_576);
            served.put("deepseek-v4-pro", 1_048_576);
        } else {
            served.put("deepseek-ai/DeepSeek-V4-Flash", 262_144);
        }
        return served;
    }
}
