package dev.fathom.fix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a failing check's output down to what a fixer needs, within a character budget: failing test names,
 * assertion messages, compiler errors, stack frames that point into the repository (with the line before them),
 * and the tail of the output. Lines keep their order; gaps are marked.
 */
public final class FailureReducer {
    /** About 6,000 tokens: enough for a dozen failures with their frames. */
    public static final int DEFAULT_BUDGET_CHARS = 24_000;
    private static final int TAIL_LINES = 40;
    private static final int MAX_LINE_CHARS = 400;
    private static final Pattern IMPORTANT = Pattern.compile(String.join("|",
            "(?i)\\bFAIL(ED|URE|ING)?\\b", "Tests run:.*(Failures: [1-9]|Errors: [1-9])", "<<< (FAILURE|ERROR)!",
            "(?i)\\berror\\b", "(?i)assert", "(?i)expected", "but was", "Exception\\b", "Caused by:", "\\bpanicked\\b",
            "^\\s*[✗✘×]", "^\\s*(not ok|FAIL:|--- FAIL)", "\\.(java|kt|scala|py|ts|js|go|rs|c|cpp|rb):\\d+"));
    private static final Pattern FRAME = Pattern.compile("^\\s+at ([\\w$.]+)\\.[\\w$<>]+\\(([\\w$]+\\.\\w+):\\d+\\)");
    private static final Pattern NOISE = Pattern.compile("^\\s+at (java\\.|javax\\.|jdk\\.|sun\\.|org\\.junit\\.|org\\.apache\\.maven\\.)|"
            + "^\\[INFO\\] (Download|---|BUILD|Total time|Finished at)|^\\s*$");

    private final Path workspace;
    private final int budgetChars;

    public FailureReducer(Path workspace, int budgetChars) {
        this.workspace = workspace;
        this.budgetChars = budgetChars;
    }

    /** The reduced output. */
    public String reduce(String output) {
        String[] lines = output.split("\r?\n", -1);
        Set<Integer> keep = new LinkedHashSet<>();
        Set<String> repoClasses = new LinkedHashSet<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            Matcher frame = FRAME.matcher(l);
            if (frame.find()) {
                if (inRepository(frame.group(1), frame.group(2), repoClasses)) {
                    keep.add(i);
                }
            } else if (IMPORTANT.matcher(l).find() && !NOISE.matcher(l).find()) {
                keep.add(i);
            }
        }
        List<Integer> order = new ArrayList<>(keep);
        for (int i = Math.max(0, lines.length - TAIL_LINES); i < lines.length; i++) {
            if (!keep.contains(i)) {
                order.add(i);
            }
        }
        order.sort(Integer::compare);
        return render(lines, order);
    }

    private String render(String[] lines, List<Integer> order) {
        StringBuilder out = new StringBuilder();
        int previous = -1;
        int dropped = 0;
        for (int i : order) {
            String line = lines[i].length() > MAX_LINE_CHARS ? dev.fathom.tools.TextCuts.head(lines[i], MAX_LINE_CHARS) + "…" : lines[i];
            if (out.length() + line.length() + 1 > budgetChars) {
                dropped++;
                continue;
            }
            if (previous >= 0 && i > previous + 1) {
                out.append("  [...]\n");
            }
            out.append(line).append('\n');
            previous = i;
        }
        if (dropped > 0) {
            out.append("[").append(dropped).append(" more relevant lines left out to stay within the budget]\n");
        }
        return out.toString();
    }

    /** Whether a stack frame's class has a source file in the workspace (by its package path and file name). */
    private boolean inRepository(String qualifiedMethodOwner, String fileName, Set<String> known) {
        int dot = qualifiedMethodOwner.lastIndexOf('.');
        String pkgPath = dot < 0 ? "" : qualifiedMethodOwner.substring(0, dot).replace('.', '/');
        String key = pkgPath + "/" + fileName;
        if (known.contains(key)) {
            return true;
        }
        for (String root : new String[] {"src/main/java", "src/test/java", "src", "."}) {
            if (Files.exists(workspace.resolve(root).resolve(pkgPath).resolve(fileName))) {
                known.add(key);
                return true;
            }
        }
        return false;
    }
}
