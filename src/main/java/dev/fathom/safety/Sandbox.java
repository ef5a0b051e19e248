package dev.fathom.safety;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bubblewrap sandbox of one session, in every approval mode: shell commands (the bash tool, background jobs) are
 * entered into one sandbox started at the first command and ended with the session. Inside: a user namespace without
 * capabilities (uid 65534 when Fathom runs as root), a PID namespace with its own /proc, no terminal, no network
 * unless allowed, the file system read-only, an empty $HOME but for what the user's settings expose, no host socket
 * folders, the workspace writable (read-only in read-only mode) except its {@code .git} and {@code .fathom} folders.
 * See {@link SandboxMounts} for the mounts and {@code sandbox/supervisor.bash} for how commands are entered.
 */
public final class Sandbox implements AutoCloseable {

    /**
     * What a session's sandbox lets commands see.
     *
     * @param exchange the session's output folder: command logs are written there, and it is the one writable folder
     *     under FATHOM_HOME
     * @param writable folders the user's settings make writable ({@code sandbox_writable}); {@code ~/} is expanded and
     *     those that do not exist are left out
     * @param readable files and folders the user's settings expose read-only ({@code sandbox_readable})
     */
    public record Policy(Path workspace, Path home, Path fathomHome, Path runtimeDir, Path exchange, boolean network,
            boolean workspaceWritable, List<Path> writable, List<Path> readable) {

        /**
         * A policy from settings: {@code ~/} expanded against {@code home}, missing paths left out. The workspace is
         * taken where its symlinks lead: the mounts, and the search for its {@code .git}, need the folder itself.
         */
        public static Policy of(Path workspace, Path home, Path fathomHome, Path runtimeDir, Path exchange, boolean network,
                boolean workspaceWritable, List<String> writable, List<String> readable) {
            return new Policy(real(workspace), home, fathomHome, runtimeDir, exchange, network, workspaceWritable,
                    existing(writable, home), existing(readable, home));
        }

        private static Path real(Path workspace) {
            try {
                return workspace.toRealPath();
            } catch (java.io.IOException e) {
                return workspace.toAbsolutePath().normalize(); // a workspace that is gone: the sandbox reports it when it starts
            }
        }

        private static List<Path> existing(List<String> paths, Path home) {
            List<Path> out = new ArrayList<>();
            for (String p : paths) {
                Path path = p.startsWith("~/") ? home.resolve(p.substring(2)) : Path.of(p);
                if (Files.exists(path)) {
                    out.add(path.toAbsolutePath().normalize());
                }
            }
            return out;
        }
    }

    private final Path bwrap;
    private final Policy policy;
    private final Map<String, String> environment;
    private final boolean root;
    /** Whether the workspace had no .fathom folder before: the empty mount point made for it is removed at the end. */
    private final boolean noFathomFolder;
    private SandboxSession session;
    /** Puts back what a command changed of the git places mounts cannot keep still; made with each session sandbox. */
    private GitGuard guard;
    /** Ends the sandbox (and puts back what a left-behind process changed) when the JVM is stopped; null before the first start. */
    private Thread onExit;
    private boolean closed;
    /**
     * The one thread that starts bubblewrap, alive until the session ends. bubblewrap runs with --die-with-parent, and
     * Linux delivers that signal when the starting THREAD ends, not the process: a sandbox started from a short-lived
     * thread (the session-open warm-up, a pool thread that idles out) was killed with every command and job in it.
     */
    private java.util.concurrent.ExecutorService launcher;

