package dev.fathom.fix;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a failing check's output down to what a fixer needs, within a character budget. The output is split into the
 * reports of single failing tests; a failure seen before (the same error at the same place, numbers and quoted values
 * aside) is left out and counted on the first one. The budget is then spent in rounds over the distinct failures:
 * first each one's name and error lines (and error lines outside any report), then the frames in the repository's
 * code with their source lines, then the tail of the output, then the rest of each report (code excerpts, diffs).
 * Lines keep their order, gaps are marked, ANSI colour codes are removed.
 */
public final class FailureReducer {
    /** About 6,000 tokens: enough for a dozen failures with their frames. */
    public static final int DEFAULT_BUDGET_CHARS = 24_000;
    private static final int TAIL_LINES = 40;
    private static final int MAX_LINE_CHARS = 400;
    private static final int FRAMES_PER_FAILURE_FIRST = 10;
    private static final int FOLLOW_LINES = 3;
    private static final int GAP_CHARS = 8;
    private static final int NAMES_IN_NOTE = 3;
    private static final int MOCHA_TITLE_LINES = 5;
    private static final java.util.regex.Pattern CARETS = java.util.regex.Pattern.compile("^\\s*[\\^~]+\\s*$");

    private final SourceFrames frames;
    private final int budgetChars;

    public FailureReducer(Path workspace, int budgetChars) {
        this.frames = new SourceFrames(workspace);
        this.budgetChars = budgetChars;
    }

    /** One failing test's report: lines {@code start} (its name) to {@code end} exclusive. */
    private record Report(int start, int end, String key) {
    }

    /**
     * The names of the failing tests the output reports, each once, in order (for the report's before/after lists).
     * Only failures whose report holds an error count: a runner's closing list of names is not a second failure.
     */
    public List<String> failingTests(String output) {
        String[] lines = clean(output);
        SourceFrames.Frame[] frame = new SourceFrames.Frame[lines.length];
        for (int i = 0; i < lines.length; i++) {
            frame[i] = frames.parse(lines[i]);
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        int[] reportOf = new int[lines.length];
        List<Report> reports = reports(lines, frame, reportOf);
        for (int i = 0; i < lines.length; i++) {
            if (reportOf[i] < 0 && FailureLines.header(lines[i]) && FailureLines.verdict(lines[i])) {
                // go prints parallel subtests' logs earlier, so "--- FAIL: TestX/sub" has no report of its own
                String name = FailureLines.testName(lines[i]);
                if (!name.isEmpty() && !FailureLines.parentOfNext(lines, i, name)) {
                    names.add(name);
                }
                continue;
            }
            if (reportOf[i] < 0 || reports.get(reportOf[i]).start() != i) {
                continue;
            }
            Report r = reports.get(reportOf[i]);
            String name = FailureLines.testName(lines[r.start()]);
            boolean failed = FailureLines.verdict(lines[r.start()]); // go prints a test's log before its "--- FAIL"
            for (int k = r.start() + 1; k < r.end() && !failed; k++) {
                failed = FailureLines.error(lines[k]) && !FailureLines.end(lines[k]); // not a runner's "31 failing"
            }
            if (failed && !name.isEmpty()) {
                names.add(name + continuation(lines, r));
            }
        }
        return List.copyOf(names);
    }

    /**
     * The rest of a name mocha spreads over lines ("1) slug" then "title of a post:", more indented, up to the colon);
     * "" for every other runner.
     */
    private static String continuation(String[] lines, Report r) {
        if (!lines[r.start()].matches("^\\s+\\d+\\) .*")) {
            return "";
        }
        StringBuilder more = new StringBuilder();
        int indent = lines[r.start()].indexOf(lines[r.start()].strip());
        for (int k = r.start() + 1; k < r.end() && k <= r.start() + MOCHA_TITLE_LINES; k++) {
            String l = lines[k];
            if (l.isBlank() || l.indexOf(l.strip()) <= indent) {
                break;
            }
            more.append(' ').append(l.strip());
            if (l.endsWith(":")) {
                return more.substring(0, more.length() - 1);
            }
        }
        return "";
    }

    private static String[] clean(String output) {
        String[] lines = output.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = FailureLines.stripAnsi(lines[i]);
            int cr = l.lastIndexOf('\r'); // a progress line redrawn in place: its last state
            lines[i] = cr >= 0 ? l.substring(cr + 1) : l;
        }
        return lines;
    }

