package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals.Approver.Answer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalPromptTest {
    static ApprovalPolicy.Action command(String c) {
        return new ApprovalPolicy.Action("bash", ApprovalPolicy.Kind.COMMAND, List.of(c));
    }

    @Test
    void controlCharactersInACommandAreShownNotObeyed() {
        String q = ApprovalPrompt.question(command("touch pwned\r\u001b[2Kgit status"), new ApprovalPolicy.Verdict(ApprovalPolicy.Decision.ASK, "r"));
        assertThat(q).contains("`touch pwned\\r\\e[2Kgit status`").doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void aMultiLineCommandIsShownWhole() {
        String q = ApprovalPrompt.question(command("ls\ntouch X\u0007"), new ApprovalPolicy.Verdict(ApprovalPolicy.Decision.ASK, "r"));
        assertThat(q).contains("\u2502 ls\n", "\u2502 touch X\\x07\n").doesNotContain("\u0007");
    }

    @Test
    void enterDoesNotApproveADangerousCommand() {
        assertThat(ApprovalPrompt.answer('\r', false)).isEqualTo(Answer.YES);
        assertThat(ApprovalPrompt.answer('\r', true)).isNull();
        assertThat(ApprovalPrompt.answer('\n', true)).isNull();
        assertThat(ApprovalPrompt.answer('a', true)).isNull();
        assertThat(ApprovalPrompt.answer('y', true)).isEqualTo(Answer.YES);
        assertThat(ApprovalPrompt.answer('n', true)).isEqualTo(Answer.NO);
        assertThat(ApprovalPrompt.question(command("git clean -fdx"), new ApprovalPolicy.Verdict(ApprovalPolicy.Decision.ASK, "d", true)))
                .contains("Enter does not approve");
    }

    @Test
    void terminalSequencesInModelTextAreEscaped() {
        assertThat(TerminalText.escape("a\u001b]52;c;aGk=\u0007b\u001b]0;title\u0007\u009b2J\u202e\tz\n"))
                .isEqualTo("a\\e]52;c;aGk=\\x07b\\e]0;title\\x07\\x9b2J\\u202e\tz\n");
        assertThat(ProgressPrinter.describe("{\"command\":\"ls\\ntouch X\\r\"}")).isEqualTo("ls\\ntouch X\\r");
    }
}
