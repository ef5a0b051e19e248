package dev.fathom.ui;

/**
 * Makes model-made text (answers, reasoning, commands, paths, tool output) safe to print: every control character
 * that could move the cursor, rewrite a line, set the title or clipboard, or hide text is shown as an escape instead
 * ({@code \e}, {@code \r}, {@code \x07}, {@code \u202e}). Only Fathom's own styling, added afterwards, reaches the
 * terminal raw.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** The text with control characters escaped; line breaks and tabs kept. */
    public static String escape(String s) {
        return escape(s, false);
    }

    /** The text on one line: as {@link #escape}, and line breaks shown as {@code \n}. */
    public static String oneLine(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean breaks) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            String shown = shown(c, breaks);
            if (shown != null && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, k);
            }
            if (out != null) {
                out.append(shown != null ? shown : String.valueOf(c));
            }
        }
        return out == null ? s : out.toString();
    }

    /** How a character is shown, or null when it is shown as itself. */
    private static String shown(char c, boolean breaks) {
        if (c == '\n') {
            return breaks ? "\\n" : null;
        }
        if (c == '\t') {
            return null;
        }
        if (c == 0x1b) {
            return "\\e";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
            return String.format("\\x%02x", (int) c);
        }
        if (c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x200e || c == 0x200f || c == 0x061c) {
            return String.format("\\u%04x", (int) c); // bidirectional overrides reorder what is shown
        }
        return null;
    }
}
