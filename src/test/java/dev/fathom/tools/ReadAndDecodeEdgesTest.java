package dev.fathom.tools;

import static dev.fathom.tools.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** read_file's line cut and range note at their edges, and a process log cut inside its first character or any lead byte. */
class ReadAndDecodeEdgesTest extends ToolTestSupport {

    @Test
    void aLineOfExactlyTheLimitIsShownWholeAndOneCharacterMoreIsCut() throws IOException {
        int max = ReadFileTool.MAX_LINE_CHARS;
        Files.write(ws.resolve("f.txt"), utf8("a".repeat(max) + "\n" + "b".repeat(max + 1) + "\n"));
        assertThat(tools.call("read_file", "{\"file_path\":\"f.txt\"}").output()).isEqualTo("     1\t" + "a".repeat(max) + "\n     2\t"
                + "b".repeat(max) + " [line cut at " + max + " characters]\n");
    }

    @Test
    void aRangeReachingTheLastLineSaysSoWithoutAContinuation() throws IOException {
        Files.write(ws.resolve("f.txt"), utf8("one\ntwo\nthree\n"));
        assertThat(tools.call("read_file", "{\"file_path\":\"f.txt\",\"offset\":2}").output())
                .isEqualTo("     2\ttwo\n     3\tthree\n(lines 2-3 of 3)\n");
        assertThat(tools.call("read_file", "{\"file_path\":\"f.txt\",\"offset\":2,\"limit\":1}").output())
                .isEqualTo("     2\ttwo\n(lines 2-2 of 3; continue with offset=3)\n");
    }

    @Test
    void aHeadCutInsideTheFirstCharacterKeepsNothingOfIt() throws IOException {
        Path log = Files.write(tmp.resolve("log"), utf8("€" + "x".repeat(10)));
        assertThat(ProcessOutput.read(log, 0, 2, 3, "[%d]")).isEqualTo("[8]xxx");
    }

    @Test
    void aCutAfterAnyLeadByteDropsTheUnfinishedCharacter() {
        // lead bytes at the edges of the 2-, 3- and 4-byte ranges, each followed by one byte fewer than its sequence needs
        int[][] stubs = {{0xC0}, {0xDF}, {0xE0, 0xA4}, {0xEF, 0xBF}, {0xF0, 0x9F, 0x98}, {0xF4, 0x8F, 0xBF}};
        for (int[] stub : stubs) {
            byte[] b = new byte[stub.length + 1];
            b[0] = 'a';
            for (int i = 0; i < stub.length; i++) {
                b[i + 1] = (byte) stub[i];
            }
            assertThat(ProcessOutput.decode(b, false, true)).as("a, then %02X and %d more", stub[0], stub.length - 1).isEqualTo("a");
        }
    }
}
