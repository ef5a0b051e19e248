package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * How Fathom opens a repository: always through an {@link InertFS}, so no hook, filter or other program of the
 * repository (or of the user's git config) ever runs, and with a system reader that never starts {@code git}.
 */
final class Repositories {
    /** A path no file can have: its parent is a device, not a folder. */
    private static final String NO_FILE = "/dev/null/fathom-skipped-excludes-file";
    private static volatile boolean systemReaderInstalled;

    private Repositories() {
    }

    /**
     * Where a repository is, found as git finds it: {@code workTree} is null for a bare repository; {@code fromEnvironment}
     * when {@code GIT_DIR} named it (the user's own arrangement, such as a dotfiles repository over the home folder).
     */
    record Location(File gitDir, File workTree, boolean fromEnvironment) {
        /** The checkout's name among the repository's worktrees: null for the main one, else its folder under worktrees/. */
        String worktreeId() {
            File parent = gitDir.getParentFile();
            return parent != null && parent.getName().equals("worktrees") && new File(gitDir, "commondir").isFile() ? gitDir.getName() : null;
        }
    }

    /**
     * The repository a command started in {@code dir} would use, or null outside any: {@code GIT_DIR} and
     * {@code GIT_WORK_TREE} first; else the nearest {@code .git} folder or {@code .git} file ({@code gitdir: ...}) upwards,
     * stopping at {@code GIT_CEILING_DIRECTORIES}. The work tree of a discovered repository is the folder holding its
     * {@code .git}, unless {@code core.worktree} says otherwise (as git does: a separate git dir or a submodule's git dir
     * under {@code .git/modules} lives elsewhere, but its work tree does not).
     */
    static Location locate(Path dir, Map<String, String> env) throws IOException {
        installSystemReader();
        File cwd = dir.toAbsolutePath().normalize().toFile();
        String gitDirEnv = env.get("GIT_DIR");
        if (gitDirEnv != null && !gitDirEnv.isEmpty()) {
            File gitDir = resolve(cwd, gitDirEnv);
            String workTreeEnv = env.get("GIT_WORK_TREE");
            File workTree = workTreeEnv != null && !workTreeEnv.isEmpty() ? resolve(cwd, workTreeEnv) : configuredWorkTree(gitDir, cwd);
            return new Location(gitDir, workTree, true);
        }
        Set<File> ceilings = ceilings(env.get("GIT_CEILING_DIRECTORIES"));
        FS fs = new InertFS();
        for (File cur = cwd; cur != null; cur = cur.getParentFile()) {
            File dotGit = new File(cur, Constants.DOT_GIT);
            File gitDir = null;
            if (dotGit.isDirectory() && RepositoryCache.FileKey.isGitRepository(dotGit, fs)) {
                gitDir = dotGit;
            } else if (dotGit.isFile()) {
                gitDir = gitDirOfFile(dotGit);
            } else if (RepositoryCache.FileKey.isGitRepository(cur, fs)) {
                return new Location(cur, configuredWorkTree(cur, null), false);
            }
            if (gitDir != null) {
                File configured = configuredWorkTree(gitDir, cur);
                return new Location(gitDir, configured, false);
            }
            if (ceilings.contains(cur.getParentFile())) {
                break;
            }
        }
        return null;
    }

    /** Opens a located repository through an {@link InertFS}, with the work tree git would use. */
    static Repository open(Location at) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setFS(new InertFS()).setGitDir(at.gitDir()).setMustExist(true);
        if (at.workTree() != null) {
            builder.setWorkTree(at.workTree());
        } else {
            builder.setBare();
        }
        Repository repo = builder.build();
        skipUnreadableExcludesFile(repo);
        return repo;
    }

    /**
     * JGit opens the global excludes file ({@code core.excludesFile}, else git's XDG default) whenever it walks the
     * work tree for ignored files: a FIFO there would block that open for ever (git's too), and a device could be read
     * without end. When it is neither a regular file nor a folder (a folder fails as in git), this repository's view
     * of the setting names a path that cannot exist, so JGit reads no global rules; {@link IgnoreRules} never opens it
     * either. Only the in-memory configuration changes; {@code .git/info/exclude} is left to {@link InertFS#exists}.
     */
    private static void skipUnreadableExcludesFile(Repository repo) {
        org.eclipse.jgit.util.FS fs = repo.getFS();
        Path global = repo.getConfig().getPath("core", null, "excludesfile", fs, null, null);
        if (global == null) {
            Path xdg = org.eclipse.jgit.util.SystemReader.getInstance().getXdgConfigDirectory(fs);
            global = xdg == null ? null : xdg.resolve("git").resolve("ignore");
        }
        if (global != null && Files.exists(global) && !Files.isRegularFile(global) && !Files.isDirectory(global)) {
            repo.getConfig().setString("core", null, "excludesfile", NO_FILE);
        }
    }

    /** {@code core.worktree} (relative to the git dir), else {@code fallback} unless {@code core.bare} is true. */
    private static File configuredWorkTree(File gitDir, File fallback) throws IOException {
        File common = gitDir;
        File commondir = new File(gitDir, "commondir");
        if (commondir.isFile()) {
            common = resolve(gitDir, Files.readString(commondir.toPath()).strip());
        }
        FileBasedConfig config = new FileBasedConfig(new File(common, "config"), FS.DETECTED);
        try {
            config.load();
        } catch (ConfigInvalidException e) {
            throw new IOException("invalid git config " + config.getFile() + ": " + e.getMessage(), e);
        }
        String worktree = common.equals(gitDir) ? config.getString("core", null, "worktree") : null;
        if (worktree != null) {
            return resolve(gitDir, worktree);
        }
        return config.getBoolean("core", "bare", false) ? null : fallback;
    }

    /** The git dir a {@code .git} file names ({@code gitdir: PATH}, relative to the file's folder), or null. */
    private static File gitDirOfFile(File dotGit) throws IOException {
        String text = Files.readString(dotGit.toPath()).strip();
        if (!text.startsWith("gitdir:")) {
            return null;
        }
        File gitDir = resolve(dotGit.getParentFile(), text.substring("gitdir:".length()).strip());
        return gitDir.isDirectory() ? gitDir : null;
    }

    private static Set<File> ceilings(String value) {
        Set<File> out = new HashSet<>();
        if (value != null) {
            for (String d : value.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    out.add(new File(d).getAbsoluteFile());
                }
            }
        }
        return out;
    }

    private static File resolve(File base, String path) {
        File f = new File(path);
        return (f.isAbsolute() ? f.toPath() : base.toPath().resolve(path)).normalize().toFile();
    }

    /**
     * JGit normally runs the {@code git} executable to find the system config file (two process starts, and a program
     * found on PATH); reading {@code /etc/gitconfig} directly gives the same answer on the systems Fathom runs on.
     */
    private static void installSystemReader() {
        if (systemReaderInstalled) {
            return;
        }
        synchronized (Repositories.class) {
            if (!systemReaderInstalled) {
                SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
                    @Override
                    public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                        String noSystem = getenv("GIT_CONFIG_NOSYSTEM");
                        File file = noSystem != null && !noSystem.isEmpty() ? new File("/dev/null") : new File("/etc/gitconfig");
                        return new FileBasedConfig(parent, file, fs);
                    }
                });
                systemReaderInstalled = true;
            }
        }
    }
}
