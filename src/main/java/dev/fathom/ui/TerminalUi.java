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
    private final java.util.concurrent.BlockingQueue<Integer> keys = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile boolean asking;
    private volatile boolean turnRunning;
    /** The text of a tool call that is running, drawn with a spinner on the last line; null when none. */
    private String openTool;
    private final java.util.Map<String, String> toolTexts = new java.util.HashMap<>();
    /** Whether the cursor is at the start of a line (so that a tool line or notice does not run on after text). */
    private boolean atLineStart = true;
    private java.util.concurrent.ScheduledExecutorService ticker;

    public TerminalUi(Terminal terminal, boolean color) {
        this.terminal = terminal;
        this.out = terminal.writer();
        this.color = color;
        this.markdown = new MarkdownStream(color);
        this.status = new StatusLine(terminal, color);
    }

    private int window;

    public synchronized void setModel(String model, int window) {
        status.model(model);
        this.window = window;
        status.redraw();
        out.flush();
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
                print(style(r.text(), AttributedStyle.DEFAULT.faint()));
            }
        } else if (event instanceof AgentEvent.TextDelta t) {
            status.activity("answering");
            closeReasoning();
            text(t.text());
        } else if (event instanceof AgentEvent.ToolCallStarted s) {
            status.activity("running " + s.name());
            closeReasoning();
            flushLine();
            if (!s.name().equals(PLAN_TOOL)) { // the plan itself is shown when it changes
                toolTexts.put(s.callId(), s.name() + " " + ProgressPrinter.describe(s.arguments()));
                toolStarted(toolTexts.get(s.callId()));
            }
        } else if (event instanceof AgentEvent.ToolCallFinished f) {
            toolFinished(f);
        } else if (event instanceof AgentEvent.PlanUpdated p) {
            newLine();
            print(style("plan:\n" + Plan.render(p.steps()).indent(2), AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE)));
        } else if (event instanceof AgentEvent.UsageReported u) {
            status.usage(String.format(Locale.ROOT, "context %,d tokens (%.1f%%) · %s · cache %.0f%%", u.usage().promptTokens(),
                    window == 0 ? 0.0 : 100.0 * u.usage().promptTokens() / window,
                    u.totalCostUsd() == null ? "no prices" : String.format(Locale.ROOT, "$%.4f", u.totalCostUsd()), 100 * u.usage().cacheHitRatio()));
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
            closeReasoning();
            flushLine();
            newLine(); // an interrupted answer ends mid-line; what follows starts on its own line
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
        drawOpenTool();
    }

    private void drawOpenTool() {
        int width = Math.max(10, terminal.getWidth() - 3);
        AttributedString t = new AttributedString(openTool);
        String shown = t.columnLength() <= width ? openTool : t.columnSubSequence(0, width - 1) + "\u2026";
        out.print("\r" + style(status.spinner() + " " + shown, AttributedStyle.DEFAULT.faint()));
        atLineStart = false;
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
            atLineStart = true;
        }
        boolean quiet = f.summary() == null || f.summary().isEmpty();
        print(style((f.error() ? "\u2717 " : "\u2713 ") + text + (quiet ? "" : " (" + f.summary() + ")") + "\n",
                AttributedStyle.DEFAULT.foreground(f.error() ? AttributedStyle.RED : AttributedStyle.GREEN)));
        String[] lines = f.output().stripTrailing().split("\n", -1);
        boolean diff = !f.error() && (f.name().equals("edit_file") || f.name().equals("apply_patch") || f.name().equals("git_diff"));
        int shown = diff ? Math.min(lines.length, 40) : Math.min(lines.length, f.error() ? 3 : FOLDED_LINES);
        for (int i = 0; i < shown; i++) {
            String l = lines[i];
            AttributedStyle st = !diff ? AttributedStyle.DEFAULT.faint()
                    : l.startsWith("+") && !l.startsWith("+++") ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)
                    : l.startsWith("-") && !l.startsWith("---") ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)
                    : l.startsWith("@@") ? AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN) : AttributedStyle.DEFAULT.faint();
            print(style("  " + l + "\n", st));
        }
        if (lines.length > shown) {
            lastFolded = TerminalText.escape(f.output());
            print(style("  \u2026 " + (lines.length - shown) + " more lines (/expand shows them)\n", AttributedStyle.DEFAULT.faint()));
        }
    }

    /** Streams answer text: printed as it comes, styled as far as is known (see {@link MarkdownStream}). */
    private void text(String delta) {
        print(markdown.feed(TerminalText.escape(delta)));
    }

    /** Prints what the answer held back (an undecided line start, a table). */
    private void flushLine() {
        print(markdown.finish());
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
    private synchronized void tick() {
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

    private void print(String s) {
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
        keys.clear();
        status.turnStarted();
        atLineStart = true;
        if (status.shown() && ticker == null) {
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
        return asking;
    }

    /** A key typed while an approval waits. */
    public void key(int k) {
        keys.add(k);
    }

    private synchronized void say(String s) {
        print(s);
        out.flush();
    }

    private int readKey() throws IOException {
        if (!turnRunning) {
            return terminal.reader().read();
        }
        try {
            return keys.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** One key: y yes, n no, a always for this session, t no and tell the model what to do instead (see {@link ApprovalPrompt}). */
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
        }
        asking = true;
        String before = status.activity();
        status.activity("waiting for your answer");
        Response response = null;
        try {
            response = askKeys(action, verdict);
            return response;
        } finally {
            asking = false;
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

    private Response askKeys(ApprovalPolicy.Action action, ApprovalPolicy.Verdict verdict) {
        say(style(ApprovalPrompt.question(action, verdict), AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW)));
        try {
            while (true) {
                int k = readKey();
                if (Character.toLowerCase(k) == 't') {
                    return new Response(Answer.NO, instead());
                }
                Answer a = ApprovalPrompt.answer(k, verdict.dangerous());
                if (a != null) {
                    say(a.name().toLowerCase(Locale.ROOT) + "\n");
                    return new Response(a, null);
                }
            }
        } catch (IOException e) {
            return new Response(Answer.NO, null);
        } finally {
            out.flush();
        }
    }

    /** The line typed after 't': what the model should do instead. */
    private String instead() throws IOException {
        say("instead: ");
        StringBuilder sb = new StringBuilder();
        for (int c = readKey(); c != '\r' && c != '\n' && c != -1; c = readKey()) {
            if (c == 127 || c == 8) {
                if (sb.length() > 0) {
                    sb.setLength(sb.offsetByCodePoints(sb.length(), -1));
                    say("\b \b");
                }
            } else if (c >= 32) {
                sb.appendCodePoint(c);
                say(TerminalText.escape(Character.toString(c)));
            }
        }
        say("\n");
        return sb.toString();
    }
}
