package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteFileToolTest extends ToolTestSupport {

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(ws.resolve("dir"));
    }

    @Test
    void createsParentsAndLeavesNoTemporaryFiles() throws IOException {
        ToolResult r = tools.call("write_file", "{\"file_path\":\"deep/er/new.txt\",\"content\":\"hi\\nthere\\n\"}");
        assertThat(r.output()).isEqualTo("Created deep/er/new.txt (2 lines).");
        assertThat(Files.readString(ws.resolve("deep/er/new.txt"))).isEqualTo("hi\nthere\n");
        try (Stream<Path> files = Files.walk(ws)) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".fathom-tmp"));
        }
        assertThat(tools.call("write_file", "{\"file_path\":\"deep/er/new.txt\",\"content\":\"x\"}").output())
                .startsWith("Overwrote deep/er/new.txt");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"file_path\":\"dir\",\"content\":\"x\"}|dir is a directory",
        "{\"file_path\":\"../escape.txt\",\"content\":\"x\"}|outside the workspace",
        "{\"file_path\":\".git/hooks/pre-commit\",\"content\":\"x\"}|inside .git/",
        "{\"file_path\":\"a.txt\"}|Missing required parameter 'content'",
        "{\"file_path\":\"a.txt\",\"content\":[1]}|of write_file must be a string, got array",
    })
    void refusesBadWrites(String arguments, String expected) {
        assertRefused("write_file", arguments, expected);
    }
}
