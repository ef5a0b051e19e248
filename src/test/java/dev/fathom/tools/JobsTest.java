package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobsTest extends ToolTestSupport {

    @BeforeEach
    void setUp() throws IOException {
    }

    @Test
    void backgroundJobReturnsAtOnceAndOutputIsReadIncrementally() throws Exception {
        long t0 = System.nanoTime();
        ToolResult started = tools.call("bash", "{\"command\":\"echo ready; sleep 0.8; echo later; sleep 60\",\"background\":true}");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        assertThat(started.output()).startsWith("Started background job 1").contains("running").contains("ready");
        Thread.sleep(1200);
        ToolResult next = tools.call("job_output", "{\"job_id\":\"1\"}");
        assertThat(next.output()).startsWith("[job 1: running;").contains("\nlater\n").doesNotContain("\nready");
        assertThat(tools.call("job_output", "{\"job_id\":\"1\"}").output()).contains("(no new output)");
        ToolResult killed = tools.call("job_output", "{\"job_id\":\"1\",\"kill\":true}");
        assertThat(killed.output()).contains("killed (exited with code");
    }

    @Test
    void jobsEndWithTheSession() throws Exception {
        tools.call("bash", "{\"command\":\"sleep 120 & echo $! > child.pid; sleep 120\",\"background\":true}");
        Thread.sleep(300);
        long child = Long.parseLong(Files.readString(ws.resolve("child.pid")).trim());
        tools.context.jobs().close();
        Thread.sleep(200);
        assertThat(dev.fathom.cli.ExecFailuresTestAccess.running(child)).isFalse();
    }

    @Test
    void aFinishedJobReportsItsExitCode() throws Exception {
        tools.call("bash", "{\"command\":\"echo done; exit 7\",\"background\":true}");
        Thread.sleep(300);
        assertThat(tools.call("job_output", "{\"job_id\":\"1\"}").output()).startsWith("[job 1: exited with code 7;");
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
