package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenEstimatorTest {
    static final String ENGLISH = "The quick brown fox jumps over the lazy dog while the compiler reports a missing semicolon. ";
    static final String JAVA = "public final class App {\n    private final Map<String, List<Integer>> index = new HashMap<>();\n"
            + "    int count(String key) { return index.getOrDefault(key, List.of()).size(); }\n}\n";
    static final String CHINESE = "深度求索发布了新的模型，它的上下文窗口有一百万个词元，适合智能体编程。";

    /** Tokens per character measured with the V3 tokenizer: English 0.19, Java 0.24, Chinese 0.56 (see the API notes). */
    @Test
    void errsHighButNotFarAgainstTheMeasuredRatios() {
        TokenEstimator e = new TokenEstimator();
        check(e.estimate(ENGLISH.repeat(20)), ENGLISH.length() * 20 * 0.19);
        check(e.estimate(JAVA.repeat(20)), JAVA.length() * 20 * 0.24);
        check(e.estimate(CHINESE.repeat(20)), CHINESE.length() * 20 * 0.56);
    }

    private static void check(int estimate, double reference) {
        assertThat((double) estimate).as("never under by more than a few percent").isGreaterThanOrEqualTo(reference * 0.97);
        assertThat((double) estimate).as("not wildly over either").isLessThanOrEqualTo(reference * 1.35);
    }

    @Test
    void calibrationMovesTowardsTheEndpointWithinBounds() {
        TokenEstimator e = new TokenEstimator();
        double raw = TokenEstimator.raw(ENGLISH.repeat(100));
        for (int i = 0; i < 20; i++) {
            e.calibrate((int) (raw * 1.2), raw);
        }
        assertThat(e.factor()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(0.01));
        for (int i = 0; i < 20; i++) {
            e.calibrate((int) (raw * 0.5), raw);
        }
        assertThat(e.factor()).as("never trusts a count far below its own").isEqualTo(0.85);
    }
}