    /** The reduced output. */
    public String reduce(String output) {
        String[] lines = clean(output);
        SourceFrames.Frame[] frame = new SourceFrames.Frame[lines.length];
        boolean[] dropped = new boolean[lines.length]; // noise, other code's frames and their source lines
        for (int i = 0; i < lines.length; i++) {
            frame[i] = frames.parse(lines[i]);
            if (FailureLines.noise(lines[i])) {
                dropped[i] = true;
            } else if (frame[i] != null && !frame[i].project() && !FailureLines.error(lines[i])) {
                dropped[i] = true;
                int c = i + frame[i].companion();
                if (c >= 0 && c < lines.length && c != i && frames.parse(lines[c]) == null) {
                    dropped[c] = true;
                    if (c > i && c + 1 < lines.length && CARETS.matcher(lines[c + 1]).matches()) {
                        dropped[c + 1] = true; // Python 3.11 underlines the expression
                    }
                }
            }
        }
        int[] reportOf = new int[lines.length];
        List<Report> reports = reports(lines, frame, reportOf);
        Selection sel = new Selection(lines, budgetChars);
        Map<String, Integer> firstReport = new HashMap<>();
        boolean[] repeated = new boolean[reports.size()];
        for (int r = 0; r < reports.size(); r++) {
            Report rep = reports.get(r);
            Integer first = firstReport.putIfAbsent(rep.key(), r);
            if (first != null) {
                repeated[r] = true;
                sel.repeatOf(reports.get(first).start(), FailureLines.name(lines[rep.start()]));
            }
        }
        // the same line outside reports (a summary listing every failure, a compiler error printed twice) is kept once
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            if (!dropped[i] && reportOf[i] < 0 && FailureLines.wordy(lines[i])) {
                Integer first = firstLine.putIfAbsent(FailureLines.shape(lines[i]), i);
                if (first != null) {
                    dropped[i] = true;
                    sel.similarTo(first);
                }
            } else if (reportOf[i] >= 0 && repeated[reportOf[i]]) {
                dropped[i] = true;
            }
        }
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!dropped[i]) {
                candidates.add(i);
            }
        }
        // round 1: each failure's name and error lines, and error lines anywhere
        for (int i : candidates) {
            boolean name = reportOf[i] >= 0 && reports.get(reportOf[i]).start() == i;
            if (name || (FailureLines.error(lines[i]) && (frame[i] == null || frame[i].project()))) {
                sel.add(i);
            }
        }
        // round 2: frames in the repository's code (a few per failure first), their source lines, what follows an error
        Map<Integer, Integer> framesTaken = new LinkedHashMap<>();
        for (int i : candidates) {
            if (frame[i] != null && frame[i].project() && framesTaken.merge(reportOf[i], 1, Integer::sum) <= FRAMES_PER_FAILURE_FIRST) {
                sel.add(i);
                int c = i + frame[i].companion();
                if (c != i && c >= 0 && c < lines.length && !dropped[c]) {
                    sel.add(c);
                }
            } else if (sel.has(i)) {
                for (int k = i + 1; k <= i + FOLLOW_LINES && k < lines.length && !dropped[k] && !FailureLines.header(lines[k]); k++) {
                    if (frame[k] == null) {
                        sel.add(k);
                    }
                }
            }
        }
        // round 3: the tail, where runners print their summary
        for (int i : candidates) {
            if (i >= lines.length - TAIL_LINES) {
                sel.add(i);
            }
        }
        // round 4: the rest of each distinct failure's report (code excerpts, diffs, remaining project frames)
        for (int i : candidates) {
            if (reportOf[i] >= 0 && (frame[i] == null || frame[i].project())) {
                sel.add(i);
            }
        }
        return sel.render();
    }

    /** Splits the output into single failures' reports; {@code reportOf[i]} is the report holding line i, or -1. */
    private static List<Report> reports(String[] lines, SourceFrames.Frame[] frame, int[] reportOf) {
        java.util.Arrays.fill(reportOf, -1);
        List<Report> out = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (!FailureLines.header(lines[i])) {
                i++;
                continue;
            }
            int start = i;
            int end = i + 1;
            boolean body = false;
            while (end < lines.length && !FailureLines.header(lines[end]) && !(body && FailureLines.end(lines[end]))) {
                body |= !lines[end].isBlank() && !FailureLines.end(lines[end]);
                end++;
            }
            String key = key(lines, frame, start, end);
            if (key != null) {
                for (int k = start; k < end; k++) {
                    reportOf[k] = out.size();
                }
                out.add(new Report(start, end, key));
            }
            i = end;
        }
        return out;
    }

    /**
     * What makes a failure the same as another: its error's class, the shape of its first error line and the first
     * place in the repository's code it points to. Null when the report holds no error at all (a listing line).
     */
    private static String key(String[] lines, SourceFrames.Frame[] frame, int start, int end) {
        String kind = "";
        String firstError = null;
        String place = "";
        for (int k = start + 1; k < end; k++) {
            if (firstError == null && FailureLines.error(lines[k]) && (frame[k] == null || frame[k].project())) {
                firstError = FailureLines.shape(lines[k]);
            }
            if (kind.isEmpty()) {
                kind = FailureLines.errorKind(lines[k]);
            }
            if (place.isEmpty() && frame[k] != null && frame[k].project()) {
                place = frame[k].location();
            }
        }
        return firstError == null ? null : kind + "|" + firstError + "|" + place;
    }

    /** The lines chosen so far, the budget left, and the notes on repeated failures and lines. */
    private static final class Selection {
        private final String[] lines;
        private final int budget;
        private final java.util.TreeSet<Integer> kept = new java.util.TreeSet<>();
        private final Map<Integer, List<String>> repeats = new HashMap<>();
        private final Map<Integer, Integer> similar = new HashMap<>();
        private final java.util.Set<Integer> refused = new java.util.HashSet<>();
        private int used;

        Selection(String[] lines, int budget) {
            this.lines = lines;
            this.budget = budget;
        }

        void repeatOf(int firstStart, String name) {
            repeats.computeIfAbsent(firstStart, k -> new ArrayList<>()).add(name);
        }

        void similarTo(int first) {
            similar.merge(first, 1, Integer::sum);
        }

        boolean has(int i) {
            return kept.contains(i);
        }

        void add(int i) {
            if (kept.contains(i)) {
                return;
            }
            int cost = text(i).length() + 1 + GAP_CHARS;
            if (used + cost > budget) {
                refused.add(i);
                return;
            }
            used += cost;
            kept.add(i);
        }

        private String text(int i) {
            String l = lines[i].length() > MAX_LINE_CHARS ? dev.fathom.tools.TextCuts.head(lines[i], MAX_LINE_CHARS) + "…" : lines[i];
            Integer n = similar.get(i);
            if (n != null) {
                l += "  [and " + n + " more like it]";
            }
            List<String> names = repeats.get(i);
            if (names != null) {
                l += "\n  [the same failure (same error, same place) in " + names.size() + " more: "
                        + String.join("; ", names.subList(0, Math.min(NAMES_IN_NOTE, names.size()))) + (names.size() > NAMES_IN_NOTE ? "; …" : "") + "]";
            }
            return l;
        }

        String render() {
            StringBuilder out = new StringBuilder();
            int previous = -1;
            for (int i : kept) {
                if (previous >= 0 && i > previous + 1) {
                    out.append("  [...]\n");
                }
                out.append(text(i)).append('\n');
                previous = i;
            }
            if (!refused.isEmpty()) {
                out.append("[").append(refused.size()).append(" more relevant lines left out to stay within the budget]\n");
            }
            return out.toString();
        }
    }
}
