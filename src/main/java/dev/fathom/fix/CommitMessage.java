package dev.fathom.fix;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The commit message of a fix: a subject from the model's one-line summary (its first sentence, labels such as
 * "Fixed:" removed so that it never reads "fix: fixed: …", cut at a word to fit 72 characters) and a body naming the
 * failing check, the files and the model's full answer.
 */
public final class CommitMessage {
    public static final int MAX_SUBJECT_CHARS = 72;
    private static final String PREFIX = "fix: ";
    private static final int MAX_ANSWER_CHARS = 2000;
    private static final Pattern LABEL = Pattern.compile("(?i)^(summary|fix(ed)?|done|cause|change[sd]?)\\s*[:\\-—]\\s*");

    private CommitMessage() {
    }

    /** The subject line, at most {@link #MAX_SUBJECT_CHARS} characters. */
    public static String subject(String answer) {
        String first = answer == null ? "" : answer.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        first = first.replaceAll("[*_`#>]", "").strip();
        for (String before = ""; !before.equals(first); ) {
            before = first;
            first = LABEL.matcher(first).replaceFirst("").strip();
        }
        int dot = first.indexOf(". ");
        if (dot > 0) {
            first = first.substring(0, dot);
        }
        first = first.replaceAll("[.:;]+$", "");
        if (first.isEmpty()) {
            return PREFIX + "make the check pass";
        }
        String s = PREFIX + Character.toLowerCase(first.charAt(0)) + first.substring(1);
        if (s.length() <= MAX_SUBJECT_CHARS) {
            return s;
        }
        int cut = s.lastIndexOf(' ', MAX_SUBJECT_CHARS - 1);
        return (cut > PREFIX.length() ? s.substring(0, cut) : s.substring(0, MAX_SUBJECT_CHARS - 1)).strip() + "…";
    }

    /** The whole message: subject, the failing check, the files, the model's answer. */
    public static String of(String answer, String check, int exitBefore, boolean timedOutBefore, List<String> files) {
        StringBuilder m = new StringBuilder(subject(answer)).append("\n\n");
        m.append("Failing check: ").append(check).append(" (").append(timedOutBefore ? "timed out" : "exit " + exitBefore)
                .append(" before, exit 0 after; run again by Fathom)\n\nChanged files:\n");
        files.forEach(f -> m.append("- ").append(f).append('\n'));
        String a = answer == null ? "" : answer.strip();
        if (!a.isEmpty()) {
            m.append('\n').append(a.length() > MAX_ANSWER_CHARS ? dev.fathom.tools.TextCuts.head(a, MAX_ANSWER_CHARS) + "…" : a).append('\n');
        }
        return m.toString();
    }
}
