package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.loop.AgentEvent;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals.Approver.Answer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/**
 * The terminal front end shows what the model made with its control characters escaped: a command that tries to
 * rewrite its own approval line, and an answer, reasoning and tool output that try to set the clipboard and title.
 */
class InteractiveEscapesTest {
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    TerminalUi ui(String keys, boolean color) throws Exception {
        Terminal t = new DumbTerminal("test", "xterm-256color", new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen,
                StandardCharsets.UTF_8);
        return new TerminalUi(t, color);
    }

    String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSpoofedApprovalLineIsShownEscapedAndEnterDoesNotApproveADangerousCommand() throws Exception {
        TerminalUi ui = ui("\r\ny", true);
        var action = new ApprovalPolicy.Action("bash", ApprovalPolicy.Kind.COMMAND, List.of("touch pwned\r\u001b[2Kgit status"));
        var response = ui.ask(action, new ApprovalPolicy.Verdict(ApprovalPolicy.Decision.ASK, "it is a dangerous command: x", true));
        assertThat(response.answer()).as("Enter was ignored; y answered").isEqualTo(Answer.YES);
        assertThat(screen()).contains("touch pwned\\r\\e[2Kgit status").doesNotContain("\r\u001b[2K").doesNotContain("pwned\r");
    }

    @Test
    void terminalSequencesInModelTextNeverReachTheTerminalRaw() throws Exception {
        for (boolean color : new boolean[] {true, false}) {
            screen.reset();
            TerminalUi ui = ui("", color);
            ui.on(new AgentEvent.ReasoningDelta("think \u001b]0;owned\u0007"));
            ui.on(new AgentEvent.TextDelta("Copied \u001b]52;c;cm0gLXJmIH4=\u0007 and titled \u001b]0;owned\u0007 "));
            ui.on(new AgentEvent.TextDelta("**bold** \u001b]8;;http://x\u0007link\u001b]8;;\u0007 \u001b[2J\u001b[H\u009b2J done.\n"));
            ui.on(new AgentEvent.ToolCallStarted("1", "bash", "{\"command\":\"echo \\u001b]52;c;eA==\\u0007\"}"));
            ui.on(new AgentEvent.ToolCallFinished("1", "bash", "out \u001b]0;t\u0007\n", false, "", 1));
            String s = screen();
            assertThat(s).contains("\\e]52;c;cm0gLXJmIH4=\\x07", "\\e]0;owned\\x07", "\\e]8;;http://x\\x07", "\\e[2J\\e[H\\x9b2J", "\\e]52;c;eA==\\x07");
            assertThat(s).doesNotContain("\u001b]").doesNotContain("\u0007").doesNotContain("\u001b[2J").doesNotContain("\u009b");
        }
    }
}
