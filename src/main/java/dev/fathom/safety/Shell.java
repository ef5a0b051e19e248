package dev.fathom.safety;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How Fathom starts shell commands (the bash tool, background jobs, fix checks): {@code bash -c} in a given folder,
 * stdin closed, stdout and stderr merged, and only the environment it is given. The one place a sandbox wraps them.
 */
public final class Shell {
    private Shell() {
    }

    /** A process builder for {@code command}, unconfined; the caller chooses where the output goes. */
    public static ProcessBuilder command(String command, Path directory, Map<String, String> environment) {
        return command(command, directory, environment, null);
    }

    /** As {@link #command(String, Path, Map)}, inside {@code sandbox} when it is not null. */
    public static ProcessBuilder command(String command, Path directory, Map<String, String> environment, Sandbox sandbox) {
        List<String> argv = sandbox == null ? List.of("bash", "-c", command) : sandbox.wrap(command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb;
    }

    /** Kills a process and every descendant; repeated because a dying tree can still fork. Waits briefly for the end. */
    public static void killTree(Process process) {
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> tree = process.descendants().toList();
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            if (tree.isEmpty() && !process.isAlive()) {
                break;
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
