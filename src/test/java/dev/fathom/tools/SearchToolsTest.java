package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** glob and grep over a small tree with .gitignore files at two levels. */
class SearchToolsTest extends ToolTestSupport {

    @BeforeEach
    void setUp() throws IOException {
        write(".gitignore", "target/\n*.log\n!keep.log\n/local.txt\n");
        write("src/main/App.java", "class App {\n  // TODO: greet\n  void run() {}\n}\n", 100);
        write("src/main/Util.java", "class Util {\n  // todo later\n}\n", 200);
        write("src/test/AppTest.java", "class AppTest {}\n", 50);
        write("src/.gitignore", "generated/\n");
        write("src/generated/Gen.java", "class Gen { // TODO }\n");
        write("target/App.class", "TODO");
        write("debug.log", "TODO");
        write("keep.log", "TODO kept\n");
        write("local.txt", "TODO");
        write("docs/local.txt", "TODO docs\n");
        write(".git/HEAD", "TODO");
        Files.write(ws.resolve("image.png"), new byte[] {'T', 'O', 'D', 'O', 0, 1});
    }

    void write(String rel, String content) throws IOException {
        write(rel, content, 0);
    }

    void write(String rel, String content, int ageSeconds) throws IOException {
        Path p = ws.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(ageSeconds)));
    }

    @Test
    void globIsGitignoreAwareAndNewestFirst() {
        ToolResult r = tools.call("glob", "{\"pattern\":\"*.java\"}");
        assertThat(r.output().lines()).containsExactly("src/test/AppTest.java", "src/main/App.java", "src/main/Util.java");
        assertThat(tools.call("glob", "{\"pattern\":\"main/*.java\",\"path\":\"src\"}").output().lines())
                .containsExactly("src/main/App.java", "src/main/Util.java");
        assertThat(tools.call("glob", "{\"pattern\":\"*.log\"}").output().lines()).containsExactly("keep.log");
        assertThat(tools.call("glob", "{\"pattern\":\"**/local.txt\"}").output().lines()).containsExactly("docs/local.txt");
        assertThat(tools.call("glob", "{\"pattern\":\"*.rs\"}").output()).startsWith("No files match");
    }

    @Test
    void grepFindsMatchesWithContextAndSkipsIgnoredAndBinaryFiles() {
        ToolResult r = tools.call("grep", "{\"pattern\":\"TODO\"}");
        assertThat(r.output().lines()).containsExactly("docs/local.txt:1:TODO docs", "keep.log:1:TODO kept", "src/main/App.java:2:  // TODO: greet");
        ToolResult ci = tools.call("grep", "{\"pattern\":\"todo\",\"ignore_case\":true,\"glob\":\"*.java\",\"context\":1}");
        assertThat(ci.output()).isEqualTo("src/main/App.java-1-class App {\nsrc/main/App.java:2:  // TODO: greet\n"
                + "src/main/App.java-3-  void run() {}\n--\n".replace("--\n", "")
                + "src/main/Util.java-1-class Util {\nsrc/main/Util.java:2:  // todo later\nsrc/main/Util.java-3-}\n");
        ToolResult capped = tools.call("grep", "{\"pattern\":\"class\",\"max_results\":2}");
        assertThat(capped.output()).contains("stopped at 2 matches");
        assertThat(tools.call("grep", "{\"pattern\":\"nothing-here\"}").output()).startsWith("No matches");
        assertThat(tools.call("grep", "{\"pattern\":\"greet\",\"path\":\"src/main/App.java\"}").output())
                .isEqualTo("src/main/App.java:2:  // TODO: greet\n");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "grep|{\"pattern\":\"(unclosed\"}|Invalid regular expression",
        "grep|{\"pattern\":\"\"}|pattern is empty",
        "grep|{\"pattern\":\"x\",\"path\":\"nowhere\"}|does not exist",
        "grep|{\"pattern\":\"x\",\"path\":\"../\"}|outside the workspace",
        "grep|{\"pattern\":\"x\",\"context\":50}|context must be between 0 and 10",
        "grep|{\"pattern\":\"x\",\"max_results\":0}|max_results must be between 1 and 1000",
        "grep|{}|Missing required parameter 'pattern'",
        "glob|{\"pattern\":\"\"}|pattern is empty",
        "glob|{\"pattern\":\"*.java\",\"path\":\"src/main/App.java\"}|is not a directory",
        "glob|{\"pattern\":\"[\"}|Invalid glob pattern",
        "glob|{\"pattern\":\"*\",\"path\":\"/etc\"}|outside the workspace",
    })
    void refusesBadInput(String tool, String arguments, String expected) {
        assertRefused(tool, arguments, expected);
    }
}
