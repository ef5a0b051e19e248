package dev.fathom.ui;

import dev.fathom.loop.AgentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The bottom of the screen in the assistant: model, context, cost and cache hits, and during a turn a spinner with what
 * the turn is doing and for how long; above it, the keys typed ahead. Absent (every method a no-op) on terminals that
 * cannot keep a line at the bottom. Not thread-safe: {@link TerminalUi} calls it under its lock.
 */
final class StatusLine {
    /** Marks where the next typed-ahead key goes. */
    static final String CURSOR = "\u258f";
    private static final String[] SPINNER = {"\u280b", "\u2819", "\u2839", "\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807", "\u280f"};

    private final Terminal terminal;
    private final StatusLayout status;
    private String model = "";
    private String usage = "";
    private String mode = "";
    private int window;
    private IntSupplier contextMeter;
    private AgentEvent.UsageReported lastUsage;
    private volatile String activity = "";
    private String typedAhead = "";
    private boolean turnRunning;
    private long turnStarted;
    private int frame;

    StatusLine(Terminal terminal, boolean capable) {
        this.terminal = terminal;
        StatusLayout s = null;
        try {
            s = capable && terminal instanceof org.jline.terminal.impl.AbstractTerminal ? new StatusLayout(terminal) : null;
        } catch (RuntimeException unsupported) {
            // no status line
        }
        this.status = s;
    }

    /** Whether the terminal shows it (and can therefore redraw a line in place). */
    boolean shown() {
        return status != null;
    }

    void model(String name, int window) {
        model = TerminalText.oneLine(name);
        this.window = window;
    }

    void contextMeter(IntSupplier meter) {
        this.contextMeter = meter;
    }

    /**
     * Context, cost and cache hits from the last usage report ({@code null}: the same report, counted again). The
     * context is counted as /context counts it when known (the conversation as it stands, the last answer included),
     * so that the two agree; else it is the endpoint's prompt count.
     */
    void usage(AgentEvent.UsageReported report) {
        if (report != null) {
            lastUsage = report;
        }
        if (lastUsage == null) {
            return;
        }
        long context = lastUsage.usage().promptTokens();
        try {
            context = contextMeter == null ? context : contextMeter.getAsInt();
        } catch (RuntimeException e) {
            // the endpoint's count will do
        }
        usage = String.format(Locale.ROOT, "context %,d tokens (%.1f%%) \u00b7 %s \u00b7 cache %.0f%%", context,
                window == 0 ? 0.0 : 100.0 * context / window, lastUsage.totalCostUsd() == null ? "no prices"
                        : String.format(Locale.ROOT, "$%.4f", lastUsage.totalCostUsd()), 100 * lastUsage.usage().cacheHitRatio());
    }

    /** The approval mode in force (Shift+Tab cycles it). */
    void mode(String text) {
        mode = TerminalText.oneLine(text);
    }

    /** What the turn is doing; may be set from the thread that asks for an approval. */
    void activity(String text) {
        activity = text;
    }

    String activity() {
        return activity;
    }

    void typedAhead(String text) {
        typedAhead = text;
    }

    boolean hasTypedAhead(String text) {
        return typedAhead.equals(text);
    }

    void turnStarted() {
        turnRunning = true;
        turnStarted = System.nanoTime();
        activity = "waiting for the model";
        typedAhead = "";
    }

    void turnEnded() {
        turnRunning = false;
        activity = "";
        typedAhead = "";
    }

    /** The next animation frame. */
    void advance() {
        frame++;
    }

    /** The current spinner frame, for other lines that turn with it. */
    String spinner() {
        return SPINNER[frame % SPINNER.length];
    }

    void redraw() {
        if (status == null) {
            return;
        }
        String text = model + (mode.isEmpty() ? "" : " \u00b7 " + mode + " (\u21e7Tab)") + (usage.isEmpty() ? "" : " \u00b7 " + usage);
        if (turnRunning && !activity.isEmpty()) {
            text += String.format(Locale.ROOT, " \u00b7 %s %s %ds \u00b7 Esc stops", spinner(), activity,
                    (System.nanoTime() - turnStarted) / 1_000_000_000L);
        }
        List<AttributedString> lines = new ArrayList<>();
        if (!typedAhead.isEmpty()) {
            int width = Math.max(10, terminal.getWidth() - 5);
            AttributedString typed = new AttributedString(typedAhead.replace('\r', '\u23ce').replace('\n', '\u23ce'));
            int columns = typed.columnLength();
            lines.add(new AttributedString("\u203a " + (columns <= width ? typed : typed.columnSubSequence(columns - width, columns)) + CURSOR));
        }
        lines.add(new AttributedString(text, AttributedStyle.DEFAULT.inverse()));
        try {
            status.relayout(lines.size());
        } catch (RuntimeException ignored) {
            // laid out as JLine would
        }
        update(lines);
    }

    /** Lays the line out again for a new terminal size. */
    void resize() {
        if (status != null) {
            redraw(); // notices the new size and lays the area out for it
        }
    }

    /** Removes it, leaving the terminal as it was found. */
    void clear() {
        if (status != null) {
            try {
                status.relayout(0);
            } catch (RuntimeException ignored) {
                // the region is reset as JLine would
            }
            update(List.of());
        }
    }

    private void update(List<AttributedString> lines) {
        try {
            status.update(lines);
        } catch (RuntimeException ignored) {
            // a terminal that cannot show it
        }
    }
}
