package dev.fathom.llm;

import java.time.Duration;

/**
 * How to reach and drive a V4 endpoint. {@code model} is the resolved model id; {@code effort} is sent only when
 * thinking is on; {@code maxOutputTokens} null leaves the server's default; {@code dialect} decides the V4 fields'
 * shape on this server.
 */
public record V4Options(
        String baseUrl,
        String apiKey,
        String model,
        boolean thinking,
        String effort,
        Integer maxOutputTokens,
        Duration connectTimeout,
        Duration idleTimeout,
        RetryPolicy retryPolicy,
        EndpointDialect dialect) {

    /** Options for DeepSeek's own wire. */
    public V4Options(String baseUrl, String apiKey, String model, boolean thinking, String effort, Integer maxOutputTokens,
            Duration connectTimeout, Duration idleTimeout, RetryPolicy retryPolicy) {
        this(baseUrl, apiKey, model, thinking, effort, maxOutputTokens, connectTimeout, idleTimeout, retryPolicy, EndpointDialect.DEEPSEEK);
    }

    public static final String DEFAULT_BASE_URL = "https://api.deepseek.com";
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** The chat completions URL: {@code {base}/chat/completions}, tolerating a trailing slash. */
    public String chatCompletionsUrl() {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/chat/completions";
    }

    /** The model list URL: {@code {base}/models}. */
    public String modelsUrl() {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/models";
    }
}
