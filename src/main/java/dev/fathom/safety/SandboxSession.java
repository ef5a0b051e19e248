package dev.fathom.safety;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running session sandbox: bubblewrap with the supervisor script inside it, which starts the commands sent to it
 * (see {@code sandbox/supervisor.bash}). Every command of a session runs in the same PID namespace; processes a command
 * leaves behind (with {@code &}, {@code nohup}, {@code setsid}) run until the session ends, and then die with it.
 */
final class SandboxSession implements AutoCloseable {
    private static final long READY_TIMEOUT_SECONDS = 20;
    private static final long KILL_WAIT_SECONDS = 5;
    private static final int MAX_DIAGNOSTIC_CHARS = 2_000;
    private static final String SUPERVISOR = loadSupervisor();

    private final Process process;
    /** The pids of bubblewrap's init process and of the supervisor, known once the sandbox is ready; -1 before. */
    private volatile long namespaceInit = -1;
    private volatile long supervisor = -1;
    /** Whether the supervisor started a command Fathom did not ask for since {@link #leftBehind} last looked. */
    private volatile boolean foreignStarted;
    private final OutputStream requests;
    private final Map<Integer, Command> commands = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** The supervisor's first line; latches, not futures: JDK 17's timed CompletableFuture.get can lose an interrupt. */
    private final Latched<String> ready = new Latched<>();
    private final StringBuffer diagnostics = new StringBuffer();
    private volatile boolean ended;
    private final boolean mustNotBeRoot;
    /** Whether the supervisor reported and passed the checks; or why it did not (then the session is closed). */
    private volatile boolean checked;
    private volatile String refusal;

    private SandboxSession(Process process, boolean mustNotBeRoot) {
        this.process = process;
        this.requests = process.getOutputStream();
        this.mustNotBeRoot = mustNotBeRoot;
    }

    /**
     * Starts bubblewrap with {@code bwrapArguments} and waits for the supervisor to report; checks that it runs without
     * capabilities, and not as root when {@code mustNotBeRoot}.
     */
    static SandboxSession start(List<String> bwrapArguments, Map<String, String> environment, Path directory, boolean mustNotBeRoot)
            throws IOException {
        SandboxSession s = launch(bwrapArguments, environment, directory, mustNotBeRoot);
        s.awaitReady();
        return s;
    }

