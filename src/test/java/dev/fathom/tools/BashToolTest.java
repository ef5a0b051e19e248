package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BashToolTest extends ToolTestSupport {

    @BeforeEach
    void setUp() throws IOException {
    }

    @Test
    void runsInTheWorkspaceWithInterleavedOutputAndExitCode() {
        ToolResult r = tools.call("bash", "{\"command\":\"pwd; echo out; echo err >&2; exit 3\"}");
        assertThat(r.error()).isFalse();
        assertThat(r.output()).isEqualTo(ws + "\nout\nerr\n[exit code 3]");
        assertThat(r.summary()).isEqualTo("exit 3");
    }

    @Test
    void stdinIsClosedSoPromptsFailInsteadOfHanging() {
        ToolResult r = tools.call("bash", "{\"command\":\"read x; echo \\\"got [$x] $?\\\"\", \"timeout_seconds\": 5}");
        assertThat(r.output()).contains("got []");
    }

    @Test
    void seesOnlyTheAllowlistedEnvironment() {
        ToolHarness withEnv = new ToolHarness(ws, tmp.resolve("out"));
        ToolContext ctx = ToolContext.create(withEnv.context.guard(),
                dev.fathom.safety.ChildEnvironment.scrub(Map.of("PATH", System.getenv("PATH"), "DEEPSEEK_API_KEY", "sk-123",
                        "GITHUB_TOKEN", "ghp", "EDITOR", "vi"), java.util.Set.of()), tmp.resolve("out"));
        ToolResult r;
        try {
            r = ToolHarness.REGISTRY.execute(dev.langchain4j.agent.tool.ToolExecutionRequest.builder().id("c").name("bash")
                    .arguments("{\"command\":\"env | sort\"}").build(), ctx);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(r.output()).contains("PATH=").contains("GIT_CONFIG_COUNT=2").doesNotContain("EDITOR=vi").doesNotContain("sk-123")
                .doesNotContain("GITHUB_TOKEN");
    }

    @Test
    void longOutputKeepsHeadAndTailAndSavesTheWhole() throws IOException {
        ToolResult r = tools.call("bash", "{\"command\":\"seq 1 100000\"}");
        assertThat(r.output()).startsWith("1\n2\n3\n").contains("100000\n[exit code 0]").contains("omitted");
        assertThat(r.output().length()).isLessThanOrEqualTo(OutputLimits.MAX_TOOL_OUTPUT_CHARS + 400);
        String saved = r.output().replaceAll("(?s).*is saved in (\\S+) .*", "$1");
        assertThat(Files.readAllLines(Path.of(saved))).hasSize(100_000);
    }

    @Test
    void timeoutKillsTheProcessTree() {
        // An unusual duration marks both sleeps; they last an hour, so only the kill can end them.
        String marker = "sleep " + (3_600 + System.nanoTime() % 1_000);
        ToolResult r = tools.call("bash", "{\"command\":\"" + marker + " | " + marker + "\", \"timeout_seconds\": 1}");
        assertThat(r.output()).contains("timed out after 1 s");
        assertThat(r.summary()).isEqualTo("timed out");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> live(marker) == 0)).as("both sides of the pipe were killed").isTrue();
    }

    private static long live(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker))
                .filter(p -> dev.fathom.cli.ExecFailuresTestAccess.running(p.pid())).count();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}|Missing required parameter 'command'",
        "{\"command\": \"  \"}|command is empty",
        "{\"command\": \"ls\", \"timeout_seconds\": 0}|timeout_seconds must be between 1 and 600",
        "{\"command\": \"ls\", \"timeout_seconds\": 601}|timeout_seconds must be between 1 and 600",
        "{\"command\": [\"ls\"]}|must be a string",
    })
    void refusesBadInput(String arguments, String expected) {
        assertRefused("bash", arguments, expected);
    }
}
