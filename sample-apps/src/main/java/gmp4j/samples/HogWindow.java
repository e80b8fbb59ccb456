package gmp4j.samples;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One measurement of hogs against the probe: start a {@link Probe}, start the hogs, let them run
 * through a warm-up (the JIT compiles the hogs, the probe and the scheduler meanwhile, and
 * competes with them for the CPUs), keep them running for a window, stop both, and keep what the
 * probe saw from the window's start on.
 *
 * @param hogsStarted how many hogs were running when the window opened
 * @param wakeups     probe wake-ups whose sleep began and ended inside the window
 * @param lateness    the probe's lateness for every wake-up, in nanoseconds
 */
record HogWindow(long hogsStarted, long wakeups, Histogram lateness) {

    /** How long hogs and probe may take to stop: a sort in progress must finish first. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(30);

    static HogWindow run(HogShape shape, int hogs, Integer[] sortInput, Duration interval, Duration warmup,
            Duration window) throws InterruptedException {
        Probe probe = Probe.start(interval);
        List<Hog> running = Hog.start(shape, hogs, sortInput);
        Thread.sleep(warmup);
        probe.openWindow();
        long started = Hog.started(running);
        Thread.sleep(window);
        probe.closeWindow();
        Hog.stop(running, STOP_LIMIT);
        probe.stop(STOP_LIMIT);
        return new HogWindow(started, probe.wakeupsInWindow(), probe.lateness());
    }
}
