package dev.fathom.tools;

import static dev.fathom.tools.TestBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** edit_file, byte for byte: the file after the edit, the exact answer the model reads, the exact refusal. */
class EditBytesTest extends ToolTestSupport {
    private static final byte[] BOM = TestBytes.BOM;

    private ToolResult edit(String file, String oldString, String newString) {
        return tools.call("edit_file", "{\"file_path\":\"" + file + "\",\"old_string\":" + json(oldString) + ",\"new_string\":" + json(newString)
                + "}");
    }

    private static String json(String s) {
        return ToolHarness.JSON.valueToTree(s).toString();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(ws.resolve(name), bytes);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theAnswerIsTheTitleAndAGitShapedDiffNumberedInTheWholeFile() throws IOException {
        write("f.txt", bytes(IntStream.rangeClosed(1, 10).mapToObj(String::valueOf).collect(Collectors.joining("\n", "", "\n"))));
        ToolResult r = edit("f.txt", "6\n", "six\n");
        assertThat(r.output()).isEqualTo("Edited f.txt (1 replacement):\n--- a/f.txt\n+++ b/f.txt\n@@ -4,5 +4,5 @@\n 4\n 5\n-6\n+six\n 7\n 8\n");
        assertThat(r.summary()).isEqualTo("+1 \u22121");
        assertThat(Files.readString(ws.resolve("f.txt"))).isEqualTo("1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n");
    }

    @Test
    void anEditOfTheFirstLinesAndOfALastLineWithoutNewlineIsShownAsGitShowsIt() throws IOException {
        write("f.txt", bytes("a\nb\nc"));
        ToolResult r = edit("f.txt", "c", "C");
        assertThat(r.output()).isEqualTo("Edited f.txt (1 replacement):\n--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,3 @@\n a\n b\n-c\n"
                + "\\ No newline at end of file\n+C\n\\ No newline at end of file\n");
        assertThat(Files.readString(ws.resolve("f.txt"))).isEqualTo("a\nb\nC");
        r = edit("f.txt", "a\n", "");
        assertThat(r.output()).isEqualTo("Edited f.txt (1 replacement):\n--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,2 @@\n-a\n b\n C\n"
                + "\\ No newline at end of file\n");
        assertThat(r.summary()).isEqualTo("+0 \u22121");
    }

    @Test
    void replaceAllCountsItsReplacementsAndReplacesOnlyTheFirstOtherwise() throws IOException {
        write("f.txt", bytes("x-x-x\n"));
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"f.txt\",\"old_string\":\"x\",\"new_string\":\"yy\",\"replace_all\":true}");
        assertThat(r.output()).startsWith("Edited f.txt (3 replacements):\n");
        assertThat(Files.readString(ws.resolve("f.txt"))).isEqualTo("yy-yy-yy\n");
        write("g.txt", bytes("ab-cd-ef\n"));
        edit("g.txt", "cd", "");
        assertThat(Files.readString(ws.resolve("g.txt"))).isEqualTo("ab--ef\n");
        tools.call("edit_file", "{\"file_path\":\"g.txt\",\"old_string\":\"-\",\"new_string\":\"+\",\"replace_all\":false}");
        assertThat(Files.readString(ws.resolve("g.txt"))).isEqualTo("ab--ef\n"); // two occurrences: refused
    }

