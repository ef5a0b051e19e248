package dev.fathom.ui;

import dev.fathom.loop.AgentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedStyle;

/**
 * What is shown under a finished tool call: a few lines of its output (more of a diff, in colour), the rest folded.
 * The exit-code line a command's output ends with is not shown as output: a zero says nothing the tick does not, and
 * another code goes on the call's own line.
 */
final class ToolOutput {
    /** Lines of a diff shown under an edit (and before its approval). */
    static final int DIFF_LINES = 40;
    private static final Pattern EXIT_LINE = Pattern.compile("\\n?\\[exit code (-?\\d+)\\]$");

    /** One line and its style. */
    record Line(String text, AttributedStyle style) {
    }

    /** The lines to show, and how many were folded away (0: none). */
    record Shown(List<Line> lines, int folded) {
    }

    private ToolOutput() {
    }

    /** The output of a call as shown: its exit-code line taken off, a diff coloured, long output folded. */
    static Shown of(AgentEvent.ToolCallFinished f, int foldedLines) {
        String output = withoutExitLine(f.output()).stripTrailing();
        if (output.isEmpty()) {
            return new Shown(List.of(), 0);
        }
        boolean diff = !f.error() && (f.name().equals("edit_file") || f.name().equals("apply_patch") || f.name().equals("git_diff"));
        return lines(output, diff ? DIFF_LINES : f.error() ? 3 : foldedLines, diff);
    }

    /** A diff's lines, coloured, at most {@code max}. */
    static Shown lines(String text, int max, boolean diff) {
        String[] all = text.stripTrailing().split("\n", -1);
        int shown = Math.min(all.length, max);
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            out.add(new Line("  " + all[i], diff ? diffStyle(all[i]) : AttributedStyle.DEFAULT.faint()));
        }
        return new Shown(out, all.length - shown);
    }

    /** " · exit code N" for a command that failed with code N, "" otherwise. */
    static String exitNote(AgentEvent.ToolCallFinished f) {
        Matcher m = EXIT_LINE.matcher(f.output().stripTrailing());
        return m.find() && !m.group(1).equals("0") ? " \u00b7 exit code " + m.group(1) : "";
    }

    private static String withoutExitLine(String output) {
        return EXIT_LINE.matcher(output.stripTrailing()).replaceFirst("");
    }

    static AttributedStyle diffStyle(String l) {
        return l.startsWith("+") && !l.startsWith("+++") ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)
                : l.startsWith("-") && !l.startsWith("---") ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)
                : l.startsWith("@@") ? AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN) : AttributedStyle.DEFAULT.faint();
    }
}
