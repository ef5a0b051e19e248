package dev.fathom.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colours one code block's lines for the terminal: keywords, strings, comments, numbers (and types, keys, annotations,
 * shell variables, diff lines where the language has them). A small hand-written lexer per language family, not a
 * parser: it is right for ordinary code and harmless when wrong. It works a line at a time, because deciding a token
 * needs what follows it (is {@code in} a keyword or the start of {@code index}? is {@code /} a comment?); a string or
 * comment left open at the end of a line is carried to the next. Every coloured token ends with a reset, so a line (or
 * a block cut short) never leaves a colour on. The text must already be safe to print ({@link TerminalText#escape}).
 */
final class CodeHighlight {
    static final String RESET = "\u001b[0m";
    static final String KEYWORD = "\u001b[35m";
    static final String STRING = "\u001b[32m";
    static final String COMMENT = "\u001b[2m";
    static final String NUMBER = "\u001b[33m";
    static final String TYPE = "\u001b[36m";
    static final String ANNOTATION = "\u001b[33m";
    static final String REMOVED = "\u001b[31m";
    static final String HEADER = "\u001b[1m";
    /** A YAML key at the start of a line, after its indent and any list dashes. */
    private static final Pattern YAML_KEY = Pattern.compile("^(\\s*(?:-\\s+)*)([^\\s#'\"\\[{:-][^#:]*?|-[^\\s#:][^#:]*?)(?=:(\\s|$))");

    private final CodeLanguage lang;
    /** The closing delimiter a string or comment left open at the end of the last line waits for, or null. */
    private String openUntil;
    private String openStyle;
    private boolean openEscapes;

    private CodeHighlight(CodeLanguage lang) {
        this.lang = lang;
    }

    /** A highlighter for the language a fence names, or null when it is not one known here (the block is shown plain). */
    static CodeHighlight forFence(String info) {
        CodeLanguage lang = CodeLanguage.named(info);
        return lang == null ? null : new CodeHighlight(lang);
    }

    /** One line of the block (without its line break), coloured. */
    String line(CharSequence text) {
        String s = text.toString();
        StringBuilder out = new StringBuilder(s.length() + 48);
        if (lang.kind() == CodeLanguage.Kind.DIFF) {
            diffLine(s, out);
            return out.toString();
        }
        int i = openUntil != null ? continueOpen(s, out) : 0;
        if (i == 0 && lang.kind() == CodeLanguage.Kind.YAML) {
            i = yamlKey(s, out);
        } else if (i == 0 && lang.kind() == CodeLanguage.Kind.C) {
            i = directive(s, out);
        }
        while (i < s.length()) {
            i = token(s, i, out);
        }
        return out.toString();
    }

    private int token(String s, int i, StringBuilder out) {
        char c = s.charAt(i);
        String comment = lang.lineComment();
        if (comment != null && s.startsWith(comment, i) && (!lang.hashAfterSpace() || i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
            return styled(COMMENT, s, i, s.length(), out);
        }
        if (lang.blockComments() && s.startsWith("/*", i)) {
            return open(s, i, "/*", "*/", COMMENT, false, out);
        }
        if (lang.quotes().indexOf(c) >= 0 && lang.tripleQuotes() && s.startsWith(String.valueOf(c).repeat(3), i)) {
            String triple = String.valueOf(c).repeat(3);
            return open(s, i, triple, triple, STRING, true, out);
        }
        if (c == '`' && lang.backtickSpansLines()) {
            return open(s, i, "`", "`", STRING, lang.types(), out); // JavaScript templates have escapes, Go raw strings none
        }
        if (lang.quotes().indexOf(c) >= 0 && opensString(s, i)) {
            boolean escapes = !(lang.kind() == CodeLanguage.Kind.SHELL && c == '\'');
            int end = closing(s, i + 1, String.valueOf(c), escapes);
            int stop = end < 0 ? s.length() : end + 1;
            boolean key = lang.kind() == CodeLanguage.Kind.JSON && end >= 0 && nextNonSpace(s, stop) == ':';
            return styled(key ? TYPE : STRING, s, i, stop, out);
        }
        if (Character.isDigit(c) && (i == 0 || !wordChar(s.charAt(i - 1)))) {
            int j = i + 1;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                    || s.charAt(j) == '.' && j + 1 < s.length() && Character.isDigit(s.charAt(j + 1)))) {
                j++;
            }
            return styled(NUMBER, s, i, j, out);
        }
        if (wordStart(c) && (i == 0 || !wordChar(s.charAt(i - 1)))) {
            int j = wordEnd(s, i);
            String word = s.substring(i, j);
            boolean member = i > 0 && s.charAt(i - 1) == '.' && lang.kind() != CodeLanguage.Kind.SHELL; // x.class, obj.type
            if (lang.keywords().contains(word) && !member) {
                return styled(KEYWORD, s, i, j, out);
            }
            if (lang.types() && Character.isUpperCase(c) && !word.equals(word.toUpperCase(java.util.Locale.ROOT))) {
                return styled(TYPE, s, i, j, out);
            }
            out.append(word);
            return j;
        }
        if (c == '@' && lang.kind() == CodeLanguage.Kind.CODE && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) {
            return styled(ANNOTATION, s, i, wordEnd(s, i + 1), out); // Java and Kotlin annotations, Python decorators
        }
        if (c == '$' && lang.kind() == CodeLanguage.Kind.SHELL && i + 1 < s.length()) {
            int j = s.charAt(i + 1) == '{' ? s.indexOf('}', i) + 1 : wordEnd(s, i + 1);
            return styled(TYPE, s, i, j <= i + 1 ? i + 2 : j, out);
        }
        out.append(c);
        return i + 1;
    }

    /** Whether a quote here opens a string: a Rust lifetime ({@code 'a}) and a YAML apostrophe in plain text do not. */
    private boolean opensString(String s, int i) {
        if (lang.kind() == CodeLanguage.Kind.RUST && s.charAt(i) == '\'') {
            return i + 2 < s.length() && (s.charAt(i + 1) == '\\' || s.charAt(i + 2) == '\'');
        }
        if (lang.kind() == CodeLanguage.Kind.YAML) {
            int k = i - 1;
            while (k >= 0 && s.charAt(k) == ' ') {
                k--;
            }
            return k < 0 || ":-[{,".indexOf(s.charAt(k)) >= 0;
        }
        return true;
    }

    /** A string or comment from {@code i}: styled to its end on this line, or carried to the next line when it stays open. */
    private int open(String s, int i, String opener, String close, String style, boolean escapes, StringBuilder out) {
        int end = closing(s, i + opener.length(), close, escapes);
        if (end < 0) {
            openUntil = close;
            openStyle = style;
            openEscapes = escapes;
            return styled(style, s, i, s.length(), out);
        }
        return styled(style, s, i, end + close.length(), out);
    }

    /** The rest of a string or comment the last line left open. */
    private int continueOpen(String s, StringBuilder out) {
        int end = closing(s, 0, openUntil, openEscapes);
        String style = openStyle;
        if (end < 0) {
            return styled(style, s, 0, s.length(), out);
        }
        int stop = end + openUntil.length();
        openUntil = null;
        return styled(style, s, 0, stop, out);
    }

    private int yamlKey(String s, StringBuilder out) {
        Matcher m = YAML_KEY.matcher(s);
        if (!m.find()) {
            return 0;
        }
        out.append(m.group(1));
        return styled(TYPE, s, m.start(2), m.end(2), out);
    }

    /** A C preprocessor line's directive ({@code #include}) as a keyword. */
    private int directive(String s, StringBuilder out) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i >= s.length() || s.charAt(i) != '#') {
            return 0;
        }
        out.append(s, 0, i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == ' ') {
            j++;
        }
        return styled(KEYWORD, s, i, wordEnd(s, j), out);
    }

    private void diffLine(String s, StringBuilder out) {
        if (s.startsWith("+++") || s.startsWith("---") || s.startsWith("diff ") || s.startsWith("index ")) {
            styled(HEADER, s, 0, s.length(), out);
        } else if (s.startsWith("+")) {
            styled(STRING, s, 0, s.length(), out);
        } else if (s.startsWith("-")) {
            styled(REMOVED, s, 0, s.length(), out);
        } else if (s.startsWith("@@")) {
            styled(TYPE, s, 0, s.length(), out);
        } else {
            out.append(s);
        }
    }

    private static int styled(String style, String s, int from, int to, StringBuilder out) {
        if (to > from) {
            out.append(style).append(s, from, to).append(RESET);
        }
        return to;
    }

    /** Where {@code close} starts at or after {@code from}, skipping backslash escapes; -1 when not on this line. */
    private static int closing(String s, int from, String close, boolean escapes) {
        for (int j = from; j < s.length(); j++) {
            if (escapes && s.charAt(j) == '\\') {
                j++;
            } else if (s.startsWith(close, j)) {
                return j;
            }
        }
        return -1;
    }

    private static char nextNonSpace(String s, int from) {
        for (int j = from; j < s.length(); j++) {
            if (!Character.isWhitespace(s.charAt(j))) {
                return s.charAt(j);
            }
        }
        return 0;
    }

    private boolean wordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    /** Whether a character continues a word; in shell {@code for-each} and {@code done.txt} are single words. */
    private boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || lang.kind() == CodeLanguage.Kind.SHELL && (c == '-' || c == '.' || c == '/');
    }

    private int wordEnd(String s, int from) {
        int j = from;
        while (j < s.length() && wordChar(s.charAt(j))) {
            j++;
        }
        return j;
    }
}
