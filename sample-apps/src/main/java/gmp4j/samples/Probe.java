package gmp4j.samples;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A virtual thread that sleeps a short interval (1 ms) in a loop and records how late it wakes:
 * the time from when the sleep should have ended to when the probe runs again. The lateness is
 * what any timer-driven or I/O-driven virtual thread would suffer on the same scheduler.
 *
 * <p>A measurement window ({@link #openWindow}/{@link #closeWindow}) counts the wake-ups whose sleep
 * both began and ended inside it. A wake-up whose sleep began inside the window proves the probe
 * got a carrier while the window's load was running: if that load keeps every carrier busy, some
 * of it was preempted (or blocked). The histogram keeps every wake-up from the window's start on,
 * including the one after the window, whose lateness shows how long a starved probe waited.
 */
final class Probe {

    private final long intervalNanos;
    private final Histogram lateness = new Histogram(3);
    private final CountDownLatch running = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stop;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private long wakeupsInWindow; // written by the probe only, read after join

    private Probe(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.thread = Thread.ofVirtual().name("probe").unstarted(this::loop);
    }

    /** Starts a probe and returns once it runs (so its first sleep is not mistaken for lateness). */
    static Probe start(Duration interval) throws InterruptedException {
        Probe p = new Probe(interval);
        p.thread.start();
        if (!p.running.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the probe virtual thread did not start within 10 s");
        }
        return p;
    }

    private void loop() {
        running.countDown();
        try {
            while (!stop) {
                long start = System.nanoTime();
                Thread.sleep(Duration.ofNanos(intervalNanos));
                long woke = System.nanoTime();
                if (woke >= windowStart) {
                    lateness.recordValue(Math.max(0, woke - start - intervalNanos));
                }
                if (start >= windowStart && woke <= windowEnd) {
                    wakeupsInWindow++;
                }
            }
        } catch (InterruptedException e) {
            // stop() interrupts only if the probe outlives its deadline
        }
    }

    void openWindow() {
        windowStart = System.nanoTime();
    }

    void closeWindow() {
        windowEnd = System.nanoTime();
    }

    /**
     * Stops the probe and waits for it. A starved probe needs a carrier to notice, so this waits as
     * long as the load takes to stop; after {@code limit} the probe is interrupted.
     */
    void stop(Duration limit) throws InterruptedException {
        stop = true;
        if (!thread.join(limit)) {
            thread.interrupt();
            if (!thread.join(Duration.ofSeconds(10))) {
                throw new IllegalStateException("the probe did not stop");
            }
        }
    }

    /** Lateness of every wake-up from the window's start on, in nanoseconds. Valid after {@link #stop}. */
    Histogram lateness() {
        return lateness;
    }

    /** Wake-ups whose sleep began and ended inside the window. Valid after {@link #stop}. */
    long wakeupsInWindow() {
        return wakeupsInWindow;
    }
}
