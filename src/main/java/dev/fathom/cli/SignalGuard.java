package dev.fathom.cli;

import dev.fathom.loop.Agent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a headless run: the hook cancels the agent, then holds the JVM until the run has
 * ended and its result is reported (closing the guard), so {@code --output json} still prints its object.
 */
final class SignalGuard implements AutoCloseable {
    /** How long a signal waits for the run to end and report; a run that does not stop by then is cut off. */
    private static final long REPORT_WAIT_SECONDS = 20;

    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;

    private SignalGuard(Agent agent) {
        hook = new Thread(() -> {
            agent.cancellation().cancel("interrupted by a signal");
            try {
                reported.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fathom-signal");
    }

    static SignalGuard install(Agent agent) {
        SignalGuard g = new SignalGuard(agent);
        Runtime.getRuntime().addShutdownHook(g.hook);
        return g;
    }

    /** The result is reported: a signal hook waiting on it lets the JVM exit. */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: the JVM exits with the signal's status
        }
    }
}