    @Test
    void overlappingTextIsCountedWithoutOverlap() throws IOException {
        write("f.txt", bytes("aaa\n"));
        ToolResult r = edit("f.txt", "aa", "b");
        assertThat(r.output()).startsWith("Edited f.txt (1 replacement)");
        assertThat(Files.readString(ws.resolve("f.txt"))).isEqualTo("ba\n");
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndsAreKeptAndTheModelsCrlfIsAccepted() throws IOException {
        Path f = write("bom.txt", concat(BOM, bytes("one\r\ntwo\r\nthree\r\n")));
        ToolResult r = edit("bom.txt", "two\r\nthree", "2\n3");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(Files.readAllBytes(f)).isEqualTo(concat(BOM, bytes("one\r\n2\r\n3\r\n")));
        assertThat(r.output()).isEqualTo("Edited bom.txt (1 replacement):\n--- a/bom.txt\n+++ b/bom.txt\n@@ -1,3 +1,3 @@\n one\n-two\n-three\n"
                + "+2\n+3\n");
    }

    @Test
    void aFileThatMixesLineEndsKeepsEachLinesOwnEnding() throws IOException {
        Path f = write("mixed.txt", bytes("a\r\nb\nc\r\n"));
        assertThat(edit("mixed.txt", "b\nc", "B\nC").error()).isFalse();
        assertThat(Files.readAllBytes(f)).isEqualTo(bytes("a\r\nB\nC\r\n"));
        assertThat(edit("mixed.txt", "a\r\nB", "A\r\nb").error()).isFalse();
        assertThat(Files.readAllBytes(f)).isEqualTo(bytes("A\r\nb\nC\r\n"));
    }

    @Test
    void aFileWithOnlyAByteOrderMarkKeepsIt() throws IOException {
        Path f = write("only-bom.txt", BOM);
        ToolResult r = tools.call("write_file", "{\"file_path\":\"only-bom.txt\",\"content\":\"x\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(Files.readAllBytes(f)).isEqualTo(concat(BOM, bytes("x")));
    }

    @ParameterizedTest(name = "first character U+{0}")
    @CsvSource({"FF3F", "FEC0", "3EFF", "FEFE"})
    void aFileStartingWithBytesLikeAByteOrderMarkIsNotTakenForOne(String hex) throws IOException {
        String first = Character.toString(Integer.parseInt(hex, 16));
        Path f = write("f.txt", bytes(first + "x\n"));
        assertThat(edit("f.txt", "x", "y").error()).isFalse();
        assertThat(Files.readAllBytes(f)).isEqualTo(bytes(first + "y\n"));
    }

    @Test
    void moreThanTenOccurrencesNameTheFirstTenLines() throws IOException {
        write("f.txt", bytes("x\n".repeat(12)));
        assertThat(edit("f.txt", "x", "y").output()).isEqualTo("old_string occurs 12 times in f.txt (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …). "
                + "Include more surrounding lines to make it unique, or set replace_all to true.");
        write("g.txt", bytes("x\n".repeat(10)));
        assertThat(edit("g.txt", "x", "y").output()).startsWith("old_string occurs 10 times in g.txt (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10). ");
        write("h.txt", bytes("x x\n\nx\n"));
        assertThat(edit("h.txt", "x", "y").output()).startsWith("old_string occurs 3 times in h.txt (lines 1, 1, 3). ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"file_path\":\"a.txt\",\"old_string\":\"\",\"new_string\":\"x\"}|old_string is empty. To create a file use write_file; to edit, give the exact text to replace.",
        "{\"file_path\":\"a.txt\",\"old_string\":\"b\",\"new_string\":\"b\"}|old_string and new_string are identical; nothing would change.",
        "{\"file_path\":\"d\",\"old_string\":\"b\",\"new_string\":\"c\"}|d is a directory, not a file.",
        "{\"file_path\":\"none.txt\",\"old_string\":\"b\",\"new_string\":\"c\"}|File not found: none.txt. To create it, use write_file.",
        "{\"file_path\":\"a.txt\",\"old_string\":\"z\",\"new_string\":\"c\"}|old_string was not found in a.txt. Read the file again and copy the exact text, including whitespace and indentation.",
        "{\"file_path\":\"bin\",\"old_string\":\"b\",\"new_string\":\"c\"}|bin looks like a binary file; only text files can be changed this way.",
        "{\"file_path\":\"latin1\",\"old_string\":\"b\",\"new_string\":\"c\"}|latin1 is not valid UTF-8, so changing it here could corrupt it. Use bash (sed, iconv) if it must change.",
    })
    void refusalsAreOneClearSentenceAndChangeNothing(String arguments, String message) throws IOException {
        write("a.txt", bytes("a\nb\n"));
        Files.createDirectories(ws.resolve("d"));
        write("bin", new byte[] {'b', 0, 'c'});
        write("latin1", new byte[] {'b', (byte) 0xE9});
        assertThat(assertRefused("edit_file", arguments, message).output()).isEqualTo(message);
    }

    @Test
    void aDiffOfMoreThanEightyLinesIsCutAndSaysSo() throws IOException {
        // 38 changed lines: 3 header lines + 38 removed + 38 added + 1 context = 80 lines, shown whole
        String old38 = IntStream.range(0, 38).mapToObj(i -> "o" + i + "\n").collect(Collectors.joining());
        String new38 = old38.replace("o", "n");
        write("f.txt", bytes(old38 + "end\n"));
        ToolResult r = edit("f.txt", old38, new38);
        assertThat(r.output()).doesNotContain("[diff cut").endsWith("+n37\n end\n");
        assertThat(r.output().lines().count()).isEqualTo(81);
        write("g.txt", bytes(old38 + "o38\nend\n"));
        r = edit("g.txt", old38 + "o38\n", new38 + "n38\n");
        assertThat(r.output().lines().count()).isEqualTo(82);
        assertThat(r.output()).endsWith("+n37\n[diff cut at 80 lines]\n");
        assertThat(r.summary()).isEqualTo("+39 \u221239");
    }

    @Test
    void aChangeOfMoreThanFourThousandLinesIsSummarizedNotDiffed() throws IOException {
        String old = "k\n" + "o\n".repeat(2000) + "k\n";
        write("f.txt", bytes(old));
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"f.txt\",\"old_string\":\"o\",\"new_string\":\"n\",\"replace_all\":true}");
        assertThat(r.output()).startsWith("Edited f.txt (2000 replacements):\n--- a/f.txt");
        write("g.txt", bytes("k\n" + "o\n".repeat(2001) + "k\n"));
        r = tools.call("edit_file", "{\"file_path\":\"g.txt\",\"old_string\":\"o\",\"new_string\":\"n\",\"replace_all\":true}");
        assertThat(r.output()).isEqualTo("Edited g.txt (2001 replacements): lines 2\u20132002 changed (2001 lines replaced by 2001); the diff is"
                + " too large to show. Use read_file to check parts of it.\n");
        assertThat(r.summary()).isEqualTo("+2001 \u22122001");
    }
}
