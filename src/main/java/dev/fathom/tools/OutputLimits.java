package dev.fathom.tools;

/**
 * The single place where tool output is cut down for the model: the head and the tail are kept, and a note in
 * between says how much was left out.
 */
public final class OutputLimits {
    /** About 8k tokens of code; beyond this, output costs context without helping. */
    public static final int MAX_TOOL_OUTPUT_CHARS = 30_000;
    private static final double HEAD_SHARE = 0.6;

    private OutputLimits() {
    }

    public static String truncate(String text) {
        return truncate(text, MAX_TOOL_OUTPUT_CHARS, null);
    }

    /**
     * Keeps the head and tail of {@code text} within {@code maxChars}; {@code hint} (may be null) is added to the
     * note, for example where the full text was saved.
     */
    public static String truncate(String text, int maxChars, String hint) {
        if (text.length() <= maxChars) {
            return text;
        }
        int head = cutPoint(text, (int) (maxChars * HEAD_SHARE), true);
        int tail = cutPoint(text, text.length() - (maxChars - (int) (maxChars * HEAD_SHARE)), false);
        String omitted = text.substring(head, tail);
        long omittedLines = omitted.chars().filter(c -> c == '\n').count();
        return text.substring(0, head)
                + "\n[... " + omitted.length() + " characters (" + omittedLines + " lines) omitted"
                + (hint != null ? "; " + hint : "") + " ...]\n"
                + text.substring(tail);
    }

    /** Moves a cut to a line boundary when one is near, so that lines are not split. */
    private static int cutPoint(String text, int at, boolean backwards) {
        return TextCuts.boundary(text, lineCutPoint(text, at, backwards));
    }

    private static int lineCutPoint(String text, int at, boolean backwards) {
        int window = 200;
        if (backwards) {
            int nl = text.lastIndexOf('\n', at);
            return nl >= 0 && at - nl < window ? nl + 1 : at;
        }
        int nl = text.indexOf('\n', at);
        return nl >= 0 && nl - at < window ? nl + 1 : at;
    }
}
