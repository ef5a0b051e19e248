package dev.fathom.llm;

import java.util.Locale;

/**
 * Which server speaks V4 at the base URL, and so how the wire differs from DeepSeek's own API (reference section 15):
 * the thinking switch, the field reasoning is replayed in, and whether DeepSeek's prices apply. Reading is tolerant in
 * every dialect (either reasoning field, either usage shape, either error shape); only what Fathom sends differs.
 */
public enum EndpointDialect {
    /** DeepSeek's own service: top-level {@code thinking:{type}}, {@code reasoning_content}, DeepSeek's prices. */
    DEEPSEEK("deepseek"),
    /** vLLM: {@code chat_template_kwargs.thinking}; reasoning streamed and replayed as {@code reasoning}. */
    VLLM("vllm"),
    /** SGLang: {@code chat_template_kwargs.thinking} (its default is off, so it is always sent); {@code reasoning_content}. */
    SGLANG("sglang"),
    /**
     * A server that did not say what it is (a proxy, another engine). Both thinking switches are sent, since vLLM and
     * SGLang ignore unknown top-level fields and DeepSeek-shaped proxies read {@code thinking}; reasoning is replayed
     * as {@code reasoning_content}, which DeepSeek and SGLang read and current vLLM renames; no prices.
     */
    OPENAI_COMPATIBLE("openai-compatible");

    private final String wireName;

    EndpointDialect(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in settings, flags and the detection cache. */
    public String wireName() {
        return wireName;
    }

    /** A dialect a user can force: {@code deepseek}, {@code vllm} or {@code sglang}; null for {@code auto}. */
    public static EndpointDialect forced(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "deepseek" -> DEEPSEEK;
            case "vllm" -> VLLM;
            case "sglang" -> SGLANG;
            default -> throw new IllegalArgumentException("endpoint dialect must be deepseek, vllm, sglang or auto, got '" + name + "'");
        };
    }

    /** The dialect of a cache entry, or null for a name this version does not know. */
    static EndpointDialect fromWireName(String name) {
        for (EndpointDialect d : values()) {
            if (d.wireName.equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Whether the top-level {@code thinking:{type}} switch is sent. */
    boolean sendsThinkingType() {
        return this == DEEPSEEK || this == OPENAI_COMPATIBLE;
    }

    /** Whether {@code chat_template_kwargs:{thinking}} is sent. */
    boolean sendsTemplateThinking() {
        return this != DEEPSEEK;
    }

    /** The assistant-message field the server reads earlier reasoning from. */
    String reasoningReplayField() {
        return this == VLLM ? "reasoning" : "reasoning_content";
    }

    /** Whether the model table's prices are this server's prices: only on DeepSeek's own service. */
    public boolean pricesApply() {
        return this == DEEPSEEK;
    }
}
