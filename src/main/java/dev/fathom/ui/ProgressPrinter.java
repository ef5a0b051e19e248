package dev.fathom.ui;

import dev.fathom.loop.AgentEvent;
import dev.fathom.loop.AgentListener;
import dev.fathom.tools.Plan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Headless progress for people watching a log: one line per tool call with its outcome, retries and errors. The
 * answer itself is not printed here; it goes to stdout at the end.
 */
public final class ProgressPrinter implements AgentListener {
    private static final int PREVIEW_CHARS = 100;
    private static final String[] KEY_ARGUMENTS = {"command", "file_path", "pattern"};
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a long stream is reported as still going. */
    private static final long STILL_STREAMING_NANOS = 30_000_000_000L;
    private final PrintStream err;
    private String phase;
    private long phaseStarted;
    private long lastReport;
    private long phaseChars;

    public ProgressPrinter(PrintStream err) {
        this.err = err;
    }

    /**
     * A line when the model starts thinking or answering, and every 30 s of a long stream after that: a headless run
     * otherwise shows nothing for the minutes a long reasoning can take.
     */
    private void streaming(String now, int chars) {
        long t = System.nanoTime();
        if (!now.equals(phase)) {
            phase = now;
            phaseStarted = t;
            lastReport = t;
            phaseChars = 0;
            err.println("\u00b7 " + now);
            err.flush();
        } else if (t - lastReport >= STILL_STREAMING_NANOS) {
            lastReport = t;
            err.printf("\u00b7 still %s (%d s, %,d characters)%n", now, (t - phaseStarted) / 1_000_000_000L, phaseChars);
            err.flush();
        }
        phaseChars += chars;
    }

    @Override
    public void on(AgentEvent event) {
        if (event instanceof AgentEvent.ReasoningDelta r) {
            streaming("thinking", r.text().length());
            return; // streaming() flushes when it prints: most deltas print nothing and cost no write
        } else if (event instanceof AgentEvent.TextDelta d) {
            streaming("answering", d.text().length());
            return;
        } else if (event instanceof AgentEvent.UsageReported) {
            phase = null;
        } else if (event instanceof AgentEvent.ToolCallStarted s) {
            err.println("\u2192 " + TerminalText.oneLine(s.name()) + " " + describe(s.arguments()));
        } else if (event instanceof AgentEvent.ToolCallFinished f) {
            boolean quiet = f.summary() == null || f.summary().isEmpty();
            String name = TerminalText.oneLine(f.name());
            err.println(f.error() ? "  \u2717 " + name + ": " + preview(firstLine(f.output()))
                    : "  \u2713 " + name + (quiet ? "" : " (" + TerminalText.oneLine(f.summary()) + ")"));
        } else if (event instanceof AgentEvent.PlanUpdated p) {
            err.print(TerminalText.escape(Plan.render(p.steps())).indent(2));
        } else if (event instanceof AgentEvent.ContextCompacted c) {
            err.printf("\u00b7 context compacted (%s): about %,d \u2192 %,d tokens%s%n", c.reason(), c.tokensBefore(), c.tokensAfter(),
                    c.summarized() ? ", summarized" : ", " + c.prunedOutputs() + " old tool outputs cleared");
        } else if (event instanceof AgentEvent.ModelEscalated m) {
            err.println("\u2191 switching " + m.from() + " \u2192 " + m.to() + ": " + TerminalText.oneLine(m.reason()));
        } else if (event instanceof AgentEvent.Retrying r) {
            err.printf("! %s; retrying in %.1f s (attempt %d failed)%n", r.reason(), r.delayMs() / 1000.0, r.attempt());
        } else if (event instanceof AgentEvent.ErrorOccurred e) {
            err.println("error: " + TerminalText.escape(e.message()));
        }
        err.flush();
    }

    /** The argument a person recognizes a call by (the command, the path, the pattern), else the raw arguments. */
    static String describe(String arguments) {
        try {
            JsonNode args = JSON.readTree(arguments);
            for (String key : KEY_ARGUMENTS) {
                if (args.path(key).isTextual()) {
                    return preview(TerminalText.oneLine(args.get(key).asText()));
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // shown raw below
        }
        return preview(TerminalText.oneLine(arguments));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** {@code s} on one line (runs of whitespace made one space, control characters escaped), cut to 100 characters. */
    public static String preview(String s) {
        String flat = TerminalText.escape(s.replaceAll("[ \\t\\n]+", " ")).strip();
        return flat.length() <= PREVIEW_CHARS ? flat : flat.substring(0, PREVIEW_CHARS) + "…";
    }
}
