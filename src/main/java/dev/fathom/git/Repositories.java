package dev.fathom.git;

import java.io.File;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * How Fathom opens a repository: always through an {@link InertFS}, so no hook, filter or other program of the
 * repository (or of the user's git config) ever runs, and with a system reader that never starts {@code git}.
 */
final class Repositories {
    private static volatile boolean systemReaderInstalled;

    private Repositories() {
    }

    /** A builder that has searched upwards from {@code dir} as git does; {@code getGitDir()} is null outside a repository. */
    static FileRepositoryBuilder find(Path dir, boolean readEnvironment) {
        installSystemReader();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setFS(new InertFS());
        if (readEnvironment) {
            builder.readEnvironment();
        }
        return builder.findGitDir(dir.toFile());
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
