package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * git's ignore rules for the untracked files of a status: each folder's {@code .gitignore} (the deeper one decides
 * first, each relative to its own folder), then {@code info/exclude} of the common git directory, then
 * {@code core.excludesFile} (or git's default under the XDG config folder). Patterns are JGit's; the order and the
 * sources are git's. A {@code .gitignore} that is not a regular file (a symlink, say) is not read, as git 2.32 and later
 * refuse it. The two repository-wide files are followed through symlinks, as git follows them (dotfile managers such
 * as GNU stow make them links); see {@link #readLinked}. That an ignored folder hides everything below it is the walk's
 * part (see {@link UntrackedWalk}).
 */
final class IgnoreRules {
    /** {@code info/exclude} over the global excludes file, both relative to the top level; null when both are empty. */
    private final IgnoreNode repositoryWide;

    private IgnoreRules(IgnoreNode repositoryWide) {
        this.repositoryWide = repositoryWide;
    }

    static IgnoreRules load(Repository repo) throws IOException {
        FS fs = repo.getFS();
        Path global = repo.getConfig().getPath(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_EXCLUDESFILE, fs,
                null, null);
        if (global == null) {
            Path xdg = SystemReader.getInstance().getXdgConfigDirectory(fs);
            global = xdg == null ? null : xdg.resolve("git").resolve("ignore");
        }
        Chained globalNode = readLinked(global, null);
        Chained infoNode = readLinked(new File(repo.getCommonDirectory(), Constants.INFO_EXCLUDE).toPath(), globalNode);
        return new IgnoreRules(infoNode != null ? infoNode : globalNode);
    }

    /**
     * A repository-wide excludes file over {@code next}, read as git 2.39 reads it: through any symlinks, when a
     * regular file is at the end. Nothing there, a dangling link or a loop of links give no rules (git warns of a loop
     * and goes on); a folder stops the status with git's message. A FIFO or a device gives no rules and is never
     * opened: git would block on a FIFO until something wrote to it (the null device would read empty anyway).
     */
    private static Chained readLinked(Path file, Chained next) throws IOException {
        if (file == null) {
            return next;
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException missingOrLoop) {
            return next;
        }
        if (a.isDirectory()) {
            throw new IOException("cannot use " + file + " as an exclude file (it is a folder)");
        }
        if (!a.isRegularFile()) {
            return next;
        }
        // followed again to open: a link swapped for a FIFO between the two is the one case left that could block
        return Chained.parse(file, Files.newInputStream(file), next);
    }

    /** The rules of the top-level folder, given whether it holds a {@code .gitignore}. */
    Level top(String root, boolean hasGitignore) throws IOException {
        return new Level(null, "", hasGitignore ? Chained.read(new File(root + Constants.DOT_GIT_IGNORE), null) : null);
    }

    /** The rules in force in one folder: its own {@code .gitignore}, if any, over those of the folders above. */
    final class Level {
        private final Level parent;
        /** The folder, relative to the top level, ending in '/' (empty for the top level). */
        private final String dir;
        private final IgnoreNode own;

        private Level(Level parent, String dir, IgnoreNode own) {
            this.parent = parent;
            this.dir = dir;
            this.own = own;
        }

        /** The rules of the sub-folder {@code childDir} (relative to the top, ending in '/'), reading its {@code .gitignore}. */
        Level child(String root, String childDir, boolean hasGitignore) throws IOException {
            IgnoreNode node = hasGitignore ? Chained.read(new File(root + childDir + Constants.DOT_GIT_IGNORE), null) : null;
            return node == null ? new Level(this, childDir, null) : new Level(this, childDir, node);
        }

        /** Whether {@code path} (relative to the top level, without a trailing slash) is ignored here. */
        boolean ignored(String path, boolean isDirectory) {
            for (Level l = this; l != null; l = l.parent) {
                if (l.own != null) {
                    Boolean r = l.own.checkIgnored(path.substring(l.dir.length()), isDirectory);
                    if (r != null) {
                        return r;
                    }
                }
            }
            Boolean r = repositoryWide == null ? null : repositoryWide.checkIgnored(path, isDirectory);
            return r != null && r;
        }
    }

    /** An ignore file's rules, falling back to those of {@code next} when none of its own matches. */
    private static final class Chained extends IgnoreNode {
        private final IgnoreNode next;

        private Chained(IgnoreNode next) {
            this.next = next;
        }

        /** The rules of {@code file} over {@code next}; null when the file is missing, not a regular file, or has no rules. */
        static Chained read(File file, IgnoreNode next) throws IOException {
            if (file == null || !isRegularFile(file.toPath())) {
                return next instanceof Chained c ? c : null;
            }
            return parse(file.toPath(), Files.newInputStream(file.toPath(), LinkOption.NOFOLLOW_LINKS), next);
        }

        /** The rules read from {@code in} (closed here) over {@code next}; null when there are none at all. */
        static Chained parse(Path file, InputStream in, IgnoreNode next) throws IOException {
            Chained node = new Chained(next);
            try (in) {
                node.parse(file.toString(), in);
            }
            return node.getRules().isEmpty() && next == null ? null : node;
        }

        @Override
        public Boolean checkIgnored(String path, boolean isDirectory) {
            Boolean r = super.checkIgnored(path, isDirectory);
            return r == null && next != null ? next.checkIgnored(path, isDirectory) : r;
        }
    }

    static boolean isRegularFile(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (IOException e) {
            return false;
        }
    }
}
