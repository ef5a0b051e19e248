package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.loop.AgentEvent;
import dev.fathom.loop.AgentResult;
import dev.fathom.loop.UsageTotals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/**
 * Esc stops a turn at once, but the thread reading the answer's stream may still be handing over a piece of text it had
 * read. That piece arrives after the turn has ended, while the next prompt is being drawn by the line reader (which
 * does not take the front end's lock). The order the race produces is played here step by step: the late text must
 * not be printed, so the notice and the prompt stay as drawn.
 */
class LateStreamTextTest {
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @Test
    void textThatArrivesAfterTheTurnFinishedIsNotPrinted() throws Exception {
        Terminal t = new DumbTerminal("test", "xterm-256color", new ByteArrayInputStream(new byte[0]), screen, StandardCharsets.UTF_8);
        TerminalUi ui = new TerminalUi(t, false);
        ui.turnStarted();
        ui.on(new AgentEvent.TextDelta("Line 1 of a long answer.\nLine 2 of"));
        ui.on(new AgentEvent.Finished(new AgentResult(AgentResult.Status.INTERRUPTED, "", null, null, 1, UsageTotals.Usage.ZERO, null,
                1, "m", "s")));
        ui.turnEnded();
        ui.notice("(stopped; the conversation is kept)");
        String beforeLate = screen.toString(StandardCharsets.UTF_8);
        assertThat(beforeLate).contains("Line 2 of\n(stopped; the conversation is kept)\n");

        ui.on(new AgentEvent.TextDelta(" a long answer.\nLine 3"));
        ui.on(new AgentEvent.ReasoningDelta("late reasoning"));

        assertThat(screen.toString(StandardCharsets.UTF_8)).as("nothing printed after the notice").isEqualTo(beforeLate);
    }

    @Test
    void theNextTurnStreamsAgain() throws Exception {
        Terminal t = new DumbTerminal("test", "xterm-256color", new ByteArrayInputStream(new byte[0]), screen, StandardCharsets.UTF_8);
        TerminalUi ui = new TerminalUi(t, false);
        ui.turnStarted();
        ui.on(new AgentEvent.Finished(new AgentResult(AgentResult.Status.INTERRUPTED, "", null, null, 1, UsageTotals.Usage.ZERO, null,
                1, "m", "s")));
        ui.turnEnded();
        ui.turnStarted();
        ui.on(new AgentEvent.TextDelta("Continuing.\n"));
        ui.on(new AgentEvent.Finished(new AgentResult(AgentResult.Status.DONE, "", null, null, 1, UsageTotals.Usage.ZERO, null,
                1, "m", "s")));
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("Continuing.");
    }
}
