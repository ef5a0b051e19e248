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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The window shrinks while a turn streams with keys typed ahead (two status rows), and the front end learns of it
 * only afterwards (on a loaded machine the size signal comes late). Before, the status line kept JLine's layout for the
 * old size and moved the cursor up by rows it assumed it had scrolled, so what followed (the notice, the prompt) was
 * printed over the lines above it. A small program drives {@link TerminalUi} in tmux; the test tells it when the window
 * has been resized through a file, so the order is fixed. The spinner's redraw, which in the assistant comes from a
 * thread of its own every 100 ms, is made by the program at a chosen point, once for each point: before the text that
 * follows the resize, after it, after the resize signal, or not at all. Left to its thread, it once came while tmux was
 * between sizes, which no order of the program's own can fix.
 */
class StatusLineResizeTmuxTest {
    @TempDir
    Path tmp;

    /** The program in tmux: a streamed answer, a resize it is told of late, the stop notice and a prompt. */
    public static void main(String[] args) throws Exception {
        Path resized = Path.of(args[0]);
        String redrawn = args[1];
        Terminal terminal = TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8).build();
        TerminalUi ui = new TerminalUi(terminal, true, false);
        ui.setModel("deepseek-v4-pro", 1_000_000);
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
        if (redrawn.equals("before the text")) {
            ui.tick();
        }
        ui.on(new AgentEvent.TextDelta(" the answer.\nLine 47 of the answer.\n"));
        if (redrawn.equals("after the text")) {
            ui.tick();
        }
        ui.resized();
        if (redrawn.equals("after the signal")) {
            ui.tick();
        }
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

    /** Shorter, or shorter and narrower too (JLine's own resize cleared rows by a guess at how the old area rewrapped). */
    @ParameterizedTest(name = "to {1} columns, spinner redrawn {0}")
    @CsvSource({"never, 80", "before the text, 80", "after the text, 80", "after the signal, 80", "never, 70", "before the text, 70",
        "after the text, 70", "after the signal, 70"})
    void aLateResizeLeavesTheAnswerTheNoticeAndThePromptOnTheirOwnLines(String redrawn, int columns) throws Exception {
        dev.fathom.testing.Bubblewrap.requireTool(Tmux.available(), "tmux");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = tmp.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\nTERM=xterm-256color exec " + java + " -cp '" + System.getProperty("java.class.path") + "' "
                + StatusLineResizeTmuxTest.class.getName() + " " + tmp.resolve("resized") + " '" + redrawn + "' 2>" + tmp.resolve("stderr.txt") + "\n");
        script.toFile().setExecutable(true);
        try (Tmux tmux = Tmux.start(script.toString(), 80, 40)) {
            assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.exists(tmp.resolve("ready")))).as("the program streamed").isTrue();
            tmux.waitFor("Line 46", 60_000, 20, 1); // "of" is held back until its word ends
            tmux.resize(columns, 30);
            // The program must read the new size when told: tmux's own window size changes before the program's terminal
            // does (it failed in CI when told on the window size alone; the program then drew for 40 rows on 30).
            assertThat(Poll.until(Duration.ofSeconds(60), () -> paneSize(tmux).equals("30 " + columns))).as("the program's terminal was resized").isTrue();
            Files.writeString(tmp.resolve("resized"), "");
            assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.exists(tmp.resolve("done")))).as("the program ended its turn").isTrue();
            tmux.waitFor("\u203a Go on", 60_000, 20, 1);
            // Blanks at the end of a row are not shown: a row cleared with spaces instead of an erase looks the same.
            String screen = tmux.screen().lines().map(String::stripTrailing).collect(Collectors.joining("\n", "", "\n"));
            assertThat(screen).as("every line of the answer, then the notice and the prompt, each on its own line")
                    .contains("\nLine 45 of the answer.\nLine 46 of the answer.\nLine 47 of the answer.\n"
                            + "(stopped; the conversation is kept)\n\n\u203a Go on\n");
            java.util.List<String> rows = tmux.visible(false).lines().map(String::stripTrailing).toList();
            assertThat(rows).as("the status line once, on the last row").hasSize(30).endsWith("\u203a Go on", "deepseek-v4-pro")
                    .filteredOn(r -> r.contains("deepseek")).hasSize(1);
        }
    }

    private static String paneSize(Tmux tmux) {
        try {
            return tmux.paneSize();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
