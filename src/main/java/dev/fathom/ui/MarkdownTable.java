package dev.fathom.ui;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * A Markdown table, printed once its last row has arrived: columns padded to their widest cell (measured in terminal
 * columns, so wide characters line up), inline code and bold styled in colour, the header in bold, the separator row
 * drawn as a rule.
 */
final class MarkdownTable {
    private MarkdownTable() {
    }

    static boolean isRow(String line) {
        String t = line.strip();
        return t.startsWith("|") && t.length() > 1;
    }

    static String render(List<String> lines, boolean color) {
        List<List<String>> rows = new ArrayList<>();
        int header = -1;
        for (String line : lines) {
            List<String> cells = cells(line);
            if (cells.stream().allMatch(c -> c.matches(":?-{2,}:?"))) {
                header = rows.size() - 1;
                continue;
            }
            rows.add(cells);
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], width(color ? MarkdownLine.plain(r.get(i)) : r.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = i < row.size() ? row.get(i) : "";
                String shown = color ? MarkdownLine.plain(cell) : cell;
                line.append(i == 0 ? "" : " \u2502 ").append(color ? MarkdownLine.inline(cell) : cell)
                        .append(" ".repeat(widths[i] - width(shown)));
            }
            String text = line.toString().stripTrailing();
            out.append(color && r == header ? "\u001b[1m" + text + "\u001b[0m" : text).append('\n');
            if (r == header) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < columns; i++) {
                    rule.append(i == 0 ? "" : "\u2500\u253c\u2500").append("\u2500".repeat(widths[i]));
                }
                out.append(rule).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> cells(String line) {
        String t = line.strip();
        if (t.startsWith("|")) {
            t = t.substring(1);
        }
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String c : t.split("(?<!\\\\)\\|", -1)) {
            out.add(c.strip().replace("\\|", "|"));
        }
        return out;
    }

    /** Terminal columns a text takes: East Asian wide characters count two. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += Math.max(0, WCWidth.wcwidth(cp));
            i += Character.charCount(cp);
        }
        return w;
    }
}
