package dev.fathom.tools;

import static dev.fathom.tools.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * edit_file at the edges of its answer: a second edit right after the first, lines added or removed at the end of a
 * file without a final newline, and where the occurrences of a text that starts with a line break are reported.
 */
class EditFollowUpTest extends ToolTestSupport {

    private ToolResult edit(String file, String oldString, String newString) {
        return tools.call("edit_file", "{\"file_path\":\"" + file + "\",\"old_string\":" + json(oldString) + ",\"new_string\":"
                + json(newString) + "}");
    }

    private static String json(String s) {
        return ToolHarness.JSON.valueToTree(s).toString();
    }

    @Test
    void aFileReadOnceCanBeEditedTwiceInARow() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("one\ntwo\n"));
        assertThat(tools.call("read_file", "{\"file_path\":\"f.txt\"}").error()).isFalse();
        ToolResult first = edit("f.txt", "one", "ONE");
        assertThat(first.error()).as(first.output()).isFalse();
        ToolResult second = edit("f.txt", "two", "TWO");
        assertThat(second.error()).as(second.output()).isFalse();
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("ONE\nTWO\n"));
    }

    @Test
    void aLineAddedAfterALastLineWithoutNewlineIsShownAsAdded() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("x"));
        ToolResult r = edit("f.txt", "x", "x\ny");
        assertThat(r.output()).isEqualTo("Edited f.txt (1 replacement):\n--- a/f.txt\n+++ b/f.txt\n@@ -1 +1,2 @@\n-x\n"
                + "\\ No newline at end of file\n+x\n+y\n\\ No newline at end of file\n");
        assertThat(r.summary()).isEqualTo("+1 \u22120");
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("x\ny"));
    }

    @Test
    void theLastLineRemovedFromAFileWithoutNewlineIsShownAsRemoved() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("a\nb"));
        ToolResult r = edit("f.txt", "\nb", "");
        assertThat(r.output()).isEqualTo("Edited f.txt (1 replacement):\n--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1 @@\n-a\n-b\n"
                + "\\ No newline at end of file\n+a\n\\ No newline at end of file\n");
        assertThat(r.summary()).isEqualTo("+0 \u22121");
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("a"));
    }

    @Test
    void copiesOfTheLastLinesAddedAtTheEndAreShownAsAdded() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("x\nx"));
        ToolResult r = edit("f.txt", "x\nx", "x\nx\nx\nx\nx");
        assertThat(r.output()).isEqualTo("Edited f.txt (1 replacement):\n--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,5 @@\n x\n+x\n+x\n+x\n x\n"
                + "\\ No newline at end of file\n");
        assertThat(r.summary()).isEqualTo("+3 \u22120");
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("x\nx\nx\nx\nx"));
    }

    @Test
    void aTextStartingWithALineBreakIsReportedAtTheLineItStartsOn() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("a\nfoo\nb\nfoo\n"));
        ToolResult r = edit("f.txt", "\nfoo", "\nbar");
        assertThat(r.output()).isEqualTo("old_string occurs 2 times in f.txt (lines 1, 3). Include more surrounding lines to make it "
                + "unique, or set replace_all to true.");
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("a\nfoo\nb\nfoo\n"));
    }
}
