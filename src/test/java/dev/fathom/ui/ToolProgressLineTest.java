package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.loop.AgentEvent;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/**
 * An MCP tool's progress in the assistant: the running call's spinner line is redrawn in place with how far it has
 * come ("2/5 Indexing"), never a new line per notification, and the outcome line replaces it as before.
 */
class ToolProgressLineTest {
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    TerminalUi ui() throws Exception {
        ExternalTerminal t = new ExternalTerminal("test", "xterm-256color", new PipedInputStream(new PipedOutputStream()), screen,
                StandardCharsets.UTF_8);
        t.setSize(new Size(100, 30));
        return new TerminalUi(t, true); // no turnStarted: its spinner ticks would interleave with what is checked

    }

    String shown() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    String printed() {
        return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "");
    }

    @Test
    void progressRedrawsTheRunningCallsLineInPlace() throws Exception {
        TerminalUi ui = ui();
        ui.on(new AgentEvent.ToolCallStarted("c1", "mcp__ev__index", "{\"path\": \"docs\"}"));
        int before = shown().length();
        ui.on(new AgentEvent.ToolCallProgressed("c1", "mcp__ev__index", 2, 5.0, "Indexing\nfiles"));
        String update = shown().substring(before);
        assertThat(update).startsWith("\r\u001b[K").contains("mcp__ev__index").contains("2/5 Indexing\\nfiles").doesNotContain("\n");

        int second = shown().length();
        ui.on(new AgentEvent.ToolCallProgressed("c1", "mcp__ev__index", 2.5, null, null));
        String next = shown().substring(second);
        assertThat(next).contains("mcp__ev__index").contains(" 2.5").doesNotContain("Indexing").doesNotContain("\n");

        ui.on(new AgentEvent.ToolCallFinished("c1", "mcp__ev__index", "indexed", false, "mcp", 10));
        ui.close();
        assertThat(printed()).contains("\u2713 mcp__ev__index").as("one outcome line, no line per notification")
                .doesNotContain("2.5\n").doesNotContain("files\n");
    }

    @Test
    void progressOfACallThatIsNotTheRunningOneIsNotShown() throws Exception {
        TerminalUi ui = ui();
        ui.on(new AgentEvent.ToolCallStarted("c2", "mcp__ev__index", "{}"));
        int before = shown().length();
        ui.on(new AgentEvent.ToolCallProgressed("old", "mcp__ev__index", 1, 2.0, "stale"));
        assertThat(shown().substring(before)).doesNotContain("stale");
        ui.close();
    }
}
