package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;

/**
 * The file half of a status: each tracked file's lstat against its index entry, as git's refresh does it. A file whose
 * size, time and mode are those the index recorded is clean without being read. What cannot be decided from the stat
 * alone (the time differs but not the size, an entry JGit marked racily clean, an unusual mode, an error) is left to a
 * content check ({@link #CHECK}), and submodules to JGit ({@link #SUBMODULE}).
 */
final class TrackedFiles {
    static final byte CLEAN = 0;
    static final byte MODIFIED = 1;
    static final byte DELETED = 2;
    /** The stat cannot tell: the content is compared (by JGit, with the repository's conversions). */
    static final byte CHECK = 3;
    /** A file that is now a plain folder: deleted, and the folder's files are untracked. */
    static final byte FOLDER = 4;
    static final byte SUBMODULE = 5;
    /** The work tree is not looked at: an unmerged stage, or skip-worktree or assume-unchanged, as in git. */
    static final byte NOT_COMPARED = 6;

    private TrackedFiles() {
    }

    /**
     * Compares entries [from, to) with the work tree under {@code root} (absolute, ending in '/'), writing one verdict
     * per entry into {@code verdicts}. {@code fileMode} is {@code core.fileMode}: whether the executable bit counts.
     */
    static void compare(DirCacheEntry[] entries, String[] paths, String root, boolean fileMode, byte[] verdicts, int from, int to) {
        for (int i = from; i < to; i++) {
            verdicts[i] = verdict(entries[i], root + paths[i], fileMode);
        }
    }

    private static byte verdict(DirCacheEntry e, String file, boolean fileMode) {
        if (e.getStage() != DirCacheEntry.STAGE_0 || e.isSkipWorkTree() || e.isAssumeValid()) {
            return NOT_COMPARED;
        }
        int mode = e.getRawMode();
        if (mode == FileMode.TYPE_GITLINK) {
            return SUBMODULE;
        }
        boolean link = mode == FileMode.TYPE_SYMLINK;
        if (!link && mode != FileMode.REGULAR_FILE.getBits() && mode != FileMode.EXECUTABLE_FILE.getBits()) {
            return CHECK;
        }
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(Path.of(file), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e1) {
            return DELETED;
        } catch (IOException e1) {
            return CHECK; // a parent that is now a file lands here too; the folder walk marks those deleted
        }
        if (a.isDirectory()) {
            // git: a plain folder where a file was is a deletion; a folder holding a repository is a type change
            return UntrackedWalk.holdsRepository(new File(file)) ? MODIFIED : FOLDER;
        }
        if (link ? !a.isSymbolicLink() : !a.isRegularFile()) {
            return MODIFIED;
        }
        if (fileMode && !link && a.permissions().contains(PosixFilePermission.OWNER_EXECUTE) != (mode == FileMode.EXECUTABLE_FILE.getBits())) {
            return MODIFIED;
        }
        if (e.isSmudged()) {
            return CHECK;
        }
        if (e.getLength() != (int) a.size()) {
            return MODIFIED;
        }
        return a.lastModifiedTime().toInstant().equals(e.getLastModifiedInstant()) ? CLEAN : CHECK;
    }
}
