/**
 * The DeepSeek V4 endpoint: request serialization, SSE streaming, the reasoning_content round trip,
 * usage with prefix-cache counts, retries, the idle watchdog and cancellation. {@link dev.fathom.llm.V4ChatModel}
 * implements langchain4j's {@code StreamingChatModel}; the rest of Fathom sees langchain4j types only.
 */
package dev.fathom.llm;
