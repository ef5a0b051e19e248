package dev.fathom.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the chunks of one streamed response into a {@link ChatResponse}: text and reasoning verbatim, tool-call
 * fragments joined per {@code index} (V4 repeats the id on every fragment; only the first counts), usage from
 * whichever chunk carries it. Partial text and reasoning are passed on to the handler as they arrive.
 */
final class StreamAccumulator {
    private final StreamingChatResponseHandler handler;
    private final StreamingHandle streamingHandle;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private boolean sawReasoning;
    private final Map<Integer, ToolCallParts> toolCalls = new TreeMap<>();
    private String id;
    private String model;
    private String finishReason;
    private V4TokenUsage usage;

    private static final class ToolCallParts {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    private final ObjectMapper json;
    private final int maxReplyChars;
    /**
     * The name given to a tool call streamed without one: the call is answered as an unknown tool (so the model can
     * correct itself) instead of the whole response being retried, and the name is valid when the call is replayed.
     */
    static final String NAMELESS_TOOL = "tool_name_missing";

    StreamAccumulator(StreamingChatResponseHandler handler, StreamingHandle streamingHandle, ObjectMapper json, int maxReplyChars) {
        this.handler = handler;
        this.streamingHandle = streamingHandle;
        this.json = json;
        this.maxReplyChars = maxReplyChars;
    }

    /**
     * Takes one parsed {@code data:} chunk. An error chunk throws a {@link V4Exception} classified by its code like
     * an HTTP status (SGLang reports a 400 this way; retrying it cannot help); without a numeric code it is retryable.
     */
    void accept(JsonNode chunk) {
        JsonNode error = chunk.get("error");
        if (error != null) {
            int code = error.path("code").canConvertToInt() && error.path("code").isNumber() ? error.path("code").asInt()
                    : error.path("code").isTextual() && error.path("code").asText().matches("[1-5][0-9][0-9]")
                    ? Integer.parseInt(error.path("code").asText()) : 0;
            if (code >= 400) {
                V4Exception e = HttpErrors.fromResponse(code, chunk.toString(), null, json);
                throw new V4Exception(e.kind(), code, "mid-stream: " + e.getMessage(), e.retryAfter(), null);
            }
            throw new V4Exception(V4Exception.Kind.SERVER, 0,
                    "the endpoint reported an error mid-stream: " + error.path("message").asText(error.toString()), null, null);
        }
        if (id == null && chunk.hasNonNull("id")) {
            id = chunk.get("id").asText();
        }
        if (model == null && chunk.hasNonNull("model")) {
            model = chunk.get("model").asText();
        }
        JsonNode u = chunk.get("usage");
        if (u != null && u.isObject()) {
            usage = parseUsage(u);
        }
        for (JsonNode choice : chunk.path("choices")) {
            acceptDelta(choice.path("delta"));
            JsonNode fr = choice.get("finish_reason");
            if (fr != null && !fr.isNull()) {
                finishReason = fr.asText();
            }
        }
    }

