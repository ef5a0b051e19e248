package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The estimator against the DeepSeek V3 tokenizer on a corpus of each kind of text that reaches the window: base64,
 * hex, emoji, numeric CSV, UUID-heavy JSON, prose and Java (src/test/resources/tokens; the true counts in counts.tsv
 * come from src/bench/count-tokens.mjs). A low estimate lets a conversation overflow the window before compaction
 * starts, so no kind may be more than 5% under; prose and code, most of what a session holds, not more than 20% over.
 */
class TokenCorpusTest {
    private static final Path DIR = Path.of("src/test/resources/tokens");
    private static final Set<String> PROSE_AND_CODE = Set.of("prose.md", "java.txt");

    @Test
    void neverMoreThanFivePercentUnderAndCloseOnProseAndCode() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        int kinds = 0;
        for (String line : Files.readAllLines(DIR.resolve("counts.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            int actual = Integer.parseInt(f[1]);
            int estimate = new TokenEstimator().estimate(Files.readString(DIR.resolve(f[0]), StandardCharsets.UTF_8));
            double error = (estimate - actual) * 100.0 / actual;
            System.out.printf(Locale.ROOT, "%-12s V3 %5d, estimate %5d, %+6.1f%%%n", f[0], actual, estimate, error);
            soft.assertThat(error).as(f[0] + " (V3 " + actual + ", estimate " + estimate + ")").isGreaterThanOrEqualTo(-5.0);
            if (PROSE_AND_CODE.contains(f[0])) {
                soft.assertThat(error).as(f[0] + " over by").isLessThanOrEqualTo(20.0);
            }
            kinds++;
        }
        assertThat(kinds).isEqualTo(7);
        soft.assertAll();
    }
}
