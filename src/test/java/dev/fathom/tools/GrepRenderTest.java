package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How grep's answer is laid out, the same from both engines: match and context marks, group separators, caps, long lines. */
class GrepRenderTest extends ToolTestSupport {

    private ToolResult grep(String arguments) throws InterruptedException {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("c").name("grep").arguments(arguments).build();
        ToolResult java = new ToolRegistry(List.of(new GrepTool(false)), ToolHarness.JSON).execute(call, tools.context);
        if (Ripgrep.find() != null) {
            ToolResult rg = new ToolRegistry(List.of(new GrepTool(true)), ToolHarness.JSON).execute(call, tools.context);
            assertThat(rg.output()).as("ripgrep's answer to %s", arguments).isEqualTo(java.output());
            assertThat(rg.summary()).isEqualTo(java.summary());
        }
        return java;
    }

    @Test
    void adjacentMatchesAreBothMarkedAsMatchesThoughEachIsTheOthersContext() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "m1\nm2\nx\n");
        ToolResult r = grep("{\"pattern\":\"m\",\"context\":1}");
        assertThat(r.output()).isEqualTo("f.txt:1:m1\nf.txt:2:m2\nf.txt-3-x\n");
        assertThat(r.summary()).isEqualTo("2 matches");
    }

    @Test
    void groupsApartAreSeparatedAndTouchingGroupsAreNot() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "m\na\nb\nc\nm\nd\nm\n");
        assertThat(grep("{\"pattern\":\"m\",\"context\":1}").output())
                .isEqualTo("f.txt:1:m\nf.txt-2-a\n--\nf.txt-4-c\nf.txt:5:m\nf.txt-6-d\nf.txt:7:m\n");
    }

    @Test
    void atTheCapTheLastMatchKeepsItsTrailingContextAndTheNoteSaysWhereItStopped() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "x\nm\ny\nm\nz\n");
        Files.writeString(ws.resolve("b.txt"), "m\n");
        ToolResult r = grep("{\"pattern\":\"m\",\"context\":1,\"max_results\":1}");
        assertThat(r.output()).isEqualTo("a.txt-1-x\na.txt:2:m\na.txt-3-y\n"
                + "(stopped at 1 matches; narrow the pattern, path or glob, or raise max_results)\n");
        assertThat(r.summary()).isEqualTo("1 matches");
        ToolResult two = grep("{\"pattern\":\"m\",\"max_results\":2}");
        assertThat(two.output()).isEqualTo("a.txt:2:m\n--\na.txt:4:m\n(stopped at 2 matches; narrow the pattern, path or glob, or raise max_results)\n");
        ToolResult all = grep("{\"pattern\":\"m\",\"max_results\":3}");
        assertThat(all.output()).isEqualTo("a.txt:2:m\n--\na.txt:4:m\nb.txt:1:m\n");
        assertThat(all.summary()).isEqualTo("3 matches");
    }

    @Test
    void aLineOfFiveHundredCharactersIsShownWholeAndALongerOneIsCut() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "m" + "a".repeat(499) + "\nm" + "b".repeat(500) + "\n");
        assertThat(grep("{\"pattern\":\"^m\"}").output())
                .isEqualTo("f.txt:1:m" + "a".repeat(499) + "\nf.txt:2:m" + "b".repeat(499) + "…\n");
    }

    @Test
    void noMatchNamesThePattern() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "abc\n");
        ToolResult r = grep("{\"pattern\":\"x+y\"}");
        assertThat(r.output()).isEqualTo("No matches for /x+y/.");
        assertThat(r.summary()).isEqualTo("0 matches");
    }
}
