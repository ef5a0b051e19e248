package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.assertj.core.data.Offset;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The estimator's numbers, pinned. How many tokens Fathom believes a text costs decides when a conversation is
 * compacted, so the weights are a product decision: TokenCorpusTest holds them to the property that matters (never more
 * than 5% under the real V3 tokenizer on each kind of text), and this class holds them to their exact values, so that
 * no weight, character class or run rule changes by accident. A deliberate change updates these pins and is re-checked
 * against the corpus (docs/mutation-context-llm.md gives the V3 counts of the texts below).
 */
class TokenEstimatePinsTest {
    private static final Offset<Double> EXACT = Offset.offset(1e-9);

    record Pin(String kind, String text, double raw) {
    }

    /** Representative texts and their raw estimates (the estimate before rounding up and calibration). */
    static final List<Pin> TEXTS = List.of(
            new Pin("English prose", "The quick brown fox jumps over the lazy dog while the compiler reports a missing semicolon on line 42.",
                    21.73),
            new Pin("Java", "public static int sum(List<Integer> xs) {\n    return xs.stream().mapToInt(Integer::intValue).sum();\n}\n",
                    33.31),
            new Pin("JSON", "{\"id\": 1024, \"name\": \"widget-pro\", \"tags\": [\"blue\", \"large\"], \"price\": 19.99, \"active\": true}",
                    43.77),
            new Pin("Chinese", "深度求索发布了新的模型，它的上下文窗口有一百万个词元。", 16.74),
            new Pin("Japanese", "これはテストです。カタカナとひらがな。", 11.78),
            new Pin("Korean", "안녕하세요 세계", 4.4),
            new Pin("emoji with skin tone, family and heart", "Ship it \uD83D\uDE80\uD83C\uDF89 \uD83D\uDC4D\uD83C\uDFFD "
                    + "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \u2764\uFE0F", 21.58),
            new Pin("symbols", "\u2713 done \u2192 next \u2605 todo \u2026 \u26A0", 10.68),
            new Pin("whitespace run", "        \n\n\t\t        \n", 1.26),
            new Pin("long number", "31415926535897932384626433832795", 12.32),
            new Pin("numeric CSV", "2024,17.5,-3,1000000", 13.46),
            new Pin("base64", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", 69.48),
            new Pin("hex digest", "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 48.21),
            new Pin("hex bytes", "0a 1b 2c 3d 4e 5f 7F 8E 9D", 18.48),
            new Pin("upper-case hex", "UPPER HEX 0A1B2C3D4E5F, not hex 0a1g", 14.146666667),
            new Pin("Cyrillic and accents", "Привет, мир! café naïve résumé", 11.07),
            new Pin("identifiers with digits and a path", "utf8Decoder base64Url sha256sum x86_64 path/to/file+x cd /", 17.476666667),
            new Pin("full-width forms", "ＡＢＣ１２３", 3.72),
            new Pin("URL", "https://example.com/api/v2/items?id=123&sort=desc", 19.213333333));

    @Test
    void representativeTextsHaveTheirPinnedEstimates() {
        SoftAssertions soft = new SoftAssertions();
        for (Pin p : TEXTS) {
            soft.assertThat(TokenEstimator.raw(p.text())).as(p.kind()).isCloseTo(p.raw(), EXACT);
            soft.assertThat(new TokenEstimator().estimate(p.text())).as(p.kind() + ", rounded up").isEqualTo((int) Math.ceil(p.raw()));
        }
        soft.assertAll();
    }

    /** Each character class begins and ends exactly where it should: the characters on both sides of every edge. */
    @Test
    void eachCharacterClassStartsAndEndsAtItsEdges() {
        double letter = 0.23;
        double punctuation = 0.9;
        double other = 0.5;
        double symbol = 1.5;
        double cjk = 0.62;
        Object[][] edges = {
                {"a", letter}, {"z", letter}, {"A", letter}, {"Z", letter},
                {"`", punctuation}, {"{", punctuation}, {"@", punctuation}, {"[", punctuation}, {":", punctuation},
                {"/", punctuation}, {"+", punctuation}, {"\u007F", punctuation},
                {"0", 1.12}, {"9", 1.12},
                {" ", 0.06}, {"\t", 0.06}, {"\n", 0.06},
                // the first character outside ASCII is no longer punctuation
                {"\u0080", other}, {"é", other}, {"ж", other},
                {"\u1FFF", other}, {"\u2000", symbol}, {"\u2BFF", symbol}, {"\u2C00", other},
                {"\u200D", 1.0}, {"\uFE0E", 1.0}, {"\uFE0F", 1.0}, {"\uFE0D", other}, {"\uFFFF", other},
                {"\uD800\uDC00", 2.2}, {"\uD83D", 2.2}, {"\uDE80", 2.2},
                {"中", cjk}, {"。", cjk}, {"あ", cjk}, {"ア", cjk}, {"한", cjk}, {"Ａ", cjk}, {"㐀", cjk},
        };
        SoftAssertions soft = new SoftAssertions();
        for (Object[] e : edges) {
            String s = (String) e[0];
            soft.assertThat(TokenEstimator.raw(s)).as("U+%04X", s.codePointAt(0)).isCloseTo((Double) e[1], EXACT);
        }
        soft.assertAll();
    }

    /** Runs of letters and digits are weighed by what they look like, and each kind starts at its own length. */
    @Test
    void runsAreWeighedByWhatTheyLookLike() {
        double digitInWord = 1.12 / 3;
        Object[][] runs = {
                // digits in groups of up to three
                {"1", 1.12}, {"12", 1.12}, {"123", 1.12}, {"1234", 2.24}, {"1234567", 3.36},
                // hex: digits with a-f only; per character, worse below four characters
                {"0a1", 3.0}, {"0a1b", 4 * 0.71}, {"0A1B", 4 * 0.71}, {"0f", 2.0}, {"0F", 2.0},
                {"0g", 0.23 + digitInWord}, {"0G", 0.23 + digitInWord}, {"cafe", 4 * 0.23},
                // base64: digits with both cases, from twelve characters
                {"aB3dE5gH7jK9", 12 * 0.72}, {"aB3dE5gH7jK", 8 * 0.23 + 3 * digitInWord},
                {"ab3de5gh7jk9", 8 * 0.23 + 4 * digitInWord}, {"AB3DE5GH7JK9", 8 * 0.23 + 4 * digitInWord},
                {"aBcDeFgHiJkL", 12 * 0.23}, {"aB3dE5gH/jK9", 12 * 0.72},
                // '+' and '/' join a run only when a letter or digit follows or precedes them
                {"a+b/c", 3 * 0.23 + 2 * 0.9}, {"+a", 0.9 + 0.23}, {"a/", 0.23 + 0.9}, {"x /", 0.23 + 0.06 + 0.9},
                {"1/2", 2 * digitInWord + 0.9}, {"+/", 2 * 0.9},
        };
        SoftAssertions soft = new SoftAssertions();
        for (Object[] r : runs) {
            soft.assertThat(TokenEstimator.raw((String) r[0])).as((String) r[0]).isCloseTo((Double) r[1], EXACT);
        }
        soft.assertAll();
    }

    @Test
    void eachMessageAddsTheTemplatesOverheadAndEachToolCallItsOwn() {
        assertThat(TokenEstimator.raw((String) null)).isZero();
        assertThat(TokenEstimator.raw(SystemMessage.from("abc"))).isCloseTo(6 + 0.69, EXACT);
        assertThat(TokenEstimator.raw(UserMessage.from("abc"))).isCloseTo(6 + 0.69, EXACT);
        assertThat(TokenEstimator.raw(AiMessage.from("abc"))).isCloseTo(6 + 0.69, EXACT);
        assertThat(TokenEstimator.raw(AiMessage.builder().text("ab").thinking("abc").build())).isCloseTo(6 + 5 * 0.23, EXACT);
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name("bash").arguments("{}").build();
        ToolExecutionRequest other = ToolExecutionRequest.builder().id("c2").name("ls").arguments("[]").build();
        assertThat(TokenEstimator.raw(AiMessage.from(List.of(call, other))))
                .as("the message's overhead, then per call its name, its arguments and an overhead")
                .isCloseTo(6 + (4 * 0.23 + 2 * 0.9 + 6) + (2 * 0.23 + 2 * 0.9 + 6), EXACT);
        assertThat(TokenEstimator.raw(ToolExecutionResultMessage.from(call, "abc"))).as("the tool's name is not sent again")
                .isCloseTo(6 + 0.69, EXACT);
        assertThat(new TokenEstimator().estimate(UserMessage.from("abc"))).isEqualTo(7);
    }

    @Test
    void calibrationIgnoresMissingCountsAndStaysWithinItsBounds() {
        TokenEstimator e = new TokenEstimator();
        e.calibrate(0, 100);
        e.calibrate(100, 0);
        e.calibrate(-1, 100);
        assertThat(e.factor()).as("no count or nothing estimated: nothing learned").isEqualTo(1.0);
        e.calibrate(130, 100);
        assertThat(e.factor()).as("a third of the way to 1.3").isCloseTo(1.1, EXACT);
        assertThat(e.estimate("abc")).as("0.69 x 1.1, rounded up").isEqualTo(1);
        assertThat(e.estimate("abcdefghij")).as("2.3 x 1.1 = 2.53, rounded up").isEqualTo(3);
        assertThat(e.estimate(UserMessage.from("abcdefghij"))).as("8.3 x 1.1 = 9.13, rounded up").isEqualTo(10);
        for (int i = 0; i < 30; i++) {
            e.calibrate(500, 100);
        }
        assertThat(e.factor()).as("never trusts a count far above its own").isEqualTo(1.6);
    }
}
