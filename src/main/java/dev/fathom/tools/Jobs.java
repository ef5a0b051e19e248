package dev.fathom.tools;

import dev.fathom.safety.RunningCommand;
import dev.fathom.safety.Sandbox;
import dev.fathom.safety.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background commands of a session (dev servers, watch builds, long test runs). Each writes its output to a file in
 * the session folder; {@code job_output} reads what is new. All jobs are killed, with their process trees, when the
 * session ends, and the session's sandbox with them (processes that left their job's tree included).
 */
public final class Jobs implements AutoCloseable {
    public static final int MAX_RUNNING = 8;

    /** One background command. */
    public static final class Job {
        final int id;
        final String command;
        final RunningCommand process;
        final Path log;
        long readOffset;

        Job(int id, String command, RunningCommand process, Path log) {
            this.id = id;
            this.command = command;
            this.process = process;
            this.log = log;
        }

        public int id() {
            return id;
        }

        public long pid() {
            return process.pid();
        }

        /** "running", or "exited with code N". */
        public String state() {
            return process.isAlive() ? "running" : "exited with code " + process.exitValue();
        }
    }

    private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Sandbox sandbox;

    /** @param sandbox the session's sandbox, ended with the session; null when commands run unconfined */
    public Jobs(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    public Jobs() {
        this(null);
    }

    Job start(String command, Path workspace, Map<String, String> env, Path outputDir, Sandbox sandbox) throws ToolException {
        long running = jobs.values().stream().filter(j -> j.process.isAlive()).count();
        if (running >= MAX_RUNNING) {
            throw new ToolException(running + " background jobs are running, the most allowed. Kill one with job_output (kill: true) first.");
        }
        try {
            Files.createDirectories(outputDir);
            int id = ids.incrementAndGet();
            Path log = outputDir.resolve("job-" + id + ".log");
            Files.deleteIfExists(log);
            Files.createFile(log);
            Job job = new Job(id, command, Shell.start(command, workspace, env, sandbox, log), log);
            jobs.put(id, job);
            return job;
        } catch (IOException e) {
            throw new ToolException("Cannot start bash: " + e.getMessage());
        }
    }

    Job get(String id) throws ToolException {
        Job job = null;
        try {
            job = jobs.get(Integer.parseInt(id.trim()));
        } catch (NumberFormatException notNumber) {
            // reported below
        }
        if (job == null) {
            throw new ToolException("No background job '" + id + "'. Known jobs: "
                    + (jobs.isEmpty() ? "none" : String.join(", ", jobs.keySet().stream().sorted().map(String::valueOf).toList())) + ".");
        }
        return job;
    }

    /** The output written since the last read, cut to its head and tail if long; advances the read position. */
    String readNew(Job job) throws IOException {
        long size = Files.size(job.log);
        long from = job.readOffset;
        job.readOffset = size;
        long length = size - from;
        if (length <= 0) {
            return "";
        }
        int half = (OutputLimits.MAX_TOOL_OUTPUT_CHARS - 1000) / 2;
        return ProcessOutput.read(job.log, from, half, half, "\n[... %d bytes omitted; the whole log is " + job.log + " ...]\n");
    }

    void kill(Job job) {
        job.process.kill();
    }

    /** Kills every job still running, then ends the session's sandbox. */
    @Override
    public void close() {
        jobs.values().forEach(j -> {
            if (j.process.isAlive()) {
                j.process.kill();
            }
        });
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
