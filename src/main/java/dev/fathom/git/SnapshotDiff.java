package dev.fathom.git;

import java.util.List;
import java.util.Map;

/**
 * What turns one snapshot into another: the files to write back (absent now, or with other bytes or mode) and the files
 * to delete (not in the target). Both snapshots list their files in git's order, so one pass side by side finds them,
 * without a hash lookup per file (which cost a 50,000-file undo about a tenth of its time). git's order is that of
 * the paths' UTF-8 bytes, which is code point order; a list found out of that order (a path git stores in another
 * encoding) is compared through maps instead.
 */
final class SnapshotDiff {
    private SnapshotDiff() {
    }

    /**
     * Adds to {@code restore} (with its target state in {@code wanted}) and to {@code delete} what undoing from
     * {@code now} to {@code target} changes, each in git's order; {@code seen} gets what {@code now} has at each of
     * those paths (null: no file).
     */
    static void between(TreeSnapshot.Snapshot target, TreeSnapshot.Snapshot now, List<String> restore, List<String> delete,
            Map<String, TreeSnapshot.FileState> wanted, Map<String, TreeSnapshot.FileState> seen) {
        List<String> a = target.paths();
        List<String> b = now.paths();
        if (!ordered(a) || !ordered(b)) {
            byMaps(target, now, restore, delete, wanted, seen);
            return;
        }
        List<TreeSnapshot.FileState> as = target.states();
        List<TreeSnapshot.FileState> bs = now.states();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            int c = i == a.size() ? 1 : j == b.size() ? -1 : compare(a.get(i), b.get(j));
            if (c > 0) {
                delete.add(b.get(j));
                seen.put(b.get(j), bs.get(j));
                j++;
                continue;
            }
            if (c < 0 || !as.get(i).equals(bs.get(j))) {
                restore.add(a.get(i));
                wanted.put(a.get(i), as.get(i));
                seen.put(a.get(i), c < 0 ? null : bs.get(j));
            }
            if (c == 0) {
                j++;
            }
            i++;
        }
    }

    private static void byMaps(TreeSnapshot.Snapshot target, TreeSnapshot.Snapshot now, List<String> restore, List<String> delete,
            Map<String, TreeSnapshot.FileState> wanted, Map<String, TreeSnapshot.FileState> seen) {
        Map<String, TreeSnapshot.FileState> then = target.files();
        Map<String, TreeSnapshot.FileState> current = now.files();
        for (var e : then.entrySet()) {
            if (!e.getValue().equals(current.get(e.getKey()))) {
                restore.add(e.getKey());
                wanted.put(e.getKey(), e.getValue());
                seen.put(e.getKey(), current.get(e.getKey()));
            }
        }
        for (String p : current.keySet()) {
            if (!then.containsKey(p)) {
                delete.add(p);
                seen.put(p, current.get(p));
            }
        }
    }

    /** Whether every path sorts strictly after the one before it. */
    static boolean ordered(List<String> paths) {
        for (int i = 1; i < paths.size(); i++) {
            if (compare(paths.get(i - 1), paths.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Code point order (that of the UTF-8 bytes): as UTF-16 order, but for surrogates, which sort after U+E000–U+FFFF. */
    static int compare(String x, String y) {
        int n = Math.min(x.length(), y.length());
        for (int k = 0; k < n; k++) {
            char c = x.charAt(k);
            char d = y.charAt(k);
            if (c != d) {
                return rank(c) - rank(d);
            }
        }
        return x.length() - y.length();
    }

    private static int rank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /** The folders undo must not remove even when empty: those of the checkpoint's files, and those it found without any. */
    static java.util.Set<String> keptFolders(TreeSnapshot.Snapshot target) {
        java.util.Set<String> out = new java.util.HashSet<>(target.folders());
        String last = null; // the folder of the file before: those above it are in already
        for (String p : target.paths()) {
            int slash = p.lastIndexOf('/');
            if (slash < 0 || last != null && slash == last.length() && p.startsWith(last)) {
                continue;
            }
            last = p.substring(0, slash);
            out.add(last);
            out.addAll(TreeSnapshot.parents(last));
        }
        return out;
    }
}
