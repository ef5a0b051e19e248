package dev.fathom.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * Markdown styling for an answer that arrives a few characters at a time. Text is passed on as soon as it is known
 * how to show it, so a long paragraph appears as it streams; only what cannot be decided yet waits: the first
 * characters of a line (a heading, a bullet, a fence or a table row?), a single {@code *} (bold or not?), and table
 * rows, which are printed aligned once the table ends. A fenced code block is shown between two rules instead of
 * its fence lines, its code highlighted line by line for the languages {@link CodeLanguage} knows (see {@link CodeBlock}).
 * Nothing printed is ever redrawn. Without colour the text is passed on as it is, except that tables are aligned and
 * fences are rules. The text is made safe to print first ({@link TerminalText#escape}), so model text cannot smuggle a
 * terminal sequence in through a code block either.
 */
final class MarkdownStream {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String CYAN = "\u001b[36m";
    private static final String DIM = "\u001b[2m";
    private static final java.util.regex.Pattern BULLET = java.util.regex.Pattern.compile("[-*+] .*");

    /** How the current line is shown, once its first characters have decided it. */
    private enum Kind { UNDECIDED, PLAIN, HEADING, FENCE, TABLE }

    private final boolean color;
    private final StringBuilder pending = new StringBuilder();
    private final List<String> table = new ArrayList<>();
    private Kind kind = Kind.UNDECIDED;
    /** The code block being shown, or null outside one. */
    private CodeBlock block;
    /** The opening fence line being shown: its character, how many, and its info string (the language). */
    private char fenceChar;
    private int fenceLength;
    private final StringBuilder fenceInfoText = new StringBuilder();
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
        String safe = TerminalText.escape(delta.toString()); // the caller escapes too; escaping twice changes nothing
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < safe.length(); i++) {
            char c = safe.charAt(i);
            if (block != null) {
                if (block.feed(c, out)) {
                    block = null;
                }
            } else if (c == '\n') {
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
        if (block != null) { // what follows is a new message: the block does not go on
            block.finish(out);
            block = null;
        }
        if (kind == Kind.TABLE) {
            table.add(pending.toString());
            pending.setLength(0);
            kind = Kind.UNDECIDED;
        }
        flushTable(out);
        if (kind == Kind.UNDECIDED && pending.length() > 0) {
            out.append(MarkdownLine.render(pending.toString(), color));
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
        if (t.startsWith("```") || t.startsWith("~~~")) {
            decided = Kind.FENCE;
        } else if ((t.charAt(0) == '`' || t.charAt(0) == '~') && t.chars().allMatch(ch -> ch == t.charAt(0))) {
            return; // one or two backticks: a fence may follow
        } else if (t.charAt(0) == '|') {
            decided = Kind.TABLE;
        } else if (!color) {
            decided = Kind.PLAIN;
        } else if (t.charAt(0) == '#') {
            if (t.chars().allMatch(ch -> ch == '#')) {
                return;
            }
            decided = t.matches("#+\\s.*") ? Kind.HEADING : Kind.PLAIN;
        } else if ((t.charAt(0) == '-' || t.charAt(0) == '*' || t.charAt(0) == '+') && t.length() < 2) {
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
            case FENCE -> { // a rule instead of the raw marker; the language follows it
                fenceChar = rest.charAt(0);
                fenceLength = 3;
                fenceInfoText.setLength(0);
                fenceInfo = false;
                out.append(indent).append(open(DIM)).append(FENCE_RULE);
                for (int i = 3; i < rest.length(); i++) {
                    emit(rest.charAt(i), out);
                }
            }
            case HEADING -> out.append(indent).append(open(BOLD)).append(rest.replaceFirst("^#+\\s+", ""));
            default -> {
                out.append(indent);
                if (color && BULLET.matcher(rest).matches()) {
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
        if (kind == Kind.FENCE) {
            if (!fenceInfo && c == fenceChar) {
                fenceLength++; // a longer fence: only as long a one closes it
                return;
            }
            if (!fenceInfo && c != ' ') {
                fenceInfo = true;
                out.append(' '); // between the rule and the language
            }
            fenceInfoText.append(c);
            if (fenceInfo) {
                out.append(c);
            }
            return;
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
                out.append(MarkdownLine.render(line, color));
            }
            case FENCE -> {
                closeLine(out);
                block = new CodeBlock(fenceChar, fenceLength, fenceInfoText.toString(), color,
                        color ? DIM + FENCE_RULE + RESET : FENCE_RULE);
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
