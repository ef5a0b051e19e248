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
import org.jline.utils.Status;

/**
 * The interactive front end's view of a run: the answer streamed with light Markdown styling (each line styled when
 * it is complete, nothing redrawn), reasoning dimmed (toggle), one line per tool call with its outcome, edit diffs in
 * colour, long outputs folded, the plan, and a status line. It also asks the user for approvals with one key.
 */
public final class TerminalUi implements AgentListener, Approvals.Approver {
    /** Lines of a tool's output shown before folding; /expand shows the rest. */
    public static final int FOLDED_LINES = 6;

    private final Terminal terminal;
    private final PrintWriter out;
    private final boolean color;
    private final StringBuilder line = new StringBuilder();
    private final java.util.List<String> table = new java.util.ArrayList<>();
    private boolean inCode;
    private boolean showReasoning = true;
    private boolean reasoningOpen;
    private String lastFolded;
    private Status status;
    private String model = "";
    private String statusUsage = "";
    private final java.util.concurrent.BlockingQueue<Integer> keys = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile boolean asking;
    private volatile boolean turnRunning;

    public TerminalUi(Terminal terminal, boolean color) {
        this.terminal = terminal;
        this.out = terminal.writer();
        this.color = color;
        try {
            this.status = color ? Status.getStatus(terminal) : null;
        } catch (RuntimeException unsupported) {
            this.status = null;
        }
    }

    private int window;

