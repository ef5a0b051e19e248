package dev.fathom.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Files marked with {@code git add -N}, as git shows them in diffs. The index holds only a placeholder for each (the
 * empty blob, flagged intent-to-add), which git treats as absent from the index: {@code git diff} shows the file as a
 * new file with all its lines, and {@code git diff --cached} does not show it. JGit reads the placeholder as an
 * ordinary empty file, so its diffs are rewritten here. Once the file is deleted, both show the placeholder's deletion.
 */
final class IntentToAdd {
    private IntentToAdd() {
    }

    /** The paths the index holds only a placeholder for. */
    static Set<String> paths(DirCache index) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < index.getEntryCount(); i++) {
            DirCacheEntry e = index.getEntry(i);
            if (e.isIntentToAdd()) {
                out.add(e.getPathString());
            }
        }
        return out;
    }

    /**
     * Makes the placeholders under {@code paths} (every one when it is empty) ordinary entries, as {@code git add}
     * does when it stages such a file: JGit's add writes the content but keeps the flag, and git would then take the
     * committed file for one that is not in the index at all. The entries keep the content the caller staged.
     */
    static void clear(Repository repo, Collection<String> paths) throws IOException {
        DirCache index = repo.lockDirCache();
        try {
            DirCacheBuilder builder = index.builder();
            boolean any = false;
            for (int i = 0; i < index.getEntryCount(); i++) {
                DirCacheEntry e = index.getEntry(i);
                String p = e.getPathString();
                if (e.isIntentToAdd() && (paths.isEmpty() || paths.stream().anyMatch(limit -> within(p, limit)))) {
                    DirCacheEntry plain = new DirCacheEntry(e.getRawPath(), e.getStage());
                    plain.setFileMode(e.getFileMode());
                    plain.setObjectId(e.getObjectId());
                    plain.setLength(e.getLength());
                    plain.setLastModified(e.getLastModifiedInstant());
                    builder.add(plain);
                    any = true;
                } else {
                    builder.keep(i, 1);
                }
            }
            if (any) {
                builder.commit();
            }
        } finally {
            index.unlock();
        }
    }

    /** A staged diff (HEAD against the index) without the placeholders. */
    static List<DiffEntry> withoutPlaceholders(Repository repo, List<DiffEntry> entries) throws IOException {
        Set<String> marked = paths(IndexReading.read(repo));
        List<DiffEntry> out = new ArrayList<>(entries);
        out.removeIf(e -> e.getChangeType() == DiffEntry.ChangeType.ADD && marked.contains(e.getNewPath()));
        return out;
    }

    /**
     * An unstaged diff (the index against the working tree) with each marked file that is still there shown as new:
     * its change from the placeholder becomes an addition, and an empty one (no change from the empty placeholder) is
     * an addition of nothing. {@code path} limits the added entries as the diff itself was limited.
     */
    static List<DiffEntry> asNewFiles(Repository repo, List<DiffEntry> entries, String path) throws IOException {
        Set<String> marked = paths(IndexReading.read(repo));
        if (marked.isEmpty()) {
            return entries;
        }
        Path top = repo.getWorkTree().toPath();
        Set<String> present = new TreeSet<>();
        for (String p : marked) {
            Path file = top.resolve(p);
            // a folder in its place is the placeholder's deletion (its files are untracked), as in git
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file)) {
                present.add(p);
            }
        }
        List<DiffEntry> out = new ArrayList<>();
        Set<String> shown = new TreeSet<>();
        for (DiffEntry e : entries) {
            String p = e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
            if (!present.contains(p)) {
                out.add(e);
            } else if (e.getChangeType() != DiffEntry.ChangeType.DELETE) { // a type change comes as a deletion and an addition
                out.add(new Added(p, e.getNewMode(), e.getNewId()));
                shown.add(p);
            }
        }
        boolean fileMode = repo.getConfig().getBoolean(ConfigConstants.CONFIG_CORE_SECTION, ConfigConstants.CONFIG_KEY_FILEMODE, true);
        for (String p : present) {
            if (!shown.contains(p) && within(p, path)) {
                FileMode mode = fileMode && executable(top.resolve(p)) ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
                out.add(new Added(p, mode, AbbreviatedObjectId.fromObjectId(emptyBlob())));
            }
        }
        out.sort((a, b) -> path(a).compareTo(path(b)));
        return out;
    }

    private static String path(DiffEntry e) {
        return e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
    }

    private static boolean within(String p, String limit) {
        return limit == null || limit.isEmpty() || limit.equals(".") || p.equals(limit) || p.startsWith(limit + "/");
    }

    private static boolean executable(Path file) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OWNER_EXECUTE);
    }

    private static ObjectId emptyBlob() {
        return ObjectId.fromString("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }

    /** A file shown as new: from /dev/null to what the working tree holds. */
    private static final class Added extends DiffEntry {
        Added(String path, FileMode mode, AbbreviatedObjectId id) {
            changeType = ChangeType.ADD;
            oldPath = DEV_NULL;
            newPath = path;
            oldMode = FileMode.MISSING;
            newMode = mode;
            oldId = AbbreviatedObjectId.fromObjectId(ObjectId.zeroId());
            newId = id;
        }
    }
}
