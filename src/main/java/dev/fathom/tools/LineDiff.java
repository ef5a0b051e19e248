package dev.fathom.tools;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts shaped as {@code git diff} shapes it: a final line break ends the last line rather than
 * starting an empty one (so a two-line file has two lines, never a phantom third), ranges of one line are written
 * without a count, an empty range names the line before it, and a last line without a line break is marked
 * {@code \ No newline at end of file}.
 */
public final class LineDiff {
    /** Marks, for comparing, a last line that has no line break, so that adding one is a change. */
    private static final String NO_NEWLINE = "\u0000no newline";

    private LineDiff() {
    }

    /** The diff from {@code before} to {@code after} with {@code context} lines around each change; "" when equal. */
    public static String unified(String oldName, String newName, String before, String after, int context) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<AbstractDelta<String>> deltas = DiffUtils.diff(a, b).getDeltas();
        if (deltas.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- ").append(oldName).append("\n+++ ").append(newName).append('\n');
        int first = 0;
        while (first < deltas.size()) {
            int last = first;
            while (last + 1 < deltas.size() && deltas.get(last + 1).getSource().getPosition() - end(deltas.get(last)) <= 2 * context) {
                last++;
            }
            hunk(out, a, b, deltas.subList(first, last + 1), context);
            first = last + 1;
        }
        return out.toString();
    }

    private static int end(AbstractDelta<String> d) {
        return d.getSource().getPosition() + d.getSource().size();
    }

    private static void hunk(StringBuilder out, List<String> a, List<String> b, List<AbstractDelta<String>> deltas, int context) {
        AbstractDelta<String> head = deltas.get(0);
        AbstractDelta<String> tail = deltas.get(deltas.size() - 1);
        int oldStart = Math.max(0, head.getSource().getPosition() - context);
        int newStart = head.getTarget().getPosition() - (head.getSource().getPosition() - oldStart);
        int oldEnd = Math.min(a.size(), end(tail) + context);
        int newEnd = tail.getTarget().getPosition() + tail.getTarget().size() + (oldEnd - end(tail));
        out.append("@@ -").append(range(oldStart, oldEnd - oldStart)).append(" +").append(range(newStart, newEnd - newStart)).append(" @@\n");
        int i = oldStart;
        for (AbstractDelta<String> d : deltas) {
            for (; i < d.getSource().getPosition(); i++) {
                line(out, ' ', a.get(i));
            }
            d.getSource().getLines().forEach(l -> line(out, '-', l));
            d.getTarget().getLines().forEach(l -> line(out, '+', l));
            i = end(d);
        }
        for (; i < oldEnd; i++) {
            line(out, ' ', a.get(i));
        }
    }

    private static void line(StringBuilder out, char sign, String line) {
        boolean open = line.endsWith(NO_NEWLINE);
        out.append(sign).append(open ? line.substring(0, line.length() - NO_NEWLINE.length()) : line).append('\n');
        if (open) {
            out.append("\\ No newline at end of file\n");
        }
    }

    /** A range as git writes it: "start,count", "start" for one line, and for none the line before it. */
    private static String range(int start, int count) {
        if (count == 0) {
            return start + ",0";
        }
        return count == 1 ? String.valueOf(start + 1) : (start + 1) + "," + count;
    }

    /** The lines of a text; a final line break ends the last line, a carriage return before a break is not shown. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        String[] parts = text.split("\n", -1);
        int n = text.endsWith("\n") ? parts.length - 1 : parts.length;
        for (int i = 0; i < n; i++) {
            String l = parts[i].endsWith("\r") && (i < n - 1 || text.endsWith("\n")) ? parts[i].substring(0, parts[i].length() - 1) : parts[i];
            out.add(i == n - 1 && !text.endsWith("\n") ? l + NO_NEWLINE : l);
        }
        return out;
    }
}
