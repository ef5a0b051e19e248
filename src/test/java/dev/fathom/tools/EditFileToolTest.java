package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EditFileToolTest extends ToolTestSupport {

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(ws.resolve("a.txt"), "alpha\nbeta\nalpha\n");
        Files.writeString(ws.resolve("crlf.txt"), "one\r\ntwo\r\nthree\r\n");
        Files.write(ws.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        Files.createDirectories(ws.resolve(".git"));
        Files.writeString(ws.resolve(".git/config"), "[core]\n");
        Files.writeString(tmp.resolve("outside.txt"), "alpha\n");
    }

    @Test
    void replacesOnceAndAnswersWithADiff() throws IOException {
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"a.txt\",\"old_string\":\"beta\",\"new_string\":\"gamma\"}");
        assertThat(r.error()).isFalse();
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("alpha\ngamma\nalpha\n");
        assertThat(r.output()).contains("-beta").contains("+gamma").contains("@@");
        assertThat(r.summary()).isEqualTo("+1 \u22121");
    }

    @Test
    void replaceAllChangesEveryOccurrence() throws IOException {
        tools.call("edit_file", "{\"file_path\":\"a.txt\",\"old_string\":\"alpha\",\"new_string\":\"omega\",\"replace_all\":true}");
        assertThat(Files.readString(ws.resolve("a.txt"))).isEqualTo("omega\nbeta\nomega\n");
    }

    @Test
    void keepsCrlfLineEndingsAndPermissions() throws IOException {
        Files.setPosixFilePermissions(ws.resolve("crlf.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"crlf.txt\",\"old_string\":\"one\\ntwo\",\"new_string\":\"uno\\ndos\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(Files.readString(ws.resolve("crlf.txt"))).isEqualTo("uno\r\ndos\r\nthree\r\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.resolve("crlf.txt")))).isEqualTo("rwxr-x---");
    }

    @Test
    void refusesAFileChangedOnDiskSinceTheLastRead() throws IOException {
        tools.call("read_file", "{\"file_path\":\"a.txt\"}");
        Files.writeString(ws.resolve("a.txt"), "alpha\nbeta\nalpha\nuser line\n");
        Files.setLastModifiedTime(ws.resolve("a.txt"), FileTime.from(Instant.now().plusSeconds(5)));
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"a.txt\",\"old_string\":\"beta\",\"new_string\":\"gamma\"}");
        assertThat(r.error()).isTrue();
        assertThat(r.output()).contains("changed on disk since you last read it");
        assertThat(Files.readString(ws.resolve("a.txt"))).endsWith("user line\n");
        tools.call("read_file", "{\"file_path\":\"a.txt\"}");
        assertThat(tools.call("edit_file", "{\"file_path\":\"a.txt\",\"old_string\":\"beta\",\"new_string\":\"gamma\"}").error()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"file_path\":\"a.txt\",\"old_string\":\"zeta\",\"new_string\":\"x\"}|old_string was not found in a.txt",
        "{\"file_path\":\"a.txt\",\"old_string\":\"alpha\",\"new_string\":\"x\"}|old_string occurs 2 times in a.txt (lines 1, 3)",
        "{\"file_path\":\"a.txt\",\"old_string\":\"\",\"new_string\":\"x\"}|old_string is empty",
        "{\"file_path\":\"a.txt\",\"old_string\":\"beta\",\"new_string\":\"beta\"}|identical",
        "{\"file_path\":\"a.txt\",\"old_string\":\"beta\"}|Missing required parameter 'new_string'",
        "{\"file_path\":\"a.txt\",\"old_string\":\"beta\",\"new_string\":\"x\",\"replace_all\":\"yes\"}|must be true or false",
        "{\"file_path\":\"missing.txt\",\"old_string\":\"a\",\"new_string\":\"b\"}|File not found: missing.txt",
        "{\"file_path\":\".\",\"old_string\":\"a\",\"new_string\":\"b\"}|is a directory",
        "{\"file_path\":\"../outside.txt\",\"old_string\":\"alpha\",\"new_string\":\"b\"}|outside the workspace",
        "{\"file_path\":\".git/config\",\"old_string\":\"core\",\"new_string\":\"b\"}|inside .git/",
        "{\"file_path\":\"latin1.txt\",\"old_string\":\"caf\",\"new_string\":\"b\"}|not valid UTF-8",
        "{\"file_path\":\"a.txt\",\"old_string\":\"beta\",\"new_string\":\"x\"|not valid JSON",
    })
    void badEditsChangeNothing(String arguments, String expected) {
        assertRefused("edit_file", arguments, expected);
    }

    @Test
    void largeFileEditsAreFast() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("line number ").append(i).append('\n');
        }
        Files.writeString(ws.resolve("big.txt"), sb);
        tools.call("read_file", "{\"file_path\":\"big.txt\",\"offset\":50000,\"limit\":10}");
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"big.txt\",\"old_string\":\"line number 77777\\n\",\"new_string\":\"changed\\n\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(r.output()).contains("+changed");
        assertThat(Files.readString(ws.resolve("big.txt"))).contains("line number 77776\nchanged\nline number 77778\n");
    }
}
