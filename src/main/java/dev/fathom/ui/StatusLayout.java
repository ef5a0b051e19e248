package dev.fathom.ui;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.Status;

/**
 * JLine's status area, owned by the front end alone. It is not the terminal's shared instance on purpose: the line
 * reader redraws that one from its own threads (a window-size signal that arrives while the prompt is shown), without
 * the front end's lock, and after a size change JLine moves the cursor up by rows it assumed it had scrolled. The
 * prompt was then drawn over the line above it ({@code › Go ond; the conversation is kept)}). Here only
 * {@link StatusLine}, under {@link TerminalUi}'s lock, draws it, and a size change is laid out by {@link #relayout}.
 */
final class StatusLayout extends Status {
    private Size laidOut;

    StatusLayout(Terminal terminal) {
        super(terminal);
        laidOut = terminal.getSize();
    }

    /**
     * Lays the area out again if the terminal changed size since it was last laid out: the terminal dropped its scroll
     * region when it was resized, and what JLine remembers (the region's last row, the lines drawn) is for the old size.
     * While the region is still the whole screen, the cursor goes down {@code lines} rows by index (which scrolls only
     * when it is that close to the bottom) and back up, so it stays on its text with room below; then the rows below it
     * are cleared, the region is set and the lines are drawn afresh. (Setting the region first made the index scroll
     * within it, and the two rows of text above the cursor were lost.)
     */
    void relayout(int lines) {
        Size now = terminal.getSize();
        if (!supported || now.getRows() <= lines || now.equals(laidOut)) {
            return;
        }
        laidOut = new Size(now.getColumns(), now.getRows());
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            index.append("\u001bD");
        }
        terminal.writer().print(index);
        for (int i = 0; i < lines; i++) {
            terminal.puts(Capability.cursor_up);
        }
        // Below the cursor is only the old area, as the terminal rewrapped it. JLine's resize would clear rows by its own
        // guess at that rewrapping (on a narrower window, a row more per line it drew) and took the answer's last line and
        // the cursor's row with them; it is given no lines to clear.
        terminal.puts(Capability.clr_eos);
        java.util.List<org.jline.utils.AttributedString> drawn = this.lines;
        this.lines = java.util.List.of();
        resize(now);
        this.lines = drawn;
        display.reset();
        scrollRegion = now.getRows() - 1 - lines;
        terminal.puts(Capability.save_cursor);
        terminal.puts(Capability.change_scroll_region, 0, scrollRegion);
        terminal.puts(Capability.restore_cursor);
    }
}
