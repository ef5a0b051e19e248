package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadFileToolTest extends ToolTestSupport {

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(ws.resolve("three.txt"), "one\ntwo\nthree\n");
        Files.write(ws.resolve("blob.bin"), new byte[] {1, 2, 0, 3});
        Files.createDirectories(ws.resolve("dir"));
        Files.writeString(tmp.resolve("outside.txt"), "secret");
        Files.createSymbolicLink(ws.resolve("link.txt"), tmp.resolve("outside.txt"));
        Files.write(ws.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
    }

    @Test
    void numbersLinesAndPages() {
        ToolResult all = tools.call("read_file", "{\"file_path\":\"three.txt\"}");
        assertThat(all.error()).isFalse();
        assertThat(all.output()).isEqualTo("     1\tone\n     2\ttwo\n     3\tthree\n");
        ToolResult page = tools.call("read_file", "{\"file_path\":\"three.txt\",\"offset\":2,\"limit\":1}");
        assertThat(page.output()).isEqualTo("     2\ttwo\n(lines 2-2 of 3; continue with offset=3)\n");
        ToolResult absolute = tools.call("read_file", "{\"file_path\":\"" + ws.resolve("three.txt") + "\"}");
        assertThat(absolute.error()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}|Missing required parameter 'file_path'",
        "{\"file_path\": 7}|must be a string",
        "{\"file_path\": \"\"}|The path is empty",
        "{\"file_path\": \"nope.txt\"}|File not found: nope.txt",
        "{\"file_path\": \"dir\"}|dir is a directory",
        "{\"file_path\": \"blob.bin\"}|looks like a binary file",
        "{\"file_path\": \"../outside.txt\"}|outside the workspace",
        "{\"file_path\": \"link.txt\"}|outside the workspace",
        "{\"file_path\": \"three.txt\", \"offset\": 9}|offset 9 is past the end of three.txt, which has 3 lines",
        "{\"file_path\": \"three.txt\", \"offset\": 0}|offset must be 1 or more",
        "{\"file_path\": \"three.txt\", \"limit\": 2.5}|must be an integer",
        "not json|not valid JSON",
    })
    void refusesBadInputWithAnActionableMessage(String arguments, String expected) {
        assertRefused("read_file", arguments, expected);
    }

    @Test
    void refusesHugeFilesWithoutARange() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(ws.resolve("big.log").toFile(), "rw")) {
            f.setLength(50L * 1024 * 1024);
        }
        assertThat(tools.call("read_file", "{\"file_path\":\"big.log\"}").output()).contains("is large").contains("offset and limit");
    }

    @Test
    void showsInvalidUtf8WithReplacementCharactersAndSaysSo() {
        ToolResult r = tools.call("read_file", "{\"file_path\":\"latin1.txt\"}");
        assertThat(r.error()).isFalse();
        assertThat(r.output()).contains("caf\uFFFD").contains("not valid UTF-8");
    }
}
