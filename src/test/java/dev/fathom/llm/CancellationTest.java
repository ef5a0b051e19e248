package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The run's cancellation signal: the first reason wins, hooks run once, the owner is interrupted until released. */
class CancellationTest {

    @Test
    void theFirstReasonWinsAndHooksRunOnce() {
        Cancellation c = new Cancellation();
        List<String> ran = new ArrayList<>();
        c.onCancel(() -> ran.add("a"));
        c.onCancel(() -> ran.add("b"));
        assertThat(c.isCancelled()).isFalse();
        assertThat(c.reason()).isNull();
        assertThat(ran).isEmpty();

        c.cancel("Esc");
        c.cancel("deadline");
        assertThat(c.isCancelled()).isTrue();
        assertThat(c.reason()).isEqualTo("Esc");
        assertThat(ran).containsExactly("a", "b");
    }

    @Test
    void aHookAddedAfterTheCancelRunsAtOnceAndAClosedOneNever() {
        Cancellation c = new Cancellation();
        AtomicInteger removed = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        c.onCancel(removed::incrementAndGet).close();
        try (Cancellation.Registration r = c.onCancel(kept::incrementAndGet)) {
            c.cancel("stop");
        }
        assertThat(removed).hasValue(0);
        assertThat(kept).hasValue(1);
        AtomicInteger late = new AtomicInteger();
        c.onCancel(late::incrementAndGet);
        assertThat(late).hasValue(1);
    }

    @Test
    void cancellingInterruptsTheBoundThreadUntilItIsReleased() throws Exception {
        Cancellation c = new Cancellation();
        CountDownLatch bound = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            c.bindTo(Thread.currentThread());
            bound.countDown();
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        worker.start();
        bound.await();
        c.cancel("Esc");
        worker.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(interrupted).as("the sleeping owner was interrupted").isTrue();

        Cancellation released = new Cancellation();
        released.bindTo(Thread.currentThread());
        released.release();
        released.cancel("too late");
        assertThat(Thread.interrupted()).as("a released owner is not interrupted").isFalse();
        assertThat(released.isCancelled()).isTrue();
    }

    @Test
    void sleepRunsItsCourseWhenNotCancelled() {
        Cancellation c = new Cancellation();
        long t0 = System.nanoTime();
        assertThat(c.sleep(Duration.ofMillis(200))).isTrue();
        assertThat(System.nanoTime() - t0).as("slept at least the time asked").isGreaterThanOrEqualTo(200_000_000L);
        assertThat(c.sleep(Duration.ZERO)).isTrue();
    }

    @Test
    void sleepWakesAtTheCancelAndReturnsFalse() throws Exception {
        Cancellation c = new Cancellation();
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread sleeper = new Thread(() -> result.set(c.sleep(Duration.ofHours(1))));
        sleeper.start();
        assertThat(Poll.until(Duration.ofSeconds(60), () -> sleeper.getState() == Thread.State.TIMED_WAITING)).isTrue();
        c.cancel("Esc");
        sleeper.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(result.get()).as("woken by the cancel within a minute of an hour's sleep").isFalse();
    }

    @Test
    void anInterruptedSleepReturnsFalseAndKeepsTheInterrupt() {
        Cancellation c = new Cancellation();
        Thread.currentThread().interrupt();
        try {
            assertThat(c.sleep(Duration.ofHours(1))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aCancelledSignalMakesEverySleepReturnAtOnce() {
        Cancellation c = new Cancellation();
        c.cancel("deadline");
        assertThat(c.sleep(Duration.ofHours(1))).isFalse();
    }
}
