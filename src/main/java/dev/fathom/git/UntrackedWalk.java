package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;

/**
 * The folder half of a status, as git's untracked scan does it: every folder is listed once, its names are matched
 * against the index's sorted paths, and only names the index does not know are looked at (one lstat each). Tracked
 * files are left to {@link TrackedFiles}; what this walk adds for them is which tracked folders are no longer real
 * folders (gone, or now a file or a symlink), so that everything the index has below them counts as deleted, as git
 * never looks through a symlink.
 * <p>
 * Untracked files are listed one by one ({@code -uall}); a folder that holds a git repository is listed as
 * {@code folder/} and not entered; an ignored folder is not entered, and below a tracked folder that is ignored every
 * untracked name is ignored, un-ignore rules included, as in git. Names called {@code .git} are never listed, and
 * FIFOs, sockets and devices are not files to git.
 */
final class UntrackedWalk {
    private static final byte AS_FILE = 1;
    private static final byte AS_FOLDER = 2;
    private final String root;
    private final String[] paths;
    private final IgnoreRules rules;
    private final List<String> untracked = new ArrayList<>();
    /** Index ranges [from, to) of paths under a tracked folder that is not a real folder any more. */
    private final List<int[]> gone = new ArrayList<>();

    /**
     * @param root the work tree's absolute path, ending in '/'
     * @param paths the index's paths in index order (stages repeat a path)
     */
    UntrackedWalk(String root, String[] paths, IgnoreRules rules) {
        this.root = root;
        this.paths = paths;
        this.rules = rules;
    }

    /** Walks the whole work tree. */
    UntrackedWalk run() throws IOException {
        String[] names = list("");
        if (names == null) {
            throw new IOException("cannot list the work tree " + root);
        }
        walk("", names, 0, paths.length, rules.top(root, contains(names, Constants.DOT_GIT_IGNORE)), false);
        return this;
    }

    /**
     * Walks a folder that is untracked although the index has a file of that name (a file that became a folder):
     * {@code dir} is relative and ends in '/'. The ignore rules of the folders above are read on the way down.
     */
    void walkUntrackedFolder(String dir) throws IOException {
        String[] names = list("");
        if (names == null) {
            return;
        }
        IgnoreRules.Level level = rules.top(root, contains(names, Constants.DOT_GIT_IGNORE));
        for (int slash = dir.indexOf('/'); slash >= 0; slash = dir.indexOf('/', slash + 1)) {
            String folder = dir.substring(0, slash);
            String[] inner = level.ignored(folder, true) ? null : list(folder + "/");
            if (inner == null) {
                return;
            }
            if (slash == dir.length() - 1) {
                walk(dir, inner, 0, 0, level, false);
                return;
            }
            level = level.child(root, folder + "/", contains(inner, Constants.DOT_GIT_IGNORE));
        }
    }

    List<String> untracked() {
        return untracked;
    }

    List<int[]> gone() {
        return gone;
    }

    /**
     * One folder: {@code dir} (relative, "" or ending in '/') listed as {@code names}, the index's paths under it in
     * [lo, hi), {@code level} the ignore rules above it, {@code ignoredAbove} whether it or a folder above is ignored.
     */
    private void walk(String dir, String[] names, int lo, int hi, IgnoreRules.Level above, boolean ignoredAbove) throws IOException {
        IgnoreRules.Level level = ignoredAbove || dir.isEmpty() ? above
                : above.child(root, dir, contains(names, Constants.DOT_GIT_IGNORE));
        Arrays.sort(names);
        byte[] tracked = new byte[names.length];
        int start = dir.length();
        for (int i = lo; i < hi;) {
            String p = paths[i];
            int slash = p.indexOf('/', start);
            if (slash < 0) {
                mark(names, tracked, p.substring(start), AS_FILE);
                i++;
                continue;
            }
            String prefix = p.substring(0, slash + 1);
            int end = i + 1;
            while (end < hi && paths[end].startsWith(prefix)) {
                end++;
            }
            String name = p.substring(start, slash);
            int at = mark(names, tracked, name, AS_FOLDER);
            BasicFileAttributes a = at < 0 ? null : lstat(dir + name);
            String[] inner = a != null && a.isDirectory() ? list(prefix) : null;
            if (inner != null) {
                walk(prefix, inner, i, end, level, ignoredAbove || level.ignored(dir + name, true));
            } else {
                gone.add(new int[] {i, end});
                // the name is untracked unless the index also has a file of that name (then it sorts first, and is marked)
                if (a != null && (a.isRegularFile() || a.isSymbolicLink()) && (tracked[at] & AS_FILE) == 0 && !ignoredAbove
                        && !level.ignored(dir + name, false)) {
                    untracked.add(dir + name);
                }
            }
            i = end;
        }
        if (!ignoredAbove) {
            for (int k = 0; k < names.length; k++) {
                if (tracked[k] == 0) {
                    untrackedName(dir, names[k], level);
                }
            }
        }
    }

    private void untrackedName(String dir, String name, IgnoreRules.Level level) throws IOException {
        if (name.equals(Constants.DOT_GIT)) {
            return;
        }
        String path = dir + name;
        BasicFileAttributes a = lstat(path);
        if (a == null) {
            return;
        }
        if (a.isRegularFile() || a.isSymbolicLink()) {
            if (!level.ignored(path, false)) {
                untracked.add(path);
            }
        } else if (a.isDirectory() && !level.ignored(path, true)) {
            if (holdsRepository(new File(root + path))) {
                untracked.add(path + "/");
                return;
            }
            String[] inner = list(path + "/");
            if (inner != null) {
                walk(path + "/", inner, 0, 0, level, false);
            }
        }
    }

    /** Whether the folder holds a git repository of its own (a {@code .git} folder, or a {@code .git} file pointing to one). */
    static boolean holdsRepository(File folder) {
        File dotGit = new File(folder, Constants.DOT_GIT);
        return RepositoryCache.FileKey.isGitRepository(dotGit, FS.DETECTED) || IgnoreRules.isRegularFile(dotGit.toPath());
    }

    private static int mark(String[] names, byte[] tracked, String name, byte as) {
        int at = Arrays.binarySearch(names, name);
        if (at >= 0) {
            tracked[at] |= as;
        }
        return at;
    }

    private static boolean contains(String[] names, String name) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The names in a folder (relative, "" or ending in '/'), or null when it cannot be listed. */
    private String[] list(String dir) {
        return new File(root + dir).list();
    }

    /** The attributes of a path (relative), not following a symlink; null when it is gone. */
    private BasicFileAttributes lstat(String path) {
        try {
            return Files.readAttributes(Path.of(root + path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }
}
