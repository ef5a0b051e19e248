package dev.fathom.safety;

import java.util.concurrent.TimeUnit;

/**
 * A shell command started by {@link Shell#start}: unconfined (a child process of Fathom) or entered into the session
 * sandbox (a process Fathom cannot hold directly). Its output goes to the log file it was started with.
 */
public interface RunningCommand {
    /** The process id, as seen where the command runs (inside the sandbox, its PID namespace). */
    long pid();

    boolean isAlive();

    /** Waits up to {@code timeout} for the end; true when it ended. */
    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException;

    /** The exit code; 128 + N when ended by signal N, -1 when the sandbox it ran in ended first. Only after the end. */
    int exitValue();

    /** Kills the command with every process it started that has not left its process tree, and waits briefly for the end. */
    void kill();
}
