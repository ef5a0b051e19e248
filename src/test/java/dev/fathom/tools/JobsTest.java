package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.cli.ExecFailuresTestAccess;
import dev.fathom.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobsTest extends ToolTestSupport {

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void backgroundJobReturnsAtOnceAndOutputIsReadIncrementally() throws Exception {
        // The call returns while the job still runs (it sleeps a minute at the end): "running", not an exit code.
        ToolResult started = tools.call("bash", "{\"command\":\"echo ready; sleep 0.8; echo later; sleep 60\",\"background\":true}");
        assertThat(started.output()).startsWith("Started background job 1").contains("running").contains("ready");
        // Each read gives only what is new (after its status line): read until "later" came, and "ready" never again.
        List<String> reads = new ArrayList<>();
        assertThat(Poll.until(Duration.ofSeconds(60), () -> {
            reads.add(tools.call("job_output", "{\"job_id\":\"1\"}").output());
            return reads.get(reads.size() - 1).contains("\nlater\n");
        })).as("reads: %s", reads).isTrue();
        assertThat(reads).allSatisfy(read -> assertThat(read).startsWith("[job 1: running;").doesNotContain("\nready"));
        assertThat(tools.call("job_output", "{\"job_id\":\"1\"}").output()).contains("(no new output)");
        ToolResult killed = tools.call("job_output", "{\"job_id\":\"1\",\"kill\":true}");
        assertThat(killed.output()).contains("killed (exited with code");
    }

    @Test
    void jobsEndWithTheSession() throws Exception {
        tools.call("bash", "{\"command\":\"sleep 120 & echo $! > child.pid; sleep 120\",\"background\":true}");
        Path pidFile = ws.resolve("child.pid");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> pidFile.toFile().length() > 0 && read(pidFile).endsWith("\n"))).isTrue();
        long child = Long.parseLong(read(pidFile).trim());
        assertThat(ExecFailuresTestAccess.running(child)).as("the job's child runs before the session ends").isTrue();
        tools.context.jobs().close();
        // It sleeps two minutes, so only the kill can end it within the wait.
        assertThat(Poll.until(Duration.ofSeconds(60), () -> !ExecFailuresTestAccess.running(child))).as("child %d ended", child).isTrue();
    }

    @Test
    void aFinishedJobReportsItsExitCode() throws Exception {
        tools.call("bash", "{\"command\":\"echo done; exit 7\",\"background\":true}");
        List<String> reads = new ArrayList<>();
        assertThat(Poll.until(Duration.ofSeconds(60), () -> {
            reads.add(tools.call("job_output", "{\"job_id\":\"1\"}").output());
            return !reads.get(reads.size() - 1).startsWith("[job 1: running;");
        })).as("reads: %s", reads).isTrue();
        assertThat(reads.get(reads.size() - 1)).startsWith("[job 1: exited with code 7;");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"job_id\":\"9\"}|No background job '9'. Known jobs: none",
        "{\"job_id\":\"abc\"}|No background job 'abc'",
        "{}|Missing required parameter 'job_id'",
        "{\"job_id\":\"1\",\"kill\":\"please\"}|must be true or false",
    })
    void refusesBadInput(String arguments, String expected) {
        assertRefused("job_output", arguments, expected);
    }

    @Test
    void backgroundRefusesATimeout() {
        assertThat(tools.call("bash", "{\"command\":\"sleep 1\",\"background\":true,\"timeout_seconds\":5}").output())
                .contains("timeout_seconds does not apply to background jobs");
    }
}