    private void acceptDelta(JsonNode delta) {
        JsonNode r = delta.get("reasoning_content");
        if (r == null || r.isNull()) {
            r = delta.get("reasoning"); // vLLM's name for it
        }
        if (r != null && !r.isNull()) {
            sawReasoning = true;
            String piece = r.asText();
            if (!piece.isEmpty()) {
                checkSize(reasoning, piece, "reasoning");
                reasoning.append(piece);
                handler.onPartialThinking(new PartialThinking(piece), new PartialThinkingContext(streamingHandle));
            }
        }
        JsonNode c = delta.get("content");
        if (c != null && !c.isNull()) {
            String piece = c.asText();
            if (!piece.isEmpty()) {
                checkSize(text, piece, "answer");
                text.append(piece);
                handler.onPartialResponse(new PartialResponse(piece), new PartialResponseContext(streamingHandle));
            }
        }
        for (JsonNode call : delta.path("tool_calls")) {
            int index = call.path("index").asInt(toolCalls.size());
            ToolCallParts parts = toolCalls.computeIfAbsent(index, k -> new ToolCallParts());
            if (parts.id == null && call.hasNonNull("id")) {
                parts.id = call.get("id").asText();
            }
            JsonNode fn = call.path("function");
            if (parts.name == null && fn.hasNonNull("name") && !fn.get("name").asText().isBlank()) {
                parts.name = fn.get("name").asText();
            }
            JsonNode args = fn.get("arguments");
            if (args != null && !args.isNull() && !args.asText().isEmpty()) {
                checkSize(parts.arguments, args.asText(), "tool call");
                parts.arguments.append(args.asText());
                handler.onPartialToolCall(PartialToolCall.builder().index(index).id(parts.id).name(parts.name != null ? parts.name : NAMELESS_TOOL)
                        .partialArguments(args.asText()).build(), new PartialToolCallContext(streamingHandle));
            }
        }
    }

    /** Stops a runaway generation before it fills the heap; retrying would most likely run away again. */
    private void checkSize(StringBuilder soFar, String piece, String what) {
        if ((long) soFar.length() + piece.length() > maxReplyChars) {
            throw new V4Exception(V4Exception.Kind.RUNAWAY, 0, "the model's " + what + " passed " + maxReplyChars / (1024 * 1024)
                    + " MB without ending; Fathom stopped it. Try again, or lower --effort", null, null);
        }
    }

    static V4TokenUsage parseUsage(JsonNode u) {
        int prompt = u.path("prompt_tokens").asInt();
        int completion = u.path("completion_tokens").asInt();
        int hit = u.has("prompt_cache_hit_tokens") ? u.path("prompt_cache_hit_tokens").asInt()
                : u.path("prompt_tokens_details").path("cached_tokens").asInt();
        int miss = u.has("prompt_cache_miss_tokens") ? u.path("prompt_cache_miss_tokens").asInt() : prompt - hit;
        // DeepSeek and OpenAI nest reasoning tokens in completion_tokens_details; SGLang puts them at the top of usage.
        JsonNode nested = u.path("completion_tokens_details").path("reasoning_tokens");
        int reasoningTokens = nested.isNumber() ? nested.asInt() : u.path("reasoning_tokens").asInt();
        return new V4TokenUsage(prompt, completion, hit, miss, reasoningTokens);
    }

    boolean hasFinishReason() {
        return finishReason != null;
    }

    String finishReason() {
        return finishReason;
    }

    ChatResponse toResponse(String fallbackModel) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        int n = 0;
        for (ToolCallParts p : toolCalls.values()) {
            String callId = p.id != null ? p.id : "call_fathom_" + n;
            calls.add(ToolExecutionRequest.builder().id(callId).name(p.name == null || p.name.isBlank() ? NAMELESS_TOOL : p.name)
                    .arguments(p.arguments.toString()).build());
            n++;
        }
        AiMessage message = AiMessage.builder()
                .text(text.length() == 0 ? null : text.toString())
                .thinking(sawReasoning || reasoning.length() > 0 ? reasoning.toString() : null)
                .toolExecutionRequests(calls)
                .build();
        ChatResponseMetadata metadata = ChatResponseMetadata.builder()
                .id(id)
                .modelName(model != null ? model : fallbackModel)
                .tokenUsage(usage != null ? usage : new V4TokenUsage(0, 0, 0, 0, 0))
                .finishReason(mapFinishReason(finishReason))
                .build();
        return ChatResponse.builder().aiMessage(message).metadata(metadata).build();
    }

    static FinishReason mapFinishReason(String reason) {
        if (reason == null) {
            return FinishReason.OTHER;
        }
        return switch (reason) {
            case "stop" -> FinishReason.STOP;
            case "length", "repetition" -> FinishReason.LENGTH;
            case "tool_calls" -> FinishReason.TOOL_EXECUTION;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
