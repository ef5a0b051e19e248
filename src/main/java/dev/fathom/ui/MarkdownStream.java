package dev.fathom.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * Markdown styling for an answer that arrives a few characters at a time. Text is passed on as soon as it is known
 * how to show it, so a long paragraph appears as it streams; only what cannot be decided yet waits: the first
 * characters of a line (a heading, a bullet, a fence or a table row?), a single {@code *} (bold or not?), and table
 * rows, which are printed aligned once the table ends. Nothing printed is ever redrawn. Without colour the text is
 * passed on as it is, tables still aligned.
 */
final class MarkdownStream {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String CYAN = "\u001b[36m";
    private static final String DIM = "\u001b[2m";

    /** How the current line is shown, once its first characters have decided it. */
    private enum Kind { UNDECIDED, PLAIN, HEADING, FENCE, CODE, TABLE }

    private final boolean color;
    private final StringBuilder pending = new StringBuilder();
    private final List<String> table = new ArrayList<>();
    private Kind kind = Kind.UNDECIDED;
    private boolean inBlock;
    private boolean inlineCode;
    private boolean bold;
    private boolean heldStar;
    private boolean styled;
    /** Whether the language of the fence line being shown has started (it is set off from the rule by a space). */
    private boolean fenceInfo;
    /** Shown in colour instead of a code fence's backticks. */
    static final String FENCE_RULE = "\u2500\u2500\u2500";

    MarkdownStream(boolean color) {
        this.color = color;
    }

    /** What to print for this piece of the answer. */
    String feed(CharSequence delta) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < delta.length(); i++) {
            char c = delta.charAt(i);
            if (c == '\n') {
                endOfLine(out);
            } else if (kind == Kind.UNDECIDED || kind == Kind.TABLE) {
                pending.append(c);
                if (kind == Kind.UNDECIDED) {
                    decide(out);
                }
            } else {
                emit(c, out);
            }
        }
        return out.toString();
    }

    /**
     * What to print when the answer pauses for good (it ended, or a tool call starts): whatever was held back. A line
     * left unfinished stays unfinished (the caller moves to a new line if it needs one).
     */
    String finish() {
        StringBuilder out = new StringBuilder();
        if (kind == Kind.TABLE) {
            table.add(pending.toString());
            pending.setLength(0);
            kind = Kind.UNDECIDED;
        }
        flushTable(out);
        if (kind == Kind.UNDECIDED && pending.length() > 0) {
            out.append(MarkdownLine.render(pending.toString(), inBlock, color));
            pending.setLength(0);
        }
        closeLine(out);
        kind = Kind.UNDECIDED;
        return out.toString();
    }

    private void decide(StringBuilder out) {
        String t = pending.toString().stripLeading();
        if (t.isEmpty()) {
            return;
        }
        Kind decided;
        if (t.startsWith("```")) {
            decided = Kind.FENCE;
        } else if (t.charAt(0) == '`' && t.chars().allMatch(ch -> ch == '`')) {
            return; // one or two backticks: a fence may follow
        } else if (inBlock) {
            decided = Kind.CODE;
        } else if (t.charAt(0) == '|') {
            decided = Kind.TABLE;
        } else if (!color) {
            decided = Kind.PLAIN;
        } else if (t.charAt(0) == '#') {
            if (t.chars().allMatch(ch -> ch == '#')) {
                return;
            }
            decided = t.matches("#+\\s.*") ? Kind.HEADING : Kind.PLAIN;
        } else if ((t.charAt(0) == '-' || t.charAt(0) == '*') && t.length() < 2) {
            return; // a bullet, a rule or bold
        } else {
            decided = Kind.PLAIN;
        }
        start(decided, out);
    }

    /** Prints the held start of a line the way its kind is shown. */
    private void start(Kind decided, StringBuilder out) {
        kind = decided;
        if (kind == Kind.TABLE) {
            return;
        }
        flushTable(out);
        String line = pending.toString();
        pending.setLength(0);
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        String rest = line.substring(indent.length());
        switch (kind) {
            case FENCE -> {
                if (color && rest.startsWith("```")) { // a rule instead of the raw marker; the language follows it
                    out.append(indent).append(open(DIM)).append(FENCE_RULE).append(rest.substring(3));
                    fenceInfo = rest.length() > 3;
                } else {
                    out.append(open(DIM)).append(line);
                    fenceInfo = true;
                }
            }
            case CODE -> out.append(open(CYAN)).append(line);
            case HEADING -> out.append(indent).append(open(BOLD)).append(rest.replaceFirst("^#+\\s+", ""));
            default -> {
                out.append(indent);
                if (color && (rest.startsWith("- ") || rest.startsWith("* "))) {
                    out.append("\u2022 ");
                    rest = rest.substring(2);
                }
                for (int i = 0; i < rest.length(); i++) {
                    emit(rest.charAt(i), out);
                }
            }
        }
    }

    private String open(String style) {
        if (!color) {
            return "";
        }
        styled = true;
        return style;
    }

    private void emit(char c, StringBuilder out) {
        if (kind == Kind.FENCE && !fenceInfo && c != '`') {
            fenceInfo = true;
            out.append(' '); // between the rule and the language
        }
        if (kind != Kind.PLAIN || !color) {
            out.append(c);
            return;
        }
        if (heldStar) {
            heldStar = false;
            if (c == '*' && !inlineCode) {
                bold = !bold;
                out.append(bold ? open(BOLD) : RESET);
                return;
            }
            out.append('*');
        }
        if (inlineCode) {
            if (c == '`') {
                inlineCode = false;
                out.append(RESET).append(bold ? BOLD : "");
            } else {
                out.append(c);
            }
        } else if (c == '`') {
            inlineCode = true;
            out.append(open(CYAN));
        } else if (c == '*') {
            heldStar = true;
        } else {
            out.append(c);
        }
    }

    private void endOfLine(StringBuilder out) {
        switch (kind) {
            case TABLE -> {
                table.add(pending.toString());
                pending.setLength(0);
                kind = Kind.UNDECIDED;
                return;
            }
            case UNDECIDED -> {
                flushTable(out);
                String line = pending.toString();
                pending.setLength(0);
                out.append(MarkdownLine.render(line, inBlock, color));
                if (line.strip().startsWith("```")) {
                    inBlock = !inBlock;
                }
            }
            case FENCE -> {
                inBlock = !inBlock;
                closeLine(out);
            }
            default -> closeLine(out);
        }
        out.append('\n');
        kind = Kind.UNDECIDED;
    }

    /** Ends the styles of the current line (a marker left open does not run on into the next). */
    private void closeLine(StringBuilder out) {
        if (heldStar) {
            out.append('*');
            heldStar = false;
        }
        if (styled) {
            out.append(RESET);
        }
        styled = false;
        inlineCode = false;
        bold = false;
    }

    private void flushTable(StringBuilder out) {
        if (!table.isEmpty()) {
            out.append(MarkdownTable.render(table, color));
            table.clear();
        }
    }
}
