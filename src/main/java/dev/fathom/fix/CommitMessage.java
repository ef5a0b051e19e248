package dev.fathom.fix;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The commit message of a fix: a subject from the model's one-line summary and a body naming the failing check, its
 * failing tests, the files and the model's full answer. The subject is the summary's first sentence with labels such
 * as "Fixed:" removed, so that it never reads "fix: fixed: …"; a leading "Fixed"/"Fixes" (the prefix says so already)
 * is dropped and another past-tense or third-person verb made imperative ("Made" → "make"); identifiers keep their
 * case; it is cut at a word to fit 72 characters.
 */
public final class CommitMessage {
    public static final int MAX_SUBJECT_CHARS = 72;
    private static final String PREFIX = "fix: ";
    private static final int MAX_ANSWER_CHARS = 2000;
    private static final int MAX_TESTS_LISTED = 10;
    private static final Pattern LABEL = Pattern.compile("(?i)^(summary|fix(ed)?|done|cause|change[sd]?|commit( subject| message)?)\\s*[:\\-—]\\s*");
    private static final Pattern FIX_VERB = Pattern.compile("(?i)^fix(ed|es)?\\s+(?=\\S)");
    /** Past tense and third person of the verbs summaries start with, and their imperative. */
    private static final Map<String, String> IMPERATIVE = Map.ofEntries(
            Map.entry("made", "make"), Map.entry("makes", "make"), Map.entry("changed", "change"), Map.entry("changes", "change"),
            Map.entry("added", "add"), Map.entry("adds", "add"), Map.entry("removed", "remove"), Map.entry("removes", "remove"),
            Map.entry("updated", "update"), Map.entry("updates", "update"), Map.entry("corrected", "correct"), Map.entry("corrects", "correct"),
            Map.entry("replaced", "replace"), Map.entry("replaces", "replace"), Map.entry("handled", "handle"), Map.entry("handles", "handle"),
            Map.entry("used", "use"), Map.entry("uses", "use"), Map.entry("kept", "keep"), Map.entry("keeps", "keep"),
            Map.entry("returned", "return"), Map.entry("returns", "return"), Map.entry("stopped", "stop"), Map.entry("stops", "stop"),
            Map.entry("guarded", "guard"), Map.entry("guards", "guard"), Map.entry("moved", "move"), Map.entry("moves", "move"),
            Map.entry("renamed", "rename"), Map.entry("renames", "rename"), Map.entry("reverted", "revert"), Map.entry("reverts", "revert"),
            Map.entry("restored", "restore"), Map.entry("restores", "restore"), Map.entry("implemented", "implement"),
            Map.entry("implements", "implement"), Map.entry("ensured", "ensure"), Map.entry("ensures", "ensure"),
            Map.entry("avoided", "avoid"), Map.entry("avoids", "avoid"), Map.entry("set", "set"), Map.entry("sets", "set"));

    private CommitMessage() {
    }

    /** The subject line, at most {@link #MAX_SUBJECT_CHARS} characters. */
    public static String subject(String answer) {
        String first = answer == null ? "" : answer.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        first = first.replaceAll("[*_`#>]", "").strip();
        for (String before = ""; !before.equals(first); ) {
            before = first;
            first = LABEL.matcher(first).replaceFirst("").strip();
            first = FIX_VERB.matcher(first).replaceFirst("").strip();
        }
        int dot = first.indexOf(". ");
        if (dot > 0) {
            first = first.substring(0, dot);
        }
        first = first.replaceAll("[.:;!]+$", "");
        if (first.isEmpty()) {
            return PREFIX + "make the check pass";
        }
        String s = PREFIX + imperative(first);
        if (s.length() <= MAX_SUBJECT_CHARS) {
            return s;
        }
        int cut = s.lastIndexOf(' ', MAX_SUBJECT_CHARS - 1);
        return (cut > PREFIX.length() ? s.substring(0, cut) : s.substring(0, MAX_SUBJECT_CHARS - 1)).strip() + "…";
    }

    /**
     * The summary with its first word in the imperative and lower case when it is a plain word ("Make", "Made");
     * a first word that is an identifier ("Calc.add", "URLParser", "parseInt") is left exactly as written.
     */
    private static String imperative(String summary) {
        int space = summary.indexOf(' ');
        String word = space < 0 ? summary : summary.substring(0, space);
        String rest = space < 0 ? "" : summary.substring(space);
        if (!word.matches("[A-Z]?[a-z]+")) {
            return summary;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        return IMPERATIVE.getOrDefault(lower, lower) + rest;
    }

    /** The whole message: subject, the failing check and its failing tests, the files, the model's answer. */
    public static String of(String answer, String check, CheckRun before, List<String> files) {
        StringBuilder m = new StringBuilder(subject(answer)).append("\n\n");
        m.append("Failing check: ").append(check).append(" (").append(before.describe()).append(" before, exit 0 after; run again by Fathom)\n");
        List<String> tests = before.failingTests();
        if (!tests.isEmpty()) {
            m.append("\nFailing tests before the fix:\n");
            tests.stream().limit(MAX_TESTS_LISTED).forEach(t -> m.append("- ").append(t).append('\n'));
            if (tests.size() > MAX_TESTS_LISTED) {
                m.append("- and ").append(tests.size() - MAX_TESTS_LISTED).append(" more\n");
            }
        }
        m.append("\nChanged files:\n");
        files.forEach(f -> m.append("- ").append(f).append('\n'));
        String a = answer == null ? "" : answer.strip();
        if (!a.isEmpty()) {
            m.append('\n').append(a.length() > MAX_ANSWER_CHARS ? dev.fathom.tools.TextCuts.head(a, MAX_ANSWER_CHARS) + "…" : a).append('\n');
        }
        return m.toString();
    }
}
