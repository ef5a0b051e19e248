package dev.fathom.tools;

import java.util.List;

/** Applies update hunks to a file's lines, in order, matching context exactly or up to trailing whitespace. */
final class HunkApplier {
    private HunkApplier() {
    }

    /** Changes {@code lines} in place; returns {added, removed}. */
    static int[] apply(List<String> lines, List<Patch.Hunk> hunks, String shown) throws ToolException {
        int cursor = 0;
        int added = 0;
        int removed = 0;
        for (int h = 0; h < hunks.size(); h++) {
            Patch.Hunk hunk = hunks.get(h);
            String where = "Hunk " + (h + 1) + (hunk.header().isEmpty() ? "" : " (@@ " + hunk.header() + ")") + " of " + shown;
            int from = cursor;
            if (!hunk.header().isEmpty()) {
                int at = findHeader(lines, hunk.header(), cursor);
                if (at < 0) {
                    throw new ToolException(where + ": the @@ line '" + hunk.header() + "' was not found after line " + cursor
                            + ". Use a line that exists in the file, or leave the @@ line empty.");
                }
                from = at;
            }
            List<String> old = hunk.oldLines();
            int at;
            if (old.isEmpty()) {
                at = hunk.header().isEmpty() || hunk.atEndOfFile() ? lines.size() : from + 1;
            } else {
                at = find(lines, old, from, hunk.atEndOfFile());
                if (at < 0) {
                    throw new ToolException(where + " does not match the file: these lines were not found"
                            + (cursor > 0 ? " after line " + cursor : "") + ":\n" + preview(old)
                            + "Read the file again and copy the context and '-' lines exactly.");
                }
            }
            int pos = at;
            for (String l : hunk.lines()) {
                char kind = l.charAt(0);
                if (kind == ' ') {
                    pos++; // the file's own line is kept, whitespace and all
                } else if (kind == '-') {
                    lines.remove(pos);
                    removed++;
                } else {
                    lines.add(pos++, l.substring(1));
                    added++;
                }
            }
            cursor = pos;
        }
        return new int[] {added, removed};
    }

    private static int findHeader(List<String> lines, String header, int from) {
        String h = header.strip();
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(h) || lines.get(i).contains(h)) {
                return i;
            }
        }
        return -1;
    }

    /** The first index at or after {@code from} where {@code old} matches: exactly, else up to trailing whitespace. */
    private static int find(List<String> lines, List<String> old, int from, boolean atEnd) {
        for (boolean loose : new boolean[] {false, true}) {
            if (atEnd) {
                int start = lines.size() - old.size();
                if (start >= from && matches(lines, old, start, loose)) {
                    return start;
                }
            }
            for (int i = from; i + old.size() <= lines.size(); i++) {
                if (matches(lines, old, i, loose)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean matches(List<String> lines, List<String> old, int at, boolean loose) {
        for (int j = 0; j < old.size(); j++) {
            String a = lines.get(at + j);
            String b = old.get(j);
            if (loose ? !a.stripTrailing().equals(b.stripTrailing()) : !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    private static String preview(List<String> old) {
        StringBuilder sb = new StringBuilder();
        old.stream().limit(5).forEach(l -> sb.append("  ").append(Patch.abbreviate(l)).append('\n'));
        if (old.size() > 5) {
            sb.append("  … (").append(old.size() - 5).append(" more)\n");
        }
        return sb.toString();
    }
}
