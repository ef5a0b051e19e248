package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Usage as each server reports it: DeepSeek's cache fields, OpenAI/vLLM's cached_tokens, SGLang's top-level reasoning. */
class UsageFallbacksTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deepSeekReportsHitsMissesAndNestedReasoning() throws Exception {
        V4TokenUsage u = parse("{\"prompt_tokens\":1000,\"completion_tokens\":300,\"prompt_cache_hit_tokens\":640,"
                + "\"prompt_cache_miss_tokens\":350,\"completion_tokens_details\":{\"reasoning_tokens\":120}}");
        // The miss count is taken as sent, not recomputed (350, where 1000 - 640 would give 360).
        assertThat(u).isEqualTo(new V4TokenUsage(1000, 300, 640, 350, 120));
    }

    @Test
    void openAiStyleServersGiveCachedTokensAndTheMissesAreTheRest() throws Exception {
        V4TokenUsage u = parse("{\"prompt_tokens\":1000,\"completion_tokens\":300,\"prompt_tokens_details\":{\"cached_tokens\":768}}");
        assertThat(u).isEqualTo(new V4TokenUsage(1000, 300, 768, 232, 0));
    }

    @Test
    void sglangPutsReasoningTokensAtTheTopOfUsage() throws Exception {
        V4TokenUsage u = parse("{\"prompt_tokens\":50,\"completion_tokens\":40,\"reasoning_tokens\":25}");
        assertThat(u).isEqualTo(new V4TokenUsage(50, 40, 0, 50, 25));
    }

    @Test
    void theNestedReasoningCountWinsOverATopLevelOne() throws Exception {
        V4TokenUsage u = parse("{\"prompt_tokens\":50,\"completion_tokens\":40,\"reasoning_tokens\":25,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":30}}");
        assertThat(u.reasoningTokens()).isEqualTo(30);
        V4TokenUsage zero = parse("{\"prompt_tokens\":50,\"completion_tokens\":40,\"reasoning_tokens\":25,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}");
        assertThat(zero.reasoningTokens()).as("a nested zero is a count, not an absence").isZero();
        V4TokenUsage nullNested = parse("{\"prompt_tokens\":50,\"completion_tokens\":40,\"reasoning_tokens\":25,"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":null}}");
        assertThat(nullNested.reasoningTokens()).as("a nested null is an absence").isEqualTo(25);
    }

    @Test
    void aZeroHitCountFromDeepSeekIsNotReplacedByTheFallback() throws Exception {
        V4TokenUsage u = parse("{\"prompt_tokens\":100,\"completion_tokens\":1,\"prompt_cache_hit_tokens\":0,"
                + "\"prompt_cache_miss_tokens\":100,\"prompt_tokens_details\":{\"cached_tokens\":64}}");
        assertThat(u).isEqualTo(new V4TokenUsage(100, 1, 0, 100, 0));
    }

    @Test
    void anEmptyUsageIsAllZeros() throws Exception {
        assertThat(parse("{}")).isEqualTo(new V4TokenUsage(0, 0, 0, 0, 0));
    }

    private static V4TokenUsage parse(String usage) throws Exception {
        JsonNode node = JSON.readTree(usage);
        return StreamAccumulator.parseUsage(node);
    }
}