    /**
     * Starts bubblewrap with {@code bwrapArguments} and returns at once: the sandbox comes up while the caller does other
     * work (a session opens it while its first request streams). The first {@link #run} waits for it and makes the
     * checks {@link #start} makes.
     */
    static SandboxSession launch(List<String> bwrapArguments, Map<String, String> environment, Path directory, boolean mustNotBeRoot)
            throws IOException {
        List<String> argv = new ArrayList<>(bwrapArguments);
        argv.addAll(List.of("bash", "--noprofile", "--norc", "-c", SUPERVISOR, "fathom-sandbox"));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(directory.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        SandboxSession s = new SandboxSession(pb.start(), mustNotBeRoot);
        s.daemon("fathom-sandbox-events", () -> s.readEvents(s.process.getInputStream()));
        s.daemon("fathom-sandbox-stderr", () -> s.readDiagnostics(s.process.getErrorStream()));
        return s;
    }

    /**
     * Waits until the supervisor has reported, then checks it once: no capabilities, not root when that was asked. An
     * interrupt (Esc) ends the wait but not the sandbox, which goes on starting for the next command; a sandbox that
     * failed to start or does not hold is closed, and every later call says why.
     */
    void awaitReady() throws IOException {
        if (refusal != null) {
            throw new IOException(refusal);
        }
        if (checked) {
            return;
        }
        String line;
        try {
            line = ready.await(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the sandbox started");
        }
        synchronized (this) {
            if (checked || refusal != null) {
                awaitReady();
                return;
            }
            String[] f = line == null ? new String[0] : line.split(" ");
            if (line == null) {
                refusal = "bubblewrap did not start: " + diagnostics().strip();
            } else if (f.length < 3 || !f[2].matches("0+") || (mustNotBeRoot && f[1].equals("0"))) {
                refusal = "the sandbox does not hold (inside: uid " + (f.length > 1 ? f[1] : "?") + ", capabilities "
                        + (f.length > 2 ? f[2] : "?") + "), so commands are not run";
            }
            if (refusal != null) {
                close();
                throw new IOException(refusal);
            }
            checked = true;
            // the tree when nothing runs: bubblewrap, its copy that is the namespace's init, and the supervisor
            process.children().findFirst().ifPresent(init -> {
                namespaceInit = init.pid();
                supervisor = init.children().findFirst().map(ProcessHandle::pid).orElse(-1L);
            });
        }
    }

    /**
     * Whether a process of the sandbox runs that is not one of Fathom's commands: one a command left behind (started
     * with {@code &} and not waited for), or one started some other way (a request written to the supervisor's own
     * input). Such a process is, at every instant, a child of the namespace's init (the kernel gives it every
     * orphan, and a process whose parent just ended is still listed under that parent, ending, until init reaps it),
     * or under a supervisor's helper. Each list of children is read whole from the kernel, the helpers' first, so a
     * process that moves from a helper's tree to init is seen in one place or the other: a reading of /proc one
     * process at a time misses a process that keeps forking and ending. A helper with no child is the one that reported
     * a command's end, ending. A command the supervisor started at another's request (its {@code started} event names
     * no command of Fathom's) counts once, even if it ended before this look. When the lists cannot be read, true: the
     * caller then assumes the worst.
     */
    boolean leftBehind() {
        boolean foreign = foreignStarted;
        foreignStarted = false;
        if (foreign || namespaceInit < 0 || supervisor < 0) {
            return true;
        }
        try {
            for (long helper : children(supervisor)) {
                if (!children(helper).isEmpty()) {
                    return true;
                }
            }
            for (long child : children(namespaceInit)) {
                if (child != supervisor) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The children of {@code pid}, as the kernel lists them for each of its threads. */
    private static List<Long> children(long pid) throws IOException {
        List<Long> out = new java.util.ArrayList<>();
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                String text;
                try {
                    text = Files.readString(task.resolve("children"));
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue; // a thread that ended
                }
                for (String child : text.trim().split("\\s+")) {
                    if (!child.isEmpty()) {
                        out.add(Long.parseLong(child));
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException ended) {
            return out; // a helper that ended meanwhile has no children
        }
        return out;
    }

    boolean ended() {
        return ended;
    }

    String diagnostics() {
        return diagnostics.toString();
    }

    /** Enters {@code command} into the sandbox, its output appended to {@code log} (a path visible inside). */
    RunningCommand run(String command, Path log) throws IOException {
        if (command.indexOf('\0') >= 0) {
            throw new IOException("the command contains a NUL character");
        }
        awaitReady();
        Command c = new Command(ids.incrementAndGet());
        commands.put(c.id, c);
        send("run", String.valueOf(c.id), log.toString(), command);
        return c;
    }

    private synchronized void send(String... fields) throws IOException {
        if (ended) {
            throw new IOException("the sandbox has ended" + (diagnostics.length() == 0 ? "" : ": " + diagnostics().strip()));
        }
        for (String field : fields) {
            requests.write(field.getBytes(StandardCharsets.UTF_8));
            requests.write(0);
        }
        requests.flush();
    }

    private void readEvents(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f[0].equals("ready")) {
                    ready.set(line);
                } else if (f.length == 3 && f[1].matches("\\d+") && f[2].matches("-?\\d+")) {
                    Command c = commands.get(Integer.parseInt(f[1]));
                    if (c == null && f[0].equals("started")) {
                        foreignStarted = true; // a request Fathom did not send (a command wrote to the supervisor's input)
                    } else if (c != null && f[0].equals("started")) {
                        c.pid.set(Long.parseLong(f[2]));
                    } else if (c != null && f[0].equals("exit")) {
                        c.exit.set(Integer.parseInt(f[2]));
                        commands.remove(c.id);
                    }
                }
            }
        } catch (IOException e) {
            // the sandbox ended
        } finally {
            ended = true;
            ready.set(null);
            commands.values().forEach(c -> {
                c.pid.set(-1L);
                c.exit.set(-1);
            });
        }
    }

    private void readDiagnostics(InputStream in) {
        try (in) {
            byte[] buf = new byte[1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (diagnostics.length() < MAX_DIAGNOSTIC_CHARS) {
                    diagnostics.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // the sandbox ended
        }
    }

    private void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** Ends the supervisor and, with it, every process in the sandbox (the kernel ends a PID namespace with its init). */
    @Override
    public void close() {
        ended = true;
        try {
            requests.close();
        } catch (IOException e) {
            // already gone
        }
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String loadSupervisor() {
        try (InputStream in = SandboxSession.class.getResourceAsStream("/sandbox/supervisor.bash")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("sandbox/supervisor.bash is missing from the class path"));
        }
    }

    /** A value set once, awaited by others; null when it came to nothing. */
    private static final class Latched<T> {
        private final CountDownLatch set = new CountDownLatch(1);
        private volatile T value;

        void set(T v) {
            if (set.getCount() > 0) {
                value = v;
                set.countDown();
            }
        }

        boolean isSet() {
            return set.getCount() == 0;
        }

        T now() {
            return value;
        }

        /** The value, or null when not set in time. */
        T await(long timeout, TimeUnit unit) throws InterruptedException {
            return set.await(timeout, unit) ? value : null;
        }
    }

    /** A command inside the sandbox, known by its request id until the supervisor reports its pid and its end. */
    private final class Command implements RunningCommand {
        final int id;
        final Latched<Long> pid = new Latched<>();
        final Latched<Integer> exit = new Latched<>();

        Command(int id) {
            this.id = id;
        }

        @Override
        public long pid() {
            try {
                Long p = pid.await(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
                return p == null ? -1 : p;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public boolean isAlive() {
            return !exit.isSet();
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            exit.await(timeout, unit);
            return exit.isSet();
        }

        @Override
        public int exitValue() {
            if (!exit.isSet()) {
                throw new IllegalThreadStateException("the command is running");
            }
            return exit.now();
        }

        @Override
        public void kill() {
            boolean interrupted = Thread.interrupted(); // the kill must happen even when the wait was interrupted
            try {
                long leader = pid();
                if (leader > 0 && isAlive()) {
                    send("kill", String.valueOf(leader), "-", "-");
                    waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                // the sandbox has ended, and the command with it
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
