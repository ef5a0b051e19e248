package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Background jobs at their limits: the most that may run, the jobs named when an id is wrong, a long output's cut. */
class JobLimitsTest extends ToolTestSupport {

    @AfterEach
    void endTheSession() {
        tools.context.jobs().close();
    }

    @Test
    void eightJobsMayRunAndANinthIsRefusedUntilOneIsKilled() {
        for (int i = 1; i <= Jobs.MAX_RUNNING; i++) {
            assertThat(tools.call("bash", "{\"command\":\"sleep 300\",\"background\":true}").output()).startsWith("Started background job " + i + " ");
        }
        assertThat(assertRefused("bash", "{\"command\":\"sleep 300\",\"background\":true}", "").output())
                .isEqualTo("8 background jobs are running, the most allowed. Kill one with job_output (kill: true) first.");
        assertThat(tools.call("job_output", "{\"job_id\":\"3\",\"kill\":true}").output()).startsWith("[job 3: killed (exited with code ");
        assertThat(tools.call("bash", "{\"command\":\"sleep 300\",\"background\":true}").output()).startsWith("Started background job 9 ");
    }

    @Test
    void aWrongIdIsAnsweredWithTheKnownJobsInOrderAndASpacedIdIsFound() {
        for (int i = 0; i < 2; i++) {
            tools.call("bash", "{\"command\":\"sleep 300\",\"background\":true}");
        }
        assertThat(assertRefused("job_output", "{\"job_id\":\"7\"}", "").output()).isEqualTo("No background job '7'. Known jobs: 1, 2.");
        assertThat(tools.call("job_output", "{\"job_id\":\" 2 \"}").output()).isEqualTo("[job 2: running; sleep 300]\n(no new output)\n");
    }

    @Test
    void aLongOutputIsReadAsItsHeadAndTailWithTheLogNamed() throws Exception {
        // the job prints only once told to, so that the whole output arrives in one read after it ended
        tools.call("bash", "{\"command\":\"while [ ! -e go ]; do sleep 0.1; done; head -c 40000 /dev/zero | tr '\\\\0' j; echo; echo end\","
                + "\"background\":true}");
        Files.createFile(ws.resolve("go"));
        Jobs.Job job = tools.context.jobs().get("1");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> !job.process.isAlive())).isTrue();
        Path log = tmp.resolve("out").resolve("job-1.log");
        assertThat(tools.call("job_output", "{\"job_id\":\"1\"}").output()).isEqualTo("[job 1: exited with code 0; while [ ! -e go ]; do "
                + "sleep 0.1; done; head -c 40000 /dev/zero | tr '\\0' j; echo; echo end]\n" + "j".repeat(14_500)
                + "\n[... 11005 bytes omitted; the whole log is " + log + " ...]\n" + "j".repeat(14_495) + "\nend\n");
    }
}
