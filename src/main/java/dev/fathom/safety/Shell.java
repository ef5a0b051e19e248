package dev.fathom.safety;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How Fathom starts shell commands (the bash tool, background jobs, fix checks): {@code bash -c} in a given folder,
 * stdin closed, stdout and stderr merged, and only the environment it is given; or entered into the session sandbox.
 */
public final class Shell {
    private Shell() {
    }

    /**
     * A process builder for {@code command}, unconfined, for the user's own commands (hooks, the fix check, {@code !}
     * lines); the caller chooses where the output goes.
     */
    public static ProcessBuilder command(String command, Path directory, Map<String, String> environment) {
        return unconfined(command, directory, environment);
    }

    /**
     * {@code setsid}, when installed: an unconfined command then leads its own session and process group, so that
     * killing the group reaches every process it started (even one forked while the tree was being killed), and it
     * cannot read from or write keystrokes to the user's terminal.
     */
    private static final String SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(p -> new File(p).canExecute()).findFirst().orElse(null);

    /** As {@link #command(String, Path, Map)}: {@code bash -c}, stdin closed, stdout and stderr merged. */
    private static ProcessBuilder unconfined(String command, Path directory, Map<String, String> environment) {
        List<String> argv = SETSID != null ? List.of(SETSID, "bash", "-c", command) : List.of("bash", "-c", command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb;
    }

    /**
     * Starts {@code command} with its output (stdout and stderr) appended to {@code log}: entered into {@code sandbox}
     * (which then decides the environment and the folder: the session's) or, when it is null, unconfined in
     * {@code directory} with {@code environment}.
     */
    public static RunningCommand start(String command, Path directory, Map<String, String> environment, Sandbox sandbox, Path log)
            throws IOException {
        if (sandbox != null) {
            return sandbox.start(command, log);
        }
        Process process = unconfined(command, directory, environment).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new RunningCommand() {
            @Override
            public long pid() {
                return process.pid();
            }

            @Override
            public boolean isAlive() {
                return process.isAlive();
            }

            @Override
            public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
                return process.waitFor(timeout, unit);
            }

            @Override
            public int exitValue() {
                return process.exitValue();
            }

            @Override
            public void kill() {
                killTree(process);
            }
        };
    }

    /** Kills a process and every descendant; repeated because a dying tree can still fork. Waits briefly for the end. */
    public static void killTree(Process process) {
        // The command leads its own process group (under setsid, the process itself). Killing the group first reaches even a process forked while the tree below is being listed.
        if (process.isAlive()) {
            List<Long> leaders = new java.util.ArrayList<>();
            if (SETSID != null) {
                leaders.add(process.pid());
            }
            process.children().forEach(child -> leaders.add(child.pid()));
            killGroups(leaders);
        }
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

    /** SIGKILL to the process groups these processes lead, with one {@code kill}; a process that leads none is skipped. */
    private static void killGroups(List<Long> leaders) {
        if (leaders.isEmpty()) {
            return;
        }
        List<String> argv = new java.util.ArrayList<>(List.of("kill", "-KILL", "--"));
        leaders.forEach(pid -> argv.add("-" + pid));
        try {
            Process kill = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(2, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            // no kill command: the descendants are killed one by one below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
