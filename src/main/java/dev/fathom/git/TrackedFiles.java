package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.FileMode;

/**
 * The file half of a status: each tracked file's lstat against its index entry, as git's refresh does it
 * ({@code ie_match_stat} in git's read-cache.c). A changed type or executable bit, or another size (when the index
 * recorded one), is a modification without reading the file. Any other difference in the fields git compares (whole
 * seconds of mtime; unless {@code core.checkStat=minimal}, the inode number, the owner and group and, with
 * {@code core.trustCtime}, whole seconds of ctime), an entry recorded with size 0, and an entry at or after the index
 * file's own mtime (racily clean) leave the content to be compared ({@link #CHECK}); submodules go to JGit
 * ({@link #SUBMODULE}). git 2.39 as Debian builds it compares no sub-second times, and neither does this.
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

    private static final int TYPE_MASK = 0170000;
    private static final int TYPE_FILE = 0100000;
    private static final int TYPE_LINK = 0120000;
    private static final int TYPE_DIR = 0040000;
    private static final int OWNER_EXECUTE = 0100;
    /** The unix attribute view is the only one that gives ctime and the inode number; one lstat gives them all. */
    private static final String STAT = "unix:mode,size,lastModifiedTime,ctime,ino";
    /**
     * The same with the owner, asked for only when ctime is not compared: giving a file away changes its ctime, so
     * with ctime compared the owner could not tell more (and each attribute asked for costs every file some time).
     */
    private static final String STAT_WITH_OWNER = STAT + ",uid,gid";

    /**
     * Which stat fields count ({@code core.fileMode}, {@code core.trustCtime}, {@code core.checkStat}): git compares
     * ctime only when both trustCtime and checkStat say so, and inode and owner whenever checkStat is not minimal.
     */
    record Rules(boolean fileMode, boolean trustCtime, boolean checkStat) {
        static Rules of(Config config) {
            return new Rules(config.getBoolean(ConfigConstants.CONFIG_CORE_SECTION, ConfigConstants.CONFIG_KEY_FILEMODE, true),
                    config.getBoolean(ConfigConstants.CONFIG_CORE_SECTION, "trustctime", true),
                    !"minimal".equalsIgnoreCase(config.getString(ConfigConstants.CONFIG_CORE_SECTION, null, "checkstat")));
        }

        boolean ctime() {
            return trustCtime && checkStat;
        }

        boolean owner() {
            return checkStat && !trustCtime;
        }
    }

    private TrackedFiles() {
    }

    /**
     * Compares entries [from, to) with the work tree under {@code root} (absolute, ending in '/'), writing one verdict
     * per entry into {@code verdicts}.
     */
    static void compare(IndexFile index, String root, Rules rules, byte[] verdicts, int from, int to) {
        for (int i = from; i < to; i++) {
            verdicts[i] = verdict(index, i, root + index.paths[i], rules);
        }
    }

    private static byte verdict(IndexFile index, int i, String file, Rules rules) {
        if (index.stage[i] != 0 || index.notCompared[i]) {
            return NOT_COMPARED;
        }
        int mode = index.mode[i];
        if (mode == FileMode.TYPE_GITLINK) {
            return SUBMODULE;
        }
        boolean link = mode == FileMode.TYPE_SYMLINK;
        if (!link && mode != FileMode.REGULAR_FILE.getBits() && mode != FileMode.EXECUTABLE_FILE.getBits()) {
            return CHECK;
        }
        Map<String, Object> a;
        try {
            a = Files.readAttributes(Path.of(file), rules.owner() ? STAT_WITH_OWNER : STAT, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return DELETED;
        } catch (IOException e) {
            return CHECK; // a parent that is now a file lands here too; the folder walk marks those deleted
        }
        int st = (Integer) a.get("mode");
        int type = st & TYPE_MASK;
        if (type == TYPE_DIR) {
            // git: a plain folder where a file was is a deletion; a folder holding a repository is a type change
            return UntrackedWalk.holdsRepository(new File(file)) ? MODIFIED : FOLDER;
        }
        if (type != (link ? TYPE_LINK : TYPE_FILE)) {
            return MODIFIED;
        }
        if (rules.fileMode() && !link && ((st & OWNER_EXECUTE) != 0) != (mode == FileMode.EXECUTABLE_FILE.getBits())) {
            return MODIFIED;
        }
        int recordedSize = index.size[i];
        if (recordedSize != (int) (long) (Long) a.get("size")) {
            // size 0 is what git records for an entry it could not trust (and after read-tree): only a read can tell
            return recordedSize == 0 ? CHECK : MODIFIED;
        }
        if (recordedSize == 0 && !index.emptyBlob[i]) {
            return CHECK;
        }
        if (index.mtimeSec[i] != seconds(a.get("lastModifiedTime"))
                || rules.ctime() && index.ctimeSec[i] != seconds(a.get("ctime"))
                || rules.checkStat() && index.ino[i] != (int) (long) (Long) a.get("ino")
                || rules.owner() && (index.uid[i] != (Integer) a.get("uid") || index.gid[i] != (Integer) a.get("gid"))) {
            return CHECK;
        }
        // racily clean: written in the same second as the index (or later), so the stat cannot vouch for the content
        return Integer.toUnsignedLong(index.mtimeSec[i]) >= index.timestampSec ? CHECK : CLEAN;
    }

    /** Whole seconds, truncated to 32 bits as git records them. */
    private static int seconds(Object time) {
        return (int) ((FileTime) time).to(TimeUnit.SECONDS);
    }
}
