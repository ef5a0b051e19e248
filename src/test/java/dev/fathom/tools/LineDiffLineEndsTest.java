package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The edit diff of Windows line ends: the carriage return before a line break is not shown, a stray one is. */
class LineDiffLineEndsTest {

    @Test
    void windowsLineEndsAreShownAsPlainLines() {
        assertThat(LineDiff.unified("a/f", "b/f", "one\r\ntwo\r\nthree\r\n", "one\r\n2\r\nthree\r\n", 1))
                .isEqualTo("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n");
    }

    @Test
    void aCarriageReturnEndingTheTextWithoutALineBreakIsKept() {
        assertThat(LineDiff.unified("a/f", "b/f", "one\r\ntwo\r", "one\r\nTWO\r", 1))
                .isEqualTo("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n one\n-two\r\n\\ No newline at end of file\n+TWO\r\n"
                        + "\\ No newline at end of file\n");
        assertThat(LineDiff.lines("a\r\nb\r")).containsExactly("a", "b\r\u0000no newline");
        assertThat(LineDiff.lines("a\r\nb\r\n")).containsExactly("a", "b");
    }
}
