package dev.fathom.tools;

import java.util.TreeMap;

/**
 * The lines a search found, per file, and their rendering: {@code path:line:text} for matches, {@code path-line-text}
 * for context, {@code --} between separated groups, files in path order. Both search engines fill one of these, so
 * their answers are the same.
 */
final class GrepHits {
    private static final int MAX_LINE_CHARS = 500;

    private record Line(int number, String text, boolean match) {
    }

    private final TreeMap<String, TreeMap<Integer, Line>> files = new TreeMap<>();

    void add(String path, int number, String text, boolean match) {
        TreeMap<Integer, Line> lines = files.computeIfAbsent(path, k -> new TreeMap<>());
        Line existing = lines.get(number);
        if (existing == null || match && !existing.match) {
            lines.put(number, new Line(number, text, match));
        }
    }

    /** Renders at most {@code max} matches (with their trailing context); null when nothing matched. */
    String render(int max) {
        StringBuilder out = new StringBuilder();
        int matches = 0;
        boolean capped = false;
        for (var file : files.entrySet()) {
            int previous = -1;
            for (Line l : file.getValue().values()) {
                if (matches >= max && (l.match || l.number != previous + 1)) {
                    capped = true;
                    break;
                }
                if (previous >= 0 && l.number > previous + 1) {
                    out.append("--\n");
                }
                String text = l.text.length() > MAX_LINE_CHARS ? TextCuts.head(l.text, MAX_LINE_CHARS) + "…" : l.text;
                char sep = l.match ? ':' : '-';
                out.append(file.getKey()).append(sep).append(l.number).append(sep).append(text).append('\n');
                previous = l.number;
                matches += l.match ? 1 : 0;
            }
            if (capped) {
                break;
            }
        }
        if (matches == 0) {
            return null;
        }
        if (capped) {
            out.append("(stopped at ").append(max).append(" matches; narrow the pattern, path or glob, or raise max_results)\n");
        }
        return out.toString();
    }

    int matchCount() {
        int n = 0;
        for (var lines : files.values()) {
            for (Line l : lines.values()) {
                n += l.match ? 1 : 0;
            }
        }
        return n;
    }
}
