package dev.fathom.ui;

import dev.fathom.loop.AgentEvent;
import dev.fathom.loop.AgentListener;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals;
import dev.fathom.tools.Plan;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The interactive front end's view of a run: the answer streamed as it arrives with light Markdown styling (nothing
 * redrawn; tables printed aligned once complete), reasoning dimmed (toggle), one line per tool call with its outcome, edit diffs in
 * colour, long outputs folded, the plan, and a status line. It also asks the user for approvals with one key.
 */
public final class TerminalUi implements AgentListener, Approvals.Approver {
    /** Lines of a tool's output shown before folding; /expand shows the rest. */
    public static final int FOLDED_LINES = 6;
    /** Lines of an edit's diff shown before its approval. */
    static final int PREVIEW_LINES = 60;
    /** Style codes at the end of printed text (to tell whether it ended a line). */
    private static final java.util.regex.Pattern TRAILING_STYLE = java.util.regex.Pattern.compile("(\u001b\\[[0-9;]*m)+$");
    /** The plan tool: its calls are not shown as tool lines, the plan itself is. */
    private static final String PLAN_TOOL = "update_plan";

    private final Terminal terminal;
    private final PrintWriter out;
    private final boolean color;
    private final MarkdownStream markdown;
    private boolean showReasoning = true;
    private boolean reasoningOpen;
    private long reasoningStarted;
    private int reasoningChars;
    private String lastFolded;
    private final StatusLine status;
    private final ApprovalKeys approvalKeys;
    private volatile boolean turnRunning;
    /** Streamed text is broken into lines at word boundaries for the terminal's width. */
    private final WordWrap wrap;
    private EditPreview editPreview;
    /** The call started last, and the call whose diff was shown with its approval (not shown again once it ran). */
    private String startedCall;
    private String previewedCall;
    /** The text of a tool call that is running, drawn with a spinner on the last line; null when none. */
    private String openTool;
    /** How far the open tool call says it has come ("3/5 Processing"), shown after its text; null when it has not said. */
    private String openProgress;
    private final java.util.Map<String, String> toolTexts = new java.util.HashMap<>();
    /** Whether the cursor is at the start of a line (so that a tool line or notice does not run on after text). */
    private boolean atLineStart = true;
    private java.util.concurrent.ScheduledExecutorService ticker;
    /** Whether a thread of its own turns the spinner; tests that must fix the order of redraws turn it by {@link #tick}. */
    private final boolean animated;
    /**
     * Set when the run has finished, until the next turn starts. Esc ends a turn at once, but the thread reading the
     * stream may still be handing over text it had read; that text would land on the next prompt, which the line
     * reader draws without this object's lock. Stream text that comes this late is dropped.
     */
    private boolean runFinished;

    public TerminalUi(Terminal terminal, boolean color) {
        this(terminal, color, true);
    }

    TerminalUi(Terminal terminal, boolean color, boolean animated) {
        this.animated = animated;
        this.terminal = terminal;
        this.out = terminal.writer();
        this.color = color;
        this.markdown = new MarkdownStream(color);
        this.status = new StatusLine(terminal, color);
        this.wrap = new WordWrap(() -> terminal.getWidth() - 1);
        this.approvalKeys = new ApprovalKeys(terminal, () -> turnRunning, this::say);
    }

    public synchronized void setModel(String model, int window) {
        status.model(model, window);
        status.redraw();
        out.flush();
    }

    /** The approval mode shown on the status line. */
    public synchronized void setMode(String mode) {
        status.mode(mode);
        status.redraw();
        out.flush();
    }

    /** Where the status line takes the context size from (the count /context shows). */
    public synchronized void setContextMeter(java.util.function.IntSupplier meter) {
        status.contextMeter(meter);
    }

    /** Works out the diff of an edit before it is approved. */
    public synchronized void setEditPreview(EditPreview preview) {
        this.editPreview = preview;
    }

