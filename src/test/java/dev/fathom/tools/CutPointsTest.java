package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly where output for the model is cut, what the note between the parts says, and when a file counts as binary. */
class CutPointsTest {
    @TempDir
    Path tmp;

    @Test
    void textAtTheLimitIsKeptWholeAndOneCharacterMoreIsCut() {
        String limit = "a".repeat(OutputLimits.MAX_TOOL_OUTPUT_CHARS);
        assertThat(OutputLimits.truncate(limit)).isSameAs(limit);
        String over = limit + "b";
        assertThat(OutputLimits.truncate(over)).isEqualTo("a".repeat(18_000) + "\n[... 1 characters (0 lines) omitted ...]\n"
                + "a".repeat(11_999) + "b");
    }

    @Test
    void withoutLineBreaksSixTenthsOfTheLimitAreKeptAtTheHeadAndTheRestAtTheTail() {
        String text = "h".repeat(500) + "t".repeat(500);
        assertThat(OutputLimits.truncate(text, 100, "saved to out.log"))
                .isEqualTo("h".repeat(60) + "\n[... 900 characters (0 lines) omitted; saved to out.log ...]\n" + "t".repeat(40));
    }

    @Test
    void cutsMoveToTheNearestLineStartSoNoLineIsSplit() {
        String text = "abcdef\n".repeat(100); // lines start at multiples of 7
        String cut = OutputLimits.truncate(text, 100, null);
        // head: the last line start at or before 60 is 56; tail: the first line start after 700 - 40 = 660 is 665
        assertThat(cut).isEqualTo(text.substring(0, 56) + "\n[... 609 characters (87 lines) omitted ...]\n" + text.substring(665));
    }

    @Test
    void aLineBreakTwoHundredCharactersAwayIsTooFarToMoveTheCutTo() {
        // the limit 1000 puts the head's cut at 600 and the tail's at 2000 - 400 = 1600
        String near = "x".repeat(401) + "\n" + "y".repeat(1598);
        assertThat(OutputLimits.truncate(near, 1000, null)).startsWith("x".repeat(401) + "\n\n[... ");
        String far = "x".repeat(400) + "\n" + "y".repeat(1599);
        assertThat(OutputLimits.truncate(far, 1000, null)).startsWith("x".repeat(400) + "\n" + "y".repeat(199) + "\n[... ");
        String tailNear = "y".repeat(1799) + "\n" + "x".repeat(200);
        assertThat(OutputLimits.truncate(tailNear, 1000, null)).endsWith("...]\n" + "x".repeat(200));
        String tailFar = "y".repeat(1800) + "\n" + "x".repeat(199);
        assertThat(OutputLimits.truncate(tailFar, 1000, null)).endsWith("...]\n" + "y".repeat(200) + "\n" + "x".repeat(199));
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDE00";
        String text = "a".repeat(59) + emoji + "b".repeat(200) + emoji + "c".repeat(39);
        assertThat(OutputLimits.truncate(text, 100, null))
                .isEqualTo("a".repeat(59) + "\n[... 202 characters (0 lines) omitted ...]\n" + emoji + "c".repeat(39));
        assertThat(TextCuts.boundary(emoji, 0)).isZero();
        assertThat(TextCuts.boundary(emoji, 1)).isZero();
        assertThat(TextCuts.boundary(emoji, 2)).isEqualTo(2);
        assertThat(TextCuts.boundary("\uDE00\uD83D", 1)).isEqualTo(1);
    }

    @Test
    void aFileIsBinaryWhenItsFirstEightKilobytesHoldANulByte() {
        byte[] b = new byte[TextFile.BINARY_SNIFF_BYTES + 1];
        java.util.Arrays.fill(b, (byte) 'a');
        assertThat(TextFile.looksBinary(b)).isFalse();
        b[TextFile.BINARY_SNIFF_BYTES] = 0;
        assertThat(TextFile.looksBinary(b)).isFalse();
        b[TextFile.BINARY_SNIFF_BYTES - 1] = 0;
        assertThat(TextFile.looksBinary(b)).isTrue();
        assertThat(TextFile.looksBinary(new byte[] {0})).isTrue();
        assertThat(TextFile.looksBinary(new byte[0])).isFalse();
        assertThat(TextFile.BINARY_SNIFF_BYTES).isEqualTo(8192);
    }

