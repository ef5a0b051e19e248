package dev.fathom.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a stuck model escalates: failures of one kind in a row, reset by a success, not counted when refused. */
class EscalationRulesTest {
    final EscalationRules rules = new EscalationRules(3);
    int id;

    String call(String name, String args, String output, boolean error, String summary) {
        String callId = "c" + id++;
        assertThat(rules.on(new AgentEvent.ToolCallStarted(callId, name, args))).isNull();
        return rules.on(new AgentEvent.ToolCallFinished(callId, name, output, error, summary, 1));
    }

    String bash(String command, String summary) {
        return call("bash", "{\"command\":\"" + command + "\"}", "out", false, summary);
    }

    @Test
    void theSameCommandFailingThreeTimesEscalatesWithTheCommandInTheReason() {
        assertThat(bash("npm test", "exit 1")).isNull();
        assertThat(bash("npm test", "exit 1")).isNull();
        assertThat(bash("npm test", "timed out")).isEqualTo("3 failures of the command `npm test` in a row");
        assertThat(bash("npm test", "exit 1")).as("the streak starts again after an escalation").isNull();
    }

    @Test
    void aSuccessOrADifferentFailureEndsTheStreakButARefusalDoesNot() {
        assertThat(bash("make", "exit 2")).isNull();
        assertThat(bash("make", "exit 2")).isNull();
        assertThat(bash("make", "exit 0")).isNull();
        assertThat(bash("make", "exit 2")).isNull();
        assertThat(bash("make", "exit 2")).isNull();
        assertThat(bash("make test", "exit 2")).as("another command is another kind").isNull();
        assertThat(bash("make test", "exit 2")).isNull();
        assertThat(call("bash", "{\"command\":\"rm -rf x\"}", "Not run", true, "denied")).isNull();
        assertThat(bash("make test", "exit 2")).isEqualTo("3 failures of the command `make test` in a row");
    }

    @Test
    void editsWhoseTextIsNotFoundCountTogetherAcrossFilesAndTools() {
        assertThat(call("edit_file", "{\"file_path\":\"a\"}", "old_string was not found in a. Read the file again", true, "error")).isNull();
        assertThat(call("apply_patch", "{}", "b.txt does not match the file: these lines were not found", true, "error")).isNull();
        assertThat(call("edit_file", "{\"file_path\":\"c\"}", "old_string was not found in c.", true, "error"))
                .isEqualTo("3 edits whose old text was not found in a row");
    }
}
