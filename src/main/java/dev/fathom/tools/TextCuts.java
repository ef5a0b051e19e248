package dev.fathom.tools;

/**
 * Cutting text without splitting a character. Java strings are UTF-16: a cut between the two halves of a surrogate
 * pair (an emoji, any character outside the Basic Multilingual Plane) leaves a lone surrogate, which strict JSON
 * parsers on the endpoint reject, and the bad text would stay in the conversation for every later request.
 */
public final class TextCuts {
    private TextCuts() {
    }

    /** The first {@code maxChars} chars of {@code text}, one fewer when the cut would split a surrogate pair. */
    public static String head(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, boundary(text, maxChars));
    }

    /** {@code at} moved back by one when it falls between the two halves of a surrogate pair. */
    public static int boundary(String text, int at) {
        return splitsPair(text, at) ? at - 1 : at;
    }

    private static boolean splitsPair(String text, int at) {
        return at > 0 && at < text.length() && Character.isHighSurrogate(text.charAt(at - 1))
                && Character.isLowSurrogate(text.charAt(at));
    }
}