    private Sandbox(Path bwrap, Policy policy, Map<String, String> environment, boolean root) {
        this.bwrap = bwrap;
        this.policy = policy;
        this.environment = environment;
        this.root = root;
        this.noFathomFolder = !Files.exists(policy.workspace().resolve(".fathom"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The sandbox for a session, or null when bubblewrap is not on {@code childEnvironment}'s PATH. Nothing starts
     * until the first command.
     *
     * @param childEnvironment what commands get (see {@link ChildEnvironment}); TMPDIR becomes the sandbox's /tmp
     */
    public static Sandbox detect(Policy policy, Map<String, String> childEnvironment) {
        Path bwrap = find(childEnvironment.get("PATH"));
        if (bwrap == null) {
            return null;
        }
        Map<String, String> env = new LinkedHashMap<>(childEnvironment);
        env.put("TMPDIR", "/tmp");
        return new Sandbox(bwrap, policy, Map.copyOf(env), runningAsRoot());
    }

    /** The bubblewrap program on {@code path}, or null. */
    public static Path find(String path) {
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "bwrap");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public Policy policy() {
        return policy;
    }

    /** The PATH commands get. */
    String path() {
        return environment.get("PATH");
    }

    /** Whether Fathom runs as root, so that commands run as uid {@value SandboxMounts#UNPRIVILEGED_ID} inside. */
    public boolean root() {
        return root;
    }

    /** The bubblewrap command line of the session sandbox, without the supervisor. */
    public List<String> arguments() {
        return SandboxMounts.arguments(bwrap, policy, root);
    }

    /**
     * Enters {@code command} into the session sandbox (started now if it is not running, or started again if it ended),
     * its output appended to {@code log}, which must lie in the policy's exchange folder.
     */
    public synchronized RunningCommand start(String command, Path log) throws IOException {
        if (closed) {
            throw new IOException("the session has ended");
        }
        if (!log.toAbsolutePath().normalize().startsWith(policy.exchange())) {
            throw new IOException("a sandboxed command's log must be in " + policy.exchange());
        }
        warmUp();
        SandboxSession running = session;
        guard.commandStarting(running.leftBehind());
        try {
            return new Guarded(running.run(command, log), log, running, guard);
        } catch (IOException | RuntimeException e) {
            guard.commandEnded(running.leftBehind());
            throw e;
        }
    }

    /**
     * A command whose end, however it is seen (a wait, a poll, a kill), is followed once by {@link GitGuard}'s check;
     * what it put back is appended to the command's output, so the model and the user read it with the rest.
     */
    private final class Guarded implements RunningCommand {
        private final RunningCommand command;
        private final Path log;
        private final SandboxSession session;
        private final GitGuard guard;
        private boolean checked;

        Guarded(RunningCommand command, Path log, SandboxSession session, GitGuard guard) {
            this.command = command;
            this.log = log;
            this.session = session;
            this.guard = guard;
        }

        private synchronized void ended() {
            if (checked) {
                return;
            }
            checked = true;
            report(guard.commandEnded(session.leftBehind()), log);
        }

        @Override
        public long pid() {
            return command.pid();
        }

        @Override
        public boolean isAlive() {
            if (command.isAlive()) {
                return true;
            }
            ended();
            return false;
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            if (!command.waitFor(timeout, unit)) {
                return false;
            }
            ended();
            return true;
        }

        @Override
        public int exitValue() {
            int exit = command.exitValue();
            ended();
            return exit;
        }

        @Override
        public void kill() {
            command.kill();
            if (!command.isAlive()) {
                ended();
            }
        }
    }

    /** Appends what {@link GitGuard} put back to {@code log}; with no log (the session's end), to standard error. */
    private static void report(List<String> putBack, Path log) {
        if (putBack.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("\n[fathom] This command changed what git runs or reads outside the sandbox (hooks,"
                + " settings, a .git), which the sandbox does not allow; Fathom put it back:\n");
        putBack.forEach(line -> text.append("  - ").append(line).append('\n'));
        try {
            if (log != null) {
                Files.writeString(log, text, java.nio.file.StandardOpenOption.APPEND);
                return;
            }
        } catch (IOException e) {
            // the log is gone: the terminal still hears it
        }
        System.err.print(text);
    }

    /** Starts the session sandbox now, if it is not running, and waits until it is up (doctor, benchmarks). */
    public synchronized void warmUp() throws IOException {
        if (session == null || session.ended()) {
            Files.createDirectories(policy.exchange());
            session = spawn();
        }
        session.awaitReady();
    }

    /**
     * Starts the session sandbox without waiting for it (at session open, so that it is up by the first command, whose
     * wait an Esc ends); a failure is left for the first command to report. Does nothing once the session has ended.
     */
    public synchronized void launch() {
        if (closed || session != null && !session.ended()) {
            return;
        }
        try {
            Files.createDirectories(policy.exchange());
            session = spawn();
        } catch (IOException | RuntimeException e) {
            // the first command starts it again and says why it cannot
        }
    }

    /** Starts bubblewrap on the launcher thread (see {@link #launcher}); the wait for that is short and not interruptible. */
    private SandboxSession spawn() throws IOException {
        List<Path> gitEntries = SandboxMounts.gitEntries(policy.workspace());
        List<Path> writableFolders = new ArrayList<>(policy.writable());
        if (policy.workspaceWritable()) {
            writableFolders.add(policy.workspace());
        }
        List<Path> globals = GitDirLinks.globalConfigs(policy.home());
        List<Path> kept = SandboxMounts.protectedInWorkspace(policy.workspace(), policy.writable(), gitEntries, globals);
        guard = new GitGuard(policy.workspace(), writableFolders, kept, gitEntries, globals);
        List<String> arguments = SandboxMounts.arguments(bwrap, policy, root, kept);
        if (onExit == null) {
            // a terminal closed or a kill (SIGHUP, SIGTERM) skips the session's own end: what a process left running
            // planted must still be put back
            onExit = new Thread(this::close, "fathom-sandbox-exit");
            Runtime.getRuntime().addShutdownHook(onExit);
        }
        if (launcher == null) {
            launcher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fathom-sandbox-launcher");
                t.setDaemon(true);
                return t;
            });
        }
        java.util.concurrent.Future<SandboxSession> started = launcher.submit(
                () -> SandboxSession.launch(arguments, environment, policy.workspace(), root));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true; // a process spawn takes milliseconds; losing the session would leak it
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException("cannot start bubblewrap: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the session sandbox and every process still in it. */
    @Override
    public synchronized void close() {
        closed = true;
        if (onExit != null && Thread.currentThread() != onExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway; close is idempotent
            }
        }
        if (session != null) {
            boolean sandboxRan = guard.unsettled() || session.leftBehind();
            session.close();
            session = null;
            if (sandboxRan) {
                report(guard.putBack(), null); // what a process left running changed after the last command's end
            }
        }
        if (launcher != null) {
            launcher.shutdown();
        }
        if (noFathomFolder) {
            try {
                Files.deleteIfExists(policy.workspace().resolve(".fathom")); // the mount point made for it, if still empty
            } catch (IOException e) {
                // no longer empty: kept
            }
        }
    }

    private static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // the effective uid
                }
            }
        } catch (IOException e) {
            // not Linux: bubblewrap is not there either
        }
        return false;
    }
}
