package dev.fathom.ui;

/**
 * The inside of a fenced code block as it streams, up to and including its closing fence, which is shown as a rule
 * instead of its backticks. A line that could still be the closing fence ({@code ``}) waits until it is known. With
 * colour and a known language each line is held until it ends and then printed highlighted ({@link CodeHighlight}
 * decides a token by what follows it); a line is short, so this delays little and nothing is ever redrawn. A line that
 * grows past {@link #MAX_HELD_CHARS} without ending (minified JSON) is let through plain from there on. Without colour,
 * or for a language not known here, characters go straight through as they come.
 */
final class CodeBlock {
    /** Longest a code line is held for highlighting before it is let through as it comes. */
    static final int MAX_HELD_CHARS = 4096;

    private final char fence;
    private final int fenceLength;
    private final CodeHighlight highlight;
    private final String rule;
    private final StringBuilder line = new StringBuilder();
    /** Whether the line so far could still be the closing fence. */
    private boolean deciding = true;
    /** Whether the rest of this line goes straight through. */
    private boolean streaming;

    /**
     * @param fence the fence character ({@code `} or {@code ~}) and {@code fenceLength} how many opened the block: only as
     *        many or more close it
     * @param info the fence's info string ({@code python}), which names the language
     * @param color whether to highlight; without, the code is shown as it is
     * @param rule what to show for the closing fence
     */
    CodeBlock(char fence, int fenceLength, String info, boolean color, String rule) {
        this.fence = fence;
        this.fenceLength = fenceLength;
        this.highlight = color ? CodeHighlight.forFence(info) : null;
        this.rule = rule;
    }

    /** Takes one character of the answer; true once the closing fence's line has ended (the block is over). */
    boolean feed(char c, StringBuilder out) {
        if (c == '\n') {
            return endLine(out);
        }
        if (streaming) {
            out.append(c);
            return false;
        }
        line.append(c);
        if (deciding) {
            if (couldClose()) {
                return false;
            }
            deciding = false;
        }
        if (highlight == null) {
            out.append(line);
            line.setLength(0);
            streaming = true;
        } else if (line.length() > MAX_HELD_CHARS) {
            out.append(highlight.line(line)); // a reset ends it: the rest of the line comes plain
            line.setLength(0);
            streaming = true;
        }
        return false;
    }

    /** The answer paused for good (Esc, a tool call) inside the block: the held line, its colours closed. */
    void finish(StringBuilder out) {
        if (line.length() > 0) {
            out.append(highlight == null ? line : highlight.line(line));
            line.setLength(0);
        }
    }

    private boolean endLine(StringBuilder out) {
        boolean closed = deciding && closes();
        if (closed) {
            out.append(line, 0, line.length() - line.toString().stripLeading().length()).append(rule);
        } else if (!streaming) {
            out.append(highlight == null ? line : highlight.line(line));
        }
        out.append('\n');
        line.setLength(0);
        deciding = true;
        streaming = false;
        return closed;
    }

    /** Whether the line so far is indentation and fence characters (more may come). */
    private boolean couldClose() {
        String t = line.toString().stripLeading();
        return t.chars().allMatch(ch -> ch == fence) || closes();
    }

    /** Whether the line is a closing fence: at least as many fence characters as opened the block, then only spaces. */
    private boolean closes() {
        String t = line.toString().strip();
        return t.length() >= fenceLength && t.chars().allMatch(ch -> ch == fence);
    }
}
