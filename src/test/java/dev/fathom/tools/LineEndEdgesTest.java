package dev.fathom.tools;

import static dev.fathom.tools.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** How a file's line ends are read at the edges: a file that starts with a line break, and Windows ends from the model. */
class LineEndEdgesTest extends ToolTestSupport {

    private ToolResult edit(String oldString, String newString) {
        return tools.call("edit_file", "{\"file_path\":\"f.txt\",\"old_string\":" + ToolHarness.JSON.valueToTree(oldString) + ",\"new_string\":"
                + ToolHarness.JSON.valueToTree(newString) + "}");
    }

    @Test
    void aFileStartingWithALineBreakCanBeEdited() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("\nfirst\n"));
        ToolResult r = edit("first", "1st");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("\n1st\n"));
    }

    @Test
    void windowsLineEndsFromTheModelBecomeTheFilesOwnUnixEnds() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("a\nb\n"));
        assertThat(edit("b\n", "b\r\nc\r\n").error()).isFalse();
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("a\nb\nc\n"));
    }

    @Test
    void aWindowsFileIsMatchedWithUnixEndsAndKeepsItsOwn() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("a\r\nb\r\n"));
        assertThat(edit("a\nb", "a\nB").error()).isFalse();
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("a\r\nB\r\n"));
    }
}
