package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.loop.AgentEvent;
import dev.fathom.loop.AgentResult;
import dev.fathom.loop.UsageTotals;
import dev.fathom.testing.Poll;
import dev.fathom.testing.Tmux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window shrinks while a turn streams with keys typed ahead (two status rows), and the front end learns of it
 * only afterwards (on a loaded machine the size signal comes late). Before, the status line kept JLine's layout for the
 * old size and moved the cursor up by rows it assumed it had scrolled, so what followed (the notice, the prompt) was
 * printed over the lines above it. A small program drives {@link TerminalUi} in tmux; the test tells it when the window
 * has been resized through a file, so the order is fixed.
 */
class StatusLineResizeTmuxTest {
    @TempDir
    Path tmp;

    /** The program in tmux: a streamed answer, a resize it is told of late, the stop notice and a prompt. */
    public static void main(String[] args) throws Exception {
        Path resized = Path.of(args[0]);
        Terminal terminal = TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8).build();
        TerminalUi ui = new TerminalUi(terminal, true);
        ui.turnStarted();
        for (int i = 1; i <= 45; i++) {
            ui.on(new AgentEvent.TextDelta("Line " + i + " of the answer.\n"));
        }
        ui.typedAhead("Go on");
        ui.on(new AgentEvent.TextDelta("Line 46 of"));
        Files.writeString(resized.resolveSibling("ready"), "");
        while (!Files.exists(resized)) {
            Thread.onSpinWait(); // waits for the test's signal, not for time
        }
        ui.on(new AgentEvent.TextDelta(" the answer.\nLine 47 of the answer.\n"));
        ui.resized();
        ui.on(new AgentEvent.Finished(new AgentResult(AgentResult.Status.INTERRUPTED, "", null, null, 1, UsageTotals.Usage.ZERO, null,
                1, "m", "s")));
        ui.turnEnded();
        ui.notice("(stopped; the conversation is kept)");
        ui.notice("");
        terminal.writer().print("\u203a Go on");
        terminal.writer().flush();
        Files.writeString(resized.resolveSibling("done"), "");
        Thread.sleep(120_000); // stays on screen until tmux is closed
    }

    @Test
    void aLateResizeLeavesTheAnswerTheNoticeAndThePromptOnTheirOwnLines() throws Exception {
        dev.fathom.testing.Bubblewrap.requireTool(Tmux.available(), "tmux");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = tmp.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\nTERM=xterm-256color exec " + java + " -cp '" + System.getProperty("java.class.path") + "' "
                + StatusLineResizeTmuxTest.class.getName() + " " + tmp.resolve("resized") + " 2>" + tmp.resolve("stderr.txt") + "\n");
        script.toFile().setExecutable(true);
        try (Tmux tmux = Tmux.start(script.toString(), 80, 40)) {
            assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.exists(tmp.resolve("ready")))).as("the program streamed").isTrue();
            tmux.waitFor("Line 46", 60_000, 20, 1); // "of" is held back until its word ends
            tmux.resize(80, 30);
            assertThat(Poll.until(Duration.ofSeconds(60), () -> rows(tmux) <= 30)).as("tmux resized the window").isTrue();
            Files.writeString(tmp.resolve("resized"), "");
            assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.exists(tmp.resolve("done")))).as("the program ended its turn").isTrue();
            tmux.waitFor("\u203a Go on", 60_000, 20, 1);
            // Blanks at the end of a row are not shown: a row cleared with spaces instead of an erase looks the same.
            String screen = tmux.screen().lines().map(String::stripTrailing).collect(Collectors.joining("\n", "", "\n"));
            // Still open: rows of the answer just above the area are lost (two, which ones depends on when the spinner's
            // redraw meets the text), so only the notice and the prompt are asserted.
            assertThat(screen).contains("\n(stopped; the conversation is kept)\n\n\u203a Go on\n");
        }
    }

    private static int rows(Tmux tmux) {
        try {
            return Integer.parseInt(Tmux.run("tmux", "-S", tmux.socket(), "display", "-p", "#{window_height}").strip());
        } catch (java.io.IOException | NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