    public boolean toggleReasoning() {
        showReasoning = !showReasoning;
        return showReasoning;
    }

    /** The output folded away last, or null. */
    public String lastFolded() {
        return lastFolded;
    }

    @Override
    public synchronized void on(AgentEvent event) {
        if (runFinished && (event instanceof AgentEvent.ReasoningDelta || event instanceof AgentEvent.TextDelta)) {
            return;
        }
        if (event instanceof AgentEvent.ReasoningDelta r) {
            status.activity("thinking");
            if (!reasoningOpen) {
                reasoningOpen = true;
                reasoningStarted = System.nanoTime();
                reasoningChars = 0;
                if (showReasoning) {
                    print(style("thinking: ", AttributedStyle.DEFAULT.faint().italic()));
                }
            }
            reasoningChars += r.text().length();
            if (showReasoning) {
                stream(style(r.text(), AttributedStyle.DEFAULT.faint()));
            }
        } else if (event instanceof AgentEvent.TextDelta t) {
            status.activity("answering");
            closeReasoning();
            text(t.text());
        } else if (event instanceof AgentEvent.ToolCallStarted s) {
            status.activity("running " + s.name());
            closeReasoning();
            flushLine();
            startedCall = s.callId();
            if (editPreview != null) {
                editPreview.started(s.name(), s.arguments());
            }
            if (!s.name().equals(PLAN_TOOL)) { // the plan itself is shown when it changes
                toolTexts.put(s.callId(), s.name() + " " + ProgressPrinter.describe(s.arguments()));
                toolStarted(toolTexts.get(s.callId()));
            }
        } else if (event instanceof AgentEvent.ToolCallProgressed p) {
            toolProgressed(p);
        } else if (event instanceof AgentEvent.ToolCallFinished f) {
            toolFinished(f);
        } else if (event instanceof AgentEvent.PlanUpdated p) {
            newLine();
            print(style("plan:\n" + Plan.render(p.steps()).indent(2), AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE)));
        } else if (event instanceof AgentEvent.UsageReported u) {
            status.usage(u);
            status.redraw();
        } else if (event instanceof AgentEvent.ModelEscalated m) {
            print(style("\u2191 switching " + m.from() + " \u2192 " + m.to() + ": " + TerminalText.oneLine(m.reason()) + "\n",
                    AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)));
        } else if (event instanceof AgentEvent.Retrying r) {
            print(style(String.format(Locale.ROOT, "! %s; retrying in %.1f s%n", r.reason(), r.delayMs() / 1000.0),
                    AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW)));
        } else if (event instanceof AgentEvent.ErrorOccurred e) {
            print(style("! " + e.message() + "\n", AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)));
        } else if (event instanceof AgentEvent.ContextCompacted c) {
            print(style(String.format(Locale.ROOT, "\u00b7 context compacted: about %,d \u2192 %,d tokens%n", c.tokensBefore(), c.tokensAfter()),
                    AttributedStyle.DEFAULT.faint()));
        } else if (event instanceof AgentEvent.Finished f) {
            runFinished = true;
            closeReasoning();
            flushLine();
            newLine(); // an interrupted answer ends mid-line; what follows starts on its own line
            status.usage(null); // counted again: the answer is now part of the context
            status.redraw();
        }
        out.flush();
    }

    /**
     * A running tool call: with a capable terminal one line whose spinner turns until the outcome replaces it; without,
     * a plain line now and the outcome on the next.
     */
    private void toolStarted(String text) {
        newLine();
        if (!status.shown()) {
            print(style("\u2026 " + text + "\n", AttributedStyle.DEFAULT.faint()));
            return;
        }
        openTool = text;
        openProgress = null;
        drawOpenTool();
    }

    /** A running call's progress, shown on its spinner line in place (a terminal without one shows none: no flood of lines). */
    private void toolProgressed(AgentEvent.ToolCallProgressed p) {
        if (openTool == null || !p.callId().equals(startedCall)) {
            return;
        }
        openProgress = ProgressText.of(p);
        out.print("\r\u001b[K"); // the new text may be shorter than the old
        drawOpenTool();
    }

    private void drawOpenTool() {
        int width = Math.max(10, terminal.getWidth() - 3);
        String progress = openProgress == null ? "" : "  " + fit(openProgress, width / 2);
        String shown = fit(openTool, width - new AttributedString(progress).columnLength()) + progress;
        out.print("\r" + style(status.spinner() + " " + shown, AttributedStyle.DEFAULT.faint()));
        atLineStart = false;
    }

    private static String fit(String text, int columns) {
        AttributedString t = new AttributedString(text);
        return t.columnLength() <= columns ? text : t.columnSubSequence(0, Math.max(0, columns - 1)) + "\u2026";
    }

    private void toolFinished(AgentEvent.ToolCallFinished f) {
        status.activity("waiting for the model");
        if (f.name().equals(PLAN_TOOL) && !f.error()) {
            return;
        }
        String text = toolTexts.getOrDefault(f.callId(), f.name());
        toolTexts.remove(f.callId());
        if (openTool != null) {
            out.print("\r\u001b[K"); // the spinner line becomes the outcome line
            openTool = null;
            openProgress = null;
            atLineStart = true;
        }
        boolean quiet = f.summary() == null || f.summary().isEmpty();
        print(style((f.error() ? "\u2717 " : "\u2713 ") + text + (quiet ? "" : " (" + f.summary() + ")") + ToolOutput.exitNote(f) + "\n",
                AttributedStyle.DEFAULT.foreground(f.error() ? AttributedStyle.RED : AttributedStyle.GREEN)));
        if (f.error() || !f.callId().equals(previewedCall)) {
            show(ToolOutput.of(f, FOLDED_LINES), "/expand shows them");
        }
        if (ToolOutput.of(f, FOLDED_LINES).folded() > 0) {
            lastFolded = TerminalText.escape(f.output());
        }
    }

    private void show(ToolOutput.Shown shown, String more) {
        shown.lines().forEach(l -> print(style(l.text() + "\n", l.style())));
        if (shown.folded() > 0) {
            print(style("  \u2026 " + shown.folded() + " more lines (" + more + ")\n", AttributedStyle.DEFAULT.faint()));
        }
    }

    /** Streams answer text: printed as it comes, styled as far as is known (see {@link MarkdownStream}), wrapped at words. */
    private void text(String delta) {
        stream(markdown.feed(TerminalText.escape(delta)));
    }

    /** Prints what the answer held back (an undecided line start, a table, a word not yet ended). */
    private void flushLine() {
        stream(markdown.finish());
        print("");
    }

    /** Streamed text (answer, reasoning): wrapped at word boundaries, the open word held back. */
    private void stream(String s) {
        raw(wrap.feed(s));
    }

    /** Ends the reasoning: a line break after it, or when it is hidden one line saying how long it took. */
    private void closeReasoning() {
        if (reasoningOpen) {
            reasoningOpen = false;
            if (showReasoning) {
                print("\n");
            } else {
                print(style(String.format(Locale.ROOT, "\u00b7 thought for %.1f s (%,d characters; /reasoning shows reasoning)%n",
                        (System.nanoTime() - reasoningStarted) / 1e9, reasoningChars), AttributedStyle.DEFAULT.faint()));
            }
        }
    }

    /** The keys typed ahead so far (shown above the status line until the turn ends). */
    public synchronized void typedAhead(String text) {
        if (!status.hasTypedAhead(text)) {
            status.typedAhead(text);
            status.redraw();
            out.flush();
        }
    }

    /** The terminal changed size: the status line is laid out again. */
    public synchronized void resized() {
        status.resize();
        out.flush();
    }

    /** One step of the animation: the status line's spinner and clock, and the spinner of a running tool. */
    synchronized void tick() {
        if (!turnRunning) {
            return;
        }
        status.advance();
        if (openTool != null) {
            drawOpenTool();
        }
        status.redraw();
        out.flush();
    }

    /** Removes the status line, leaving the terminal as it was found. */
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        status.clear();
        out.flush();
    }

    /**
     * Prints a line of the front end's own. All terminal output goes through this object's lock, so that a status-line
     * redraw (which moves the cursor) never interleaves with it.
     */
    public synchronized void notice(String text) {
        newLine();
        print(style(text + "\n", AttributedStyle.DEFAULT.faint()));
        out.flush();
    }

    private void newLine() {
        if (!atLineStart) {
            print("\n");
        }
    }

    /** Text in a style of Fathom's; the text itself is shown with its control characters escaped. */
    private String style(String s, AttributedStyle st) {
        String safe = TerminalText.escape(s);
        return color ? new AttributedStringBuilder().style(st).append(safe).toAnsi(terminal) : safe;
    }

    /** Text of Fathom's own: what streamed text held back goes first. */
    private void print(String s) {
        String held = wrap.flush();
        wrap.printed(s);
        raw(held + s);
    }

    private void raw(String s) {
        if (s.isEmpty()) {
            return;
        }
        if (openTool != null) {
            out.print("\n"); // something else to say while a tool runs: its line stays as it is
            openTool = null;
        }
        out.print(s);
        atLineStart = TRAILING_STYLE.matcher(s).replaceFirst("").endsWith("\n");
    }

    /**
     * During a turn one thread reads the keyboard (to catch Esc); it hands keys to a pending approval through this. Outside
     * a turn, approvals read the terminal themselves.
     */
    public synchronized void turnStarted() {
        turnRunning = true;
        runFinished = false;
        approvalKeys.clear();
        status.turnStarted();
        atLineStart = true;
        if (animated && status.shown() && ticker == null) {
            ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fathom-spinner");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        status.redraw();
        out.flush();
    }

    public synchronized void turnEnded() {
        turnRunning = false;
        openTool = null;
        status.turnEnded();
        status.redraw();
        out.flush();
    }

    /** Whether an approval is waiting for a key. */
    public boolean asking() {
        return approvalKeys.asking();
    }

    /** A key typed while an approval waits. */
    public void key(int k) {
        approvalKeys.key(k);
    }

    private synchronized void say(String s) {
        print(s);
        out.flush();
    }

    /**
     * One key: y yes, n no, a always for this session, t no and tell the model what to do instead (see {@link ApprovalPrompt}).
     * An edit's diff is shown before the question, so what is approved is what is seen.
     */
    @Override
    public Response ask(ApprovalPolicy.Action action, ApprovalPolicy.Verdict verdict) {
        String waiting;
        synchronized (this) {
            flushLine();
            waiting = openTool;
            if (openTool != null) {
                out.print("\r\u001b[K"); // the question takes the place of the spinner line
                openTool = null;
                atLineStart = true;
            }
            showPreview(action);
        }
        String before = status.activity();
        status.activity("waiting for your answer");
        Response response = null;
        try {
            response = approvalKeys.ask(style(ApprovalPrompt.question(action, verdict), AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW)),
                    verdict);
            return response;
        } finally {
            out.flush();
            status.activity(before);
            if (waiting != null && response != null && response.answer() != Answer.NO) {
                synchronized (this) {
                    openTool = waiting; // approved: the spinner line comes back while it runs
                    drawOpenTool();
                    out.flush();
                }
            }
        }
    }

    /** The diff an edit would make, printed before it is approved (at most {@link #PREVIEW_LINES} lines). */
    private void showPreview(ApprovalPolicy.Action action) {
        String diff = editPreview == null ? null : editPreview.diff(action);
        if (diff == null || diff.isBlank()) {
            return;
        }
        newLine();
        show(ToolOutput.lines(diff, PREVIEW_LINES, true), "the whole change is applied if you approve");
        previewedCall = startedCall;
    }
}
