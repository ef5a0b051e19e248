package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ripgrep and the Java engine give the same answer, ignore files, context and caps included. */
class GrepEnginesTest {
    @TempDir
    Path ws;
    ToolRegistry ripgrep;
    ToolRegistry java;
    ToolContext ctx;

    @BeforeEach
    void setUp() throws IOException {
        dev.fathom.testing.Bubblewrap.requireTool(Ripgrep.find() != null, "ripgrep (rg)");
        ripgrep = new ToolRegistry(List.of(new GrepTool(true)), ToolHarness.JSON);
        java = new ToolRegistry(List.of(new GrepTool(false)), ToolHarness.JSON);
        ctx = new ToolHarness(ws, ws.resolve(".out")).context;
        write(".gitignore", "build/\n*.tmp\n");
        write("src/.gitignore", "gen/\n");
        write(".github/workflow.yml", "run: mvn test # TODO ci\n");
        for (int i = 0; i < 30; i++) {
            write("src/pkg" + (i % 4) + "/File" + i + ".java", "package p;\n// TODO item " + i + "\nclass File" + i
                    + " {\n  int x = " + i + ";\n  // todo lower\n}\n");
        }
        write("src/gen/Gen.java", "// TODO generated\n");
        write("build/out.txt", "TODO built\n");
        write("notes.tmp", "TODO temp\n");
        write("crlf.txt", "TODO one\r\ntwo\r\n");
        Files.write(ws.resolve("bin.dat"), new byte[] {'T', 'O', 'D', 'O', 0, 1, 2});
    }

    void write(String rel, String content) throws IOException {
        Path p = ws.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"pattern\":\"TODO\"}",
        "{\"pattern\":\"todo\",\"ignore_case\":true,\"max_results\":7}",
        "{\"pattern\":\"TODO\",\"context\":2,\"glob\":\"*.java\"}",
        "{\"pattern\":\"int x = 1\\\\d\",\"path\":\"src\"}",
        "{\"pattern\":\"x = [0-9]+;\",\"context\":1,\"max_results\":3,\"path\":\"src/pkg1\"}",
        "{\"pattern\":\"^two$\"}",
        "{\"pattern\":\"nothing matches this\"}",
    })
    void bothEnginesAnswerAlike(String arguments) throws InterruptedException {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("c").name("grep").arguments(arguments).build();
        ToolResult fromRg = ripgrep.execute(call, ctx);
        ToolResult fromJava = java.execute(call, ctx);
        assertThat(fromRg.output()).isEqualTo(fromJava.output());
        assertThat(fromRg.output()).doesNotContain("build/").doesNotContain("notes.tmp").doesNotContain("gen/").doesNotContain("bin.dat");
    }
}
