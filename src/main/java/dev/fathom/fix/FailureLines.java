package dev.fathom.fix;

import java.util.regex.Pattern;

/**
 * What a line of check output is: the start of one test's failure report, an error line, a passing test, the end of
 * a failure report, or noise. Patterns cover JUnit/Surefire, Gradle, javac, Node (node:test, vitest, jest, mocha, tsc),
 * Python (unittest, pytest), Go and cargo test.
 */
final class FailureLines {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[()][A-Z0-9]");

    /** The first line of one failing test's report. */
    private static final Pattern HEADER = Pattern.compile(String.join("|",
            "<<< (FAILURE|ERROR)!$", // surefire, one test (the class summary also has "Tests run:")
            "^(ERROR|FAIL): \\S+ \\(", // unittest
            "^_{3,} .+ _{3,}$", // pytest
            "^\\s*not ok \\d+ - ", // TAP (node:test)
            "^\\s*FAIL\\s+\\S.* > ", // vitest
            "^\\s*● (?!Console)", // jest
            "^\\s+\\d+\\) \\S", // mocha
            "^---- .+ stdout ----$", // cargo test
            "^\\s*--- FAIL: ", // go test
            "^\\S.* > .+ FAILED$")); // gradle

    /** A line that ends a failure report: a separator, a summary, the next test's name. */
    private static final Pattern END = Pattern.compile(String.join("|",
            "^\\s*={10,}", "^\\s*-{10,}\\s*$", "^\\s*⎯{3,}", "^\\[INFO\\]", "^\\[(ERROR|WARNING)\\] (Tests run:|Failures:|Errors:|Failed to|BUILD)",
            "^(failures:|test result:)", "^(ok|FAIL)\\s+\\S+\\s", "^FAIL$", "^\\s*(Test Files|Tests|Test Suites|Snapshots|Duration)\\s",
            "^Ran \\d+ tests?", "^\\s*\\d+ (passing|failing|pending)", "^# (Subtest|tests|pass|fail)\\b", "^=== RUN"));

    /** A passing test or a progress line: never sent, whatever words its name contains. */
    private static final Pattern PASS = Pattern.compile(String.join("|",
            "^\\s*[✓✔√]", "^\\s*ok \\d+ - ", "\\.\\.\\. ok$", "^\\s*--- PASS", "^test \\S+ \\.\\.\\. ok$", "\\bPASSED\\b", "^\\s*PASS\\s"));

    private static final Pattern NOISE = Pattern.compile(String.join("|",
            "^\\s*$", "^\\[ERROR\\]\\s*$", "To see the full stack trace of the errors", "Re-run Maven using the -X switch",
            "For more information about the errors and possible solutions", "\\[Help \\d+\\]", "^\\[INFO\\] (Download|Progress)",
            "^Download(ing|ed) ", "^note: (Some details are omitted|run with `RUST_BACKTRACE)", "^\\s*duration_ms: ", "^\\s*\\.\\.\\.$", "^=== (RUN|CONT|PAUSE|NAME) ",
            "^\\* (Try|Get more help at)", "^Run with --(stacktrace|info|debug|scan) option", "^\\d+ actionable tasks?:")); // gradle

    /** An error: exception classes (TypeError, KeyError, AssertionFailedError), assertion messages, failure markers. */
    private static final Pattern ERROR = Pattern.compile(String.join("|",
            "\\b\\w*(Error|Exception|Failure)\\b", "(?i)\\berror\\b", "(?i)(?<![a-z])expected\\b", "\\bbut (was|got)\\b", "\\bwant\\b",
            "(?i)\\bassert(ion)?\\b", "\\bReceived\\b", "^\\s*(left|right): ", "\\bFAIL(ED|URE|S)?\\b", "(?i)\\b\\d+ (failed|failing|failures?)\\b",
            "Failures: [1-9]", "Errors: [1-9]", "\\bpanic(ked)?\\b", "Caused by:", "Traceback \\(most recent call last\\)", "^\\s*(not ok|[✗✘×✕✖])",
            "^E {2,}"));

    /** Lines around an error that show the code: source excerpts with a line number and a caret, diffs. */
    private static final Pattern CONTEXT = Pattern.compile("^\\s*>?\\s*\\d+\\s*\\|| \\|\\s*[\\^~]|^\\s*[\\^~]+\\s*$|^\\s*[-+] |^\\s*> ");

    private FailureLines() {
    }

    static String stripAnsi(String s) {
        return s.indexOf('\u001B') < 0 ? s : ANSI.matcher(s).replaceAll("");
    }

