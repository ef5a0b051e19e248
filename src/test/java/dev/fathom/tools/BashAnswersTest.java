package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.safety.ApprovalPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The exact answer of bash around its edges: no output, no final newline, output at exactly the limit, the timeout bounds. */
class BashAnswersTest extends ToolTestSupport {

    @Test
    void aCommandWithoutOutputAnswersWithItsExitCodeAlone() {
        ToolResult r = tools.call("bash", "{\"command\":\"true\"}");
        assertThat(r.output()).isEqualTo("[exit code 0]");
        assertThat(r.summary()).isEqualTo("exit 0");
    }

    @Test
    void outputWithoutAFinalNewlineGetsOneBeforeTheExitCode() {
        assertThat(tools.call("bash", "{\"command\":\"printf x; exit 4\"}").output()).isEqualTo("x\n[exit code 4]");
    }

    @Test
    void theLongestTimeoutIsAccepted() {
        ToolResult r = tools.call("bash", "{\"command\":\"echo ok\",\"timeout_seconds\":600}");
        assertThat(r.output()).isEqualTo("ok\n[exit code 0]");
    }

    @Test
    void outputOfExactlyTheLimitIsReadWholeAndItsLogIsNotKept() throws IOException {
        int limit = OutputLimits.MAX_TOOL_OUTPUT_CHARS;
        ToolResult r = tools.call("bash", "{\"command\":\"head -c " + limit + " /dev/zero | tr '\\\\0' a\"}");
        // the command's own output is whole; only the registry's central cut (in characters) shortens the answer
        String whole = "a".repeat(limit) + "\n[exit code 0]";
        assertThat(r.output()).isEqualTo(OutputLimits.truncate(whole));
        assertThat(logs()).as("the log of an output returned whole is deleted").isEmpty();
    }

    @Test
    void outputOverTheLimitIsCutToItsFirstAndLastBytesAndItsLogIsKept() throws IOException {
        ToolResult r = tools.call("bash", "{\"command\":\"head -c 40000 /dev/zero | tr '\\\\0' b\"}");
        List<Path> logs = logs();
        assertThat(logs).hasSize(1);
        assertThat(r.output()).isEqualTo("b".repeat(16_000) + "\n[... 12000 bytes omitted; the full output (40000 bytes) is saved in "
                + logs.get(0) + " \u2014 read parts of it with bash (sed -n, grep, tail) ...]\n" + "b".repeat(12_000) + "\n[exit code 0]");
    }

    @Test
    void aBackgroundJobThatPrintedNothingYetSaysOnlyThatItStarted() {
        ToolResult r = tools.call("bash", "{\"command\":\"sleep 60\",\"background\":true}");
        try {
            assertThat(r.output()).matches("Started background job 1 \\(pid [1-9][0-9]*\\), now running\\. Read its output with job_output "
                    + "\\{\"job_id\": \"1\"\\}; it is killed when the session ends\\.\n");
            assertThat(r.summary()).isEqualTo("job 1");
        } finally {
            tools.context.jobs().close();
        }
    }

    @Test
    void aCallIsAskedAboutAsTheCommandItRuns() {
        assertThat(ToolHarness.REGISTRY.classifier(ws).classify("bash", "{\"command\":\"rm -rf build\"}"))
                .isEqualTo(new ApprovalPolicy.Action("bash", ApprovalPolicy.Kind.COMMAND, List.of("rm -rf build")));
        assertThat(ToolHarness.REGISTRY.classifier(ws).classify("job_output", "{\"job_id\":\"2\"}"))
                .isEqualTo(new ApprovalPolicy.Action("job_output", ApprovalPolicy.Kind.READ, List.of("job 2")));
        assertThat(ToolHarness.REGISTRY.classifier(ws).classify("job_output", "{\"job_id\":\"2\",\"kill\":true}"))
                .isEqualTo(new ApprovalPolicy.Action("job_output", ApprovalPolicy.Kind.COMMAND, List.of("job 2")));
    }

    private List<Path> logs() throws IOException {
        Path out = tmp.resolve("out");
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.getFileName().toString().startsWith("bash-")).toList();
        }
    }
}
