package dev.fathom.tools;

import static dev.fathom.tools.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A patch followed by another patch of the same file, read_file at its whole-file size limit, a cut after a leading blank line. */
class FollowUpAndLimitsTest extends ToolTestSupport {

    @Test
    void aFileReadOnceCanBePatchedTwiceInARow() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("one\ntwo\n"));
        assertThat(tools.call("read_file", "{\"file_path\":\"f.txt\"}").error()).isFalse();
        for (String[] change : new String[][] {{"one", "ONE"}, {"two", "TWO"}}) {
            ToolResult r = tools.call("apply_patch", "{\"patch\":\"*** Begin Patch\\n*** Update File: f.txt\\n@@\\n-" + change[0] + "\\n+"
                    + change[1] + "\\n*** End Patch\"}");
            assertThat(r.error()).as(r.output()).isFalse();
        }
        assertThat(Files.readAllBytes(ws.resolve("f.txt"))).isEqualTo(utf8("ONE\nTWO\n"));
    }

    @Test
    void aFileOfExactlyTheWholeFileLimitIsReadAndOneByteMoreNeedsARange() throws IOException {
        long limit = ReadFileTool.MAX_WHOLE_FILE_BYTES;
        try (RandomAccessFile f = new RandomAccessFile(ws.resolve("at.bin").toFile(), "rw")) {
            f.setLength(limit); // zeros: read, then found binary
        }
        try (RandomAccessFile f = new RandomAccessFile(ws.resolve("over.bin").toFile(), "rw")) {
            f.setLength(limit + 1);
        }
        assertThat(tools.call("read_file", "{\"file_path\":\"at.bin\"}").output()).isEqualTo("at.bin looks like a binary file (" + limit
                + " bytes); read_file shows text only. Use bash (file, xxd | head) to inspect it.");
        assertThat(tools.call("read_file", "{\"file_path\":\"over.bin\"}").output()).isEqualTo("over.bin is large (" + (limit + 1)
                + " bytes). Read a part with offset and limit, or use grep to find the lines you need.");
    }

    @Test
    void aHeadCutNearALeadingBlankLineEndsAfterIt() {
        assertThat(OutputLimits.truncate("\n" + "a".repeat(1000), 100, null))
                .isEqualTo("\n\n[... 960 characters (0 lines) omitted ...]\n" + "a".repeat(40));
    }
}