    static boolean header(String line) {
        return HEADER.matcher(line).find() && !line.contains("Tests run:");
    }

    static boolean end(String line) {
        return END.matcher(line).find() || PASS.matcher(line).find();
    }

    static boolean noise(String line) {
        return NOISE.matcher(line).find() || PASS.matcher(line).find();
    }

    static boolean error(String line) {
        return ERROR.matcher(line).find();
    }

    static boolean context(String line) {
        return CONTEXT.matcher(line).find();
    }

    private static final Pattern ERROR_KIND = Pattern.compile("\\b\\w*(Error|Exception|Failure)\\b|\\bpanicked\\b");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`|<[^>]*>");
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");
    private static final Pattern LOCATION = Pattern.compile("([\\w./\\\\-]+\\.\\w+)(?::\\[?|\\()(\\d+)");

    /** The error's class name on the line (TypeError, AssertionFailedError, panicked), or "". */
    static String errorKind(String line) {
        var m = ERROR_KIND.matcher(line);
        return m.find() ? m.group() : "";
    }

    /**
     * A line with its varying parts (numbers, quoted values, durations) blanked and its file locations kept: two lines
     * with the same shape are the same message about the same place.
     */
    static String shape(String line) {
        StringBuilder locations = new StringBuilder();
        var m = LOCATION.matcher(line);
        while (m.find()) {
            locations.append('@').append(m.group(1)).append(':').append(m.group(2));
        }
        String s = line.replaceFirst("^\\[(ERROR|INFO|WARNING)\\]", "").strip();
        s = NUMBER.matcher(QUOTED.matcher(s).replaceAll("…")).replaceAll("#").replaceAll("\\s+", " ");
        return s + locations;
    }

    /** Whether a line says something (letters beyond a log level): separators and carets are never merged. */
    static boolean wordy(String line) {
        return line.replaceFirst("^\\s*\\[(ERROR|INFO|WARNING)\\]", "").chars().anyMatch(Character::isLetter);
    }

    private static final Pattern TEST_DECORATION = Pattern.compile(String.join("|",
            "^\\s*\\[\\w+\\]\\s*", " -- Time elapsed.*$", "\\s*<<< (FAILURE|ERROR)!$", "^(ERROR|FAIL): ", "^\\s*not ok \\d+ - ",
            "^\\s*FAIL\\s+", "^\\s*● ", "^\\s*\\d+\\) ", "^---- ", " stdout ----$", "^\\s*--- FAIL: ", " \\(\\d+(\\.\\d+)?m?s\\)$",
            " FAILED$", "\\s*\\[?\\s*\\d+(\\.\\d+)?\\s*m?s\\s*\\]?$", "^_{3,} ", " _{3,}$"));

    /** A header that says by itself that the test failed (a mocha or pytest header names the test only). */
    private static final Pattern VERDICT = Pattern.compile("<<< (FAILURE|ERROR)!$|^(ERROR|FAIL): |^\\s*not ok \\d+ |^\\s*FAIL\\s|^\\s*--- FAIL: | FAILED$");

    static boolean verdict(String header) {
        return VERDICT.matcher(header).find();
    }

    /** A failing test's name from its report's first line, every runner's decoration removed: "demo.CalcTest.adds". */
    static String testName(String header) {
        String n = header;
        for (String before = ""; !before.equals(n); ) {
            before = n;
            n = TEST_DECORATION.matcher(n).replaceAll("").strip();
        }
        return n.length() > 200 ? dev.fathom.tools.TextCuts.head(n, 200) + "…" : n;
    }

    /** A failure's name from its report's first line, without decoration: for the note on repeated failures. */
    static String name(String header) {
        String n = header.replaceFirst("^\\s*\\[\\w+\\]\\s*", "").replaceFirst(" -- Time elapsed.*$", "").replaceFirst(" stdout ----$", "")
                .replaceAll("^[\\s_=●-]+|[\\s_=-]+$", "");
        return n.length() > 80 ? dev.fathom.tools.TextCuts.head(n, 80) + "…" : n;
    }

    /** A go parent test ("TestPageSize") whose failure is that of the subtests listed after it ("TestPageSize/size_1"). */
    static boolean parentOfNext(String[] lines, int i, String name) {
        int k = i + 1;
        while (k < lines.length && lines[k].isBlank()) {
            k++;
        }
        return k < lines.length && header(lines[k]) && testName(lines[k]).startsWith(name + "/");
    }
}
