package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownStreamTest {
    private static final String DOC = "## Plan\nThe fix is **small**: change `greet()` and *nothing* else.\n"
            + "- first\n* second\n3 * 4 = 12\n```java\nint a = b | c;\n```\n| k | value |\n|---|---|\n| a | 1 |\n\nDone.";

    @Test
    void textAppearsBeforeItsLineEnds() {
        MarkdownStream md = new MarkdownStream(true);
        assertThat(md.feed("The answer is a long paragraph")).isEqualTo("The answer is a long paragraph");
        assertThat(md.feed(" that goes on")).isEqualTo(" that goes on");
    }

    @Test
    void stylesAreAppliedAsTheTextStreams() {
        String out = feedAll(new MarkdownStream(true), DOC, 1);
        assertThat(plain(out)).isEqualTo("Plan\nThe fix is small: change greet() and *nothing* else.\n\u2022 first\n\u2022 second\n"
                + "3 * 4 = 12\n\u2500\u2500\u2500 java\nint a = b | c;\n\u2500\u2500\u2500\nk \u2502 value\n\u2500\u2500\u253c\u2500\u2500\u2500\u2500\u2500\u2500\na \u2502 1\n\nDone.");
        assertThat(out).contains("\u001b[1mPlan", "\u001b[1msmall\u001b[0m", "\u001b[36mgreet()\u001b[0m",
                "\u001b[35mint\u001b[0m a = b | c;");
    }

    @Test
    void chunkingDoesNotChangeTheResult() {
        String whole = feedAll(new MarkdownStream(true), DOC, DOC.length());
        for (int size : new int[] {1, 2, 3, 5, 7, 13}) {
            assertThat(feedAll(new MarkdownStream(true), DOC, size)).as("chunks of " + size).isEqualTo(whole);
        }
    }

    @Test
    void tableRowsWaitForTheEndOfTheTable() {
        MarkdownStream md = new MarkdownStream(true);
        assertThat(md.feed("| a | bb |\n|---|---|\n| ccc | d |\n")).isEmpty();
        assertThat(plain(md.feed("after"))).isEqualTo("a   \u2502 bb\n\u2500\u2500\u2500\u2500\u253c\u2500\u2500\u2500\nccc \u2502 d\nafter");
    }

    @Test
    void withoutColourTheTextIsUnchangedButTablesAreAlignedAndFencesAreRules() {
        String out = feedAll(new MarkdownStream(false), DOC, 3);
        assertThat(out).doesNotContain("\u001b[").startsWith("## Plan\nThe fix is **small**: change `greet()` and *nothing* else.\n- first\n")
                .contains("\u2500\u2500\u2500 java\nint a = b | c;\n\u2500\u2500\u2500\nk \u2502 value\n");
    }

    @Test
    void finishReleasesWhatWasHeldAndClosesStyles() {
        MarkdownStream md = new MarkdownStream(true);
        String out = md.feed("Use `code") + md.finish();
        assertThat(out).endsWith("\u001b[0m");
        assertThat(plain(out)).isEqualTo("Use code");
        assertThat(new MarkdownStream(true).feed("#")).as("a heading or not: undecided").isEmpty();
        MarkdownStream held = new MarkdownStream(true);
        held.feed("#");
        assertThat(held.finish()).isEqualTo("\u001b[1m\u001b[0m");
    }

    private static String feedAll(MarkdownStream md, String text, int chunk) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += chunk) {
            out.append(md.feed(text.substring(i, Math.min(text.length(), i + chunk))));
        }
        return out.append(md.finish()).toString();
    }

    private static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
