package dev.fathom.safety;

import java.util.regex.Pattern;

/**
 * The one glob dialect of Fathom, for permission rules, the glob tool and ignore files, on paths relative to the
 * workspace with {@code /} between folders: {@code *} and {@code ?} stay within one folder, {@code **} spans folders
 * ({@code **}{@code /} also matches no folder at all), {@code [abc]} and {@code [!abc]} are classes and, except in
 * ignore files (git has none), {@code {a,b}} are alternatives. A pattern without a {@code /} names files at any depth
 * ({@code *.java} is every Java file); one with a {@code /} is anchored at the root.
 */
public final class Glob {
    private Glob() {
    }

    /** The pattern for a glob as users mean it: without a {@code /}, at any depth; a leading {@code /} anchors. */
    public static Pattern path(String glob) {
        return Pattern.compile(anchoredRegex(glob, true));
    }

    /** The regex of {@code glob} anchored as {@link #path} says; {@code braces} false for git's dialect. */
    public static String anchoredRegex(String glob, boolean braces) {
        boolean anchored = glob.contains("/");
        String body = glob.startsWith("/") ? glob.substring(1) : glob;
        return (anchored ? "" : "(?:.*/)?") + regex(body, braces);
    }

    /** The regex of one glob, matched against a whole relative path. */
    public static String regex(String glob, boolean braces) {
        StringBuilder re = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean dbl = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                if (dbl) {
                    boolean slashAfter = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                    re.append(slashAfter ? "(?:.*/)?" : ".*");
                    i += slashAfter ? 2 : 1;
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '[' && glob.indexOf(']', i + 2) < 0) {
                throw new IllegalArgumentException("unclosed [ in glob '" + glob + "'");
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 2);
                String cls = glob.substring(i + 1, close);
                String members = cls.startsWith("!") ? cls.substring(1) : cls;
                re.append(cls.startsWith("!") ? "[^" : "[").append(members.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&")
                        .replace("^", "\\^")).append(']');
                i = close;
            } else if (braces && c == '{') {
                re.append("(?:");
                depth++;
            } else if (braces && c == '}' && depth > 0) {
                re.append(')');
                depth--;
            } else if (braces && c == ',' && depth > 0) {
                re.append('|');
            } else if (c == '\\' && i + 1 < glob.length()) {
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (depth > 0) {
            throw new IllegalArgumentException("unclosed { in glob '" + glob + "'");
        }
        return re.toString();
    }
}
