package dev.fathom.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Terminal styling for one complete line of Markdown: headings, list bullets, inline code and bold. */
final class MarkdownLine {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String CYAN = "\u001b[36m";
    private static final String DIM = "\u001b[2m";
    private static final Pattern INLINE = Pattern.compile("`([^`]+)`|\\*\\*([^*]+)\\*\\*");

    private MarkdownLine() {
    }

    /** A line outside code blocks ({@link CodeBlock} shows those). */
    static String render(String line, boolean color) {
        if (!color) {
            return line;
        }
        String trimmed = line.strip();
        if (trimmed.startsWith("`")) {
            return DIM + line + RESET; // one or two backticks alone: what was held in case a fence followed
        }
        if (trimmed.startsWith("#")) {
            return BOLD + line.replaceFirst("^(\\s*)#+\\s*", "$1") + RESET;
        }
        return inline(line.replaceFirst("^(\\s*)[-*] ", "$1\u2022 "));
    }

    /** Inline code and bold styled, their markers removed. */
    static String inline(String text) {
        Matcher m = INLINE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String styled = m.group(1) != null ? CYAN + m.group(1) + RESET : BOLD + m.group(2) + RESET;
            m.appendReplacement(sb, Matcher.quoteReplacement(styled));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The text {@link #inline} shows, without its styling: for measuring. */
    static String plain(String text) {
        return INLINE.matcher(text).replaceAll(r -> Matcher.quoteReplacement(r.group(1) != null ? r.group(1) : r.group(2)));
    }
}