    public void setModel(String model, int window) {
        this.model = model;
        this.window = window;
        updateStatus(false);
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
            if (showReasoning) {
                if (!reasoningOpen) {
                    print(style("thinking: ", AttributedStyle.DEFAULT.faint().italic()));
                    reasoningOpen = true;
                }
                print(style(r.text(), AttributedStyle.DEFAULT.faint()));
            }
        } else if (event instanceof AgentEvent.TextDelta t) {
            closeReasoning();
            text(t.text());
        } else if (event instanceof AgentEvent.ToolCallStarted s) {
            closeReasoning();
            flushTable();
            flushLine();
            print(style("\u2026 " + s.name() + " " + ProgressPrinter.describe(s.arguments()) + "\n", AttributedStyle.DEFAULT.faint()));
        } else if (event instanceof AgentEvent.ToolCallFinished f) {
            toolFinished(f);
        } else if (event instanceof AgentEvent.PlanUpdated p) {
            print(style("plan:\n" + Plan.render(p.steps()).indent(2), AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE)));
        } else if (event instanceof AgentEvent.UsageReported u) {
            statusUsage = String.format(Locale.ROOT, "context %,d tokens (%.1f%%) · $%.4f · cache %.0f%%", u.usage().promptTokens(),
                    window == 0 ? 0.0 : 100.0 * u.usage().promptTokens() / window, u.totalCostUsd(), 100 * u.usage().cacheHitRatio());
            updateStatus(true);
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
            flushTable();
            boolean partial = line.length() > 0;
            flushLine();
            if (partial) {
                print("\n"); // an interrupted answer ends mid-line; what follows starts on its own line
            }
            updateStatus(false);
        }
        out.flush();
    }

    private void toolFinished(AgentEvent.ToolCallFinished f) {
        boolean quiet = f.summary() == null || f.summary().isEmpty();
        print(style((f.error() ? "\u2717 " : "\u2713 ") + f.name() + (quiet ? "" : " (" + f.summary() + ")") + "\n",
                AttributedStyle.DEFAULT.foreground(f.error() ? AttributedStyle.RED : AttributedStyle.GREEN)));
        String[] lines = f.output().split("\n", -1);
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
            lastFolded = f.output();
            print(style("  \u2026 " + (lines.length - shown) + " more lines (/expand shows them)\n", AttributedStyle.DEFAULT.faint()));
        }
    }

    /** Streams answer text, styling each line once it is complete. */
    private void text(String delta) {
        for (int i = 0; i < delta.length(); i++) {
            char c = delta.charAt(i);
            if (c == '\n') {
                endOfLine();
            } else {
                line.append(c);
            }
        }
    }

    /** Called at each line end of the answer: a table row is held until the table ends, then printed aligned. */
    private void endOfLine() {
        String l = line.toString();
        if (!inCode && MarkdownTable.isRow(l)) {
            table.add(l);
            line.setLength(0);
            return;
        }
        flushTable();
        flushLine();
        print("\n");
    }

    private void flushTable() {
        if (!table.isEmpty()) {
            print(MarkdownTable.render(table, color));
            table.clear();
        }
    }

    private void flushLine() {
        if (line.length() == 0) {
            return;
        }
        String l = line.toString();
        line.setLength(0);
        print(MarkdownLine.render(l, inCode, color));
        if (l.strip().startsWith("```")) {
            inCode = !inCode;
        }
    }

    private void closeReasoning() {
        if (reasoningOpen) {
            print("\n");
            reasoningOpen = false;
        }
    }

    private void updateStatus(boolean working) {
        if (status == null) {
            return;
        }
        String text = model + (statusUsage.isEmpty() ? "" : " · " + statusUsage) + (working ? " · working\u2026" : "");
        try {
            status.update(java.util.List.of(new AttributedString(text, AttributedStyle.DEFAULT.inverse())));
        } catch (RuntimeException ignored) {
            // a terminal that cannot show it
        }
    }

    /** Removes the status line, leaving the terminal as it was found. */
    public synchronized void close() {
        if (status != null) {
            try {
                status.update(java.util.List.of());
            } catch (RuntimeException ignored) {
                // nothing to clear
            }
        }
        out.flush();
    }

    public synchronized void working() {
        updateStatus(true);
        out.flush();
    }

    /**
     * Prints a line of the front end's own. All terminal output goes through this object's lock, so that a status-line
     * redraw (which moves the cursor) never interleaves with it.
     */
    public synchronized void notice(String text) {
        print(style(text + "\n", AttributedStyle.DEFAULT.faint()));
        out.flush();
    }

    private String style(String s, AttributedStyle st) {
        return color ? new AttributedStringBuilder().style(st).append(s).toAnsi(terminal) : s;
    }

    private void print(String s) {
        out.print(s);
    }

    /**
     * During a turn one thread reads the keyboard (to catch Esc); it hands keys to a pending approval through this. Outside
     * a turn, approvals read the terminal themselves.
     */
    public void turnStarted() {
        turnRunning = true;
        keys.clear();
    }

    public void turnEnded() {
        turnRunning = false;
    }

    /** Whether an approval is waiting for a key. */
    public boolean asking() {
        return asking;
    }

    /** A key typed while an approval waits. */
    public void key(int k) {
        keys.add(k);
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

    /** One key: y yes, n no, a always for this session, t no and tell the model what to do instead. */
    @Override
    public Response ask(ApprovalPolicy.Action action, String reason) {
        synchronized (this) {
            flushLine();
        }
        asking = true;
        try {
            return askKeys(action, reason);
        } finally {
            asking = false;
        }
    }

    private Response askKeys(ApprovalPolicy.Action action, String reason) {
        print(style("? Allow " + action.describe() + " (" + reason + ")\n  [y]es  [n]o  [a]lways this session  [t]ell the model what to do instead: ",
                AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW)));
        out.flush();
        try {
            while (true) {
                int k = readKey();
                switch (Character.toLowerCase(k)) {
                    case 'y', '\r', '\n' -> {
                        print("yes\n");
                        return new Response(Answer.YES, null);
                    }
                    case 'a' -> {
                        print("always\n");
                        return new Response(Answer.ALWAYS, null);
                    }
                    case 'n', 27, -1 -> {
                        print("no\n");
                        return new Response(Answer.NO, null);
                    }
                    case 't' -> {
                        print("instead: ");
                        out.flush();
                        StringBuilder sb = new StringBuilder();
                        for (int c = readKey(); c != '\r' && c != '\n' && c != -1; c = readKey()) {
                            if (c == 127 || c == 8) {
                                if (sb.length() > 0) {
                                    sb.setLength(sb.length() - 1);
                                    print("\b \b");
                                }
                            } else {
                                sb.append((char) c);
                                print(String.valueOf((char) c));
                            }
                            out.flush();
                        }
                        print("\n");
                        return new Response(Answer.NO, sb.toString());
                    }
                    default -> {
                        // any other key: keep waiting for an answer
                    }
                }
            }
        } catch (IOException e) {
            return new Response(Answer.NO, null);
        } finally {
            out.flush();
        }
    }
}
