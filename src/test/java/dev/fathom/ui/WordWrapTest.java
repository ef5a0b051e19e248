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

    @Test
    void wrappedListItemsHangUnderTheirTextNotUnderTheBullet() {
        String item = "a list item whose text is long enough to wrap more than once at the width of a terminal, and then some";
        String doc = "\u2022 " + item + "\n  \u2022 nested " + item + "\n12. numbered " + item + "\n- dash " + item
                + "\n    code(" + item + ")\nplain " + item + "\n";
        for (int width : new int[] {40, 79, 119}) {
            String out = WordWrap.wrap(doc, width);
            assertThat(words(out)).isEqualTo(words(doc));
            String[] rows = out.split("\n");
            String hang = "";
            for (String row : rows) {
                assertThat(row.length()).as("width %d: %s", width, row).isLessThanOrEqualTo(width);
                if (row.startsWith("\u2022 ")) {
                    hang = "  ";
                } else if (row.startsWith("  \u2022 ")) {
                    hang = "    ";
                } else if (row.startsWith("12. ")) {
                    hang = "    ";
                } else if (row.startsWith("- ")) {
                    hang = "  ";
                } else if (row.startsWith("    code(")) {
                    hang = "    ";
                } else if (row.startsWith("plain ")) {
                    hang = "";
                } else {
                    assertThat(row).as("width %d: a continuation row hangs by %d", width, hang.length()).startsWith(hang)
                            .doesNotStartWith(hang + " ");
                }
            }
        }
        assertThat(WordWrap.wrap("\u2022 one two three four", 14)).isEqualTo("\u2022 one two\n  three four");
        assertThat(WordWrap.wrap("\u001b[1m3.\u001b[0m one two three", 12)).as("a styled marker").isEqualTo("\u001b[1m3.\u001b[0m one two\n   three");
        assertThat(WordWrap.wrap("          \u2022 deep item words", 20)).as("a hang wider than half the line is dropped")
                .isEqualTo("          \u2022 deep\nitem words");
    }

    @Test
    void hangingRowsAreTheSameInAnyPieces() {
        String doc = "  - nested item with words enough to wrap twice at thirty columns\n1. first item also wraps here and there\n";
        Random random = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            WordWrap w = new WordWrap(() -> 30);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < doc.length(); ) {
                int n = Math.min(doc.length() - i, 1 + random.nextInt(6));
                out.append(w.feed(doc.substring(i, i + n)));
                i += n;
            }
            assertThat(out.append(w.flush()).toString()).isEqualTo(WordWrap.wrap(doc, 30));
        }
    }

    @Test
    void aLabelPrintedBeforeStreamedTextIsNotAHang() {
        WordWrap w = new WordWrap(() -> 24);
        w.printed("thinking: ");
        assertThat(w.feed("one two three four ") + w.flush()).isEqualTo("one two three\nfour ");
    }

    private static List<String> words(String s) {
        return Arrays.asList(s.strip().split("\\s+"));
    }
}