    @Test
    void linesAreCountedAsAnEditorShowsThem() {
        assertThat(TextFile.countLines("")).isZero();
        assertThat(TextFile.countLines("a")).isEqualTo(1);
        assertThat(TextFile.countLines("a\n")).isEqualTo(1);
        assertThat(TextFile.countLines("a\nb")).isEqualTo(2);
        assertThat(TextFile.countLines("\n\n")).isEqualTo(2);
        assertThat(TextFile.decodeUtf8(new byte[] {'a', (byte) 0xC3})).isNull();
        assertThat(TextFile.decodeUtf8("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("é");
    }

    @Test
    void aLogCutKeepsWholeCharactersAndCountsTheBytesLeftOut() throws IOException {
        Path log = Files.write(tmp.resolve("log"), "héllo wörld".getBytes(StandardCharsets.UTF_8)); // 13 bytes
        assertThat(ProcessOutput.read(log, 0, 2, 3, "[%d]")).isEqualTo("h[8]rld");
        assertThat(ProcessOutput.read(log, 0, 3, 4, "[%d]")).isEqualTo("hé[6]rld");
        assertThat(ProcessOutput.read(log, 0, 5, 8, "[%d]")).isEqualTo("héllo wörld");
        assertThat(ProcessOutput.read(log, 0, 5, 7, "[%d]")).isEqualTo("héll[1] wörld");
        assertThat(ProcessOutput.read(log, 0, 5, 4, "[%d]")).isEqualTo("héll[4]rld");
        assertThat(ProcessOutput.read(log, 20, 5, 5, "[%d]")).isEmpty();
        assertThat(ProcessOutput.tail(log, 4)).isEqualTo("örld".substring(1));
    }

    @Test
    void decodingDropsOnlyTheCharacterACutSplit() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // E2 82 AC
        byte[] four = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // F0 9F 98 80
        assertThat(ProcessOutput.decode(new byte[] {euro[1], euro[2], 'a'}, true, false)).isEqualTo("a");
        assertThat(ProcessOutput.decode(new byte[] {four[1], four[2], four[3], 'a'}, true, false)).isEqualTo("a");
        assertThat(ProcessOutput.decode(new byte[] {four[1], four[2], four[3], four[3], 'a'}, true, false)).isEqualTo("\uFFFDa");
        assertThat(ProcessOutput.decode(new byte[] {euro[1], 'a'}, false, false)).isEqualTo("\uFFFDa");
        assertThat(ProcessOutput.decode(new byte[] {'a', euro[0], euro[1]}, false, true)).isEqualTo("a");
        assertThat(ProcessOutput.decode(new byte[] {'a', euro[0], euro[1], euro[2]}, false, true)).isEqualTo("a€");
        assertThat(ProcessOutput.decode(new byte[] {'a', four[0], four[1], four[2]}, false, true)).isEqualTo("a");
        assertThat(ProcessOutput.decode(new byte[] {'a', four[0]}, false, true)).isEqualTo("a");
        assertThat(ProcessOutput.decode(new byte[] {'a', (byte) 0xC3}, false, true)).isEqualTo("a");
        assertThat(ProcessOutput.decode(new byte[] {'a', (byte) 0xC3, (byte) 0xA9}, false, true)).isEqualTo("aé");
        assertThat(ProcessOutput.decode(new byte[] {'a', (byte) 0xC3}, false, false)).isEqualTo("a\uFFFD");
        assertThat(ProcessOutput.decode(new byte[] {'a', four[1], four[2], four[3]}, false, true)).isEqualTo("a\uFFFD\uFFFD\uFFFD");
        assertThat(ProcessOutput.decode(new byte[] {euro[1], euro[2]}, true, true)).isEmpty();
        assertThat(ProcessOutput.decode(new byte[0], true, true)).isEmpty();
    }
}
