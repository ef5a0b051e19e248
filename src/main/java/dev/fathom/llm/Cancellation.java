package dev.fathom.llm;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cancellation signal shared by a run: the interactive Esc key, a wall-time deadline or a signal sets it.
 * Blocking work registers a hook (closing a socket) so that it stops at once rather than at its next check;
 * the owning thread is also interrupted so that tools waiting on processes stop.
 */
public final class Cancellation {
    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CopyOnWriteArrayList<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile String reason;
    private Thread owner;

    /** Marks the thread that runs the work, so that cancelling interrupts it. */
    public synchronized void bindTo(Thread thread) {
        this.owner = thread;
    }

    public void cancel(String why) {
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            if (owner != null) {
                owner.interrupt(); // under the lock: after release() returns, no interrupt can arrive late
            }
        }
        signalled.countDown();
        hooks.forEach(Runnable::run);
    }

    /** The work is over: a cancel from now on interrupts nobody. */
    public synchronized void release() {
        owner = null;
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why the run was cancelled, or null. */
    public String reason() {
        return reason;
    }

    /** Runs {@code hook} on cancellation (at once if already cancelled) until the returned handle is closed. */
    public Registration onCancel(Runnable hook) {
        hooks.add(hook);
        if (isCancelled()) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }

    /** Sleeps, waking early when cancelled. Returns false if cancelled. */
    public boolean sleep(Duration d) {
        try {
            return !signalled.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A registered hook; closing it removes the hook. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
