package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordWrapTest {
    private static final String TEXT = "Fathom streams the answer as it arrives, and a word that would run past the right edge of the"
            + " terminal moves to the next line whole instead of being cut in two by the terminal's own wrap.";

    @Test
    void noLineIsWiderThanTheTerminalAndNoWordIsCut() {
        for (int width : new int[] {20, 37, 80, 120}) {
            String out = WordWrap.wrap(TEXT, width);
            for (String line : out.split("\n")) {
                assertThat(line.length()).as("width " + width + ": " + line).isLessThanOrEqualTo(width);
            }
            assertThat(words(out)).as("width " + width).isEqualTo(words(TEXT));
        }
    }

    @Test
    void streamingInPiecesGivesWhatWrappingTheWholeGives() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            WordWrap w = new WordWrap(() -> 30);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < TEXT.length(); ) {
                int n = Math.min(TEXT.length() - i, 1 + random.nextInt(9));
                out.append(w.feed(TEXT.substring(i, i + n)));
                i += n;
            }
            out.append(w.flush());
            assertThat(out.toString()).isEqualTo(WordWrap.wrap(TEXT, 30));
        }
    }

    @Test
    void styleEscapesTakeNoColumnsAndLineBreaksStartAfresh() {
        String styled = "\u001b[1mbold\u001b[0m words here\nand more words";
        assertThat(WordWrap.wrap(styled, 15)).isEqualTo("\u001b[1mbold\u001b[0m words here\nand more words");
        assertThat(WordWrap.wrap("aaaa bbbb cccc", 9)).isEqualTo("aaaa bbbb\ncccc");
        assertThat(WordWrap.wrap("x " + "y".repeat(30) + " z", 10)).as("a word longer than a line is left to the terminal")
                .isEqualTo("x\n" + "y".repeat(30) + "\nz");
        assertThat(WordWrap.wrap("anything at all", 0)).as("no width, no wrapping").isEqualTo("anything at all");
    }

    @Test
    void wideCharactersCountTwoColumns() {
        assertThat(WordWrap.wrap("\u4f60\u597d\u4f60\u597d \u4e16\u754c", 10)).isEqualTo("\u4f60\u597d\u4f60\u597d\n\u4e16\u754c");
    }

    @Test
    void textPrintedAroundItMovesTheColumn() {
        WordWrap w = new WordWrap(() -> 10);
        w.printed("\u2713 a tool ");
        assertThat(w.feed("answer ") + w.flush()).isEqualTo("\nanswer ");
    }

    private static List<String> words(String s) {
        return Arrays.asList(s.strip().split("\\s+"));
    }
}
