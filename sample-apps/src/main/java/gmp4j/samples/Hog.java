package gmp4j.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A CPU-bound virtual thread running one {@link HogShape} until stopped. It never blocks, so on a
 * scheduler without preemption it keeps its carrier for as long as it runs.
 */
final class Hog {

    /** Read by the shapes' loops; volatile so that the JIT cannot hoist it (see {@link HogShape}). */
    volatile boolean stop;

    private final HogShape shape;
    private final Integer[] sortSource;
    private final Integer[] sortWork;
    private final Thread thread;
    private volatile boolean started;

    private Hog(HogShape shape, Integer[] sortSource, CountDownLatch running, int index) {
        this.shape = shape;
        this.sortSource = sortSource;
        this.sortWork = shape == HogShape.SORT ? new Integer[sortSource.length] : null;
        this.thread = Thread.ofVirtual().name("hog-" + index).unstarted(() -> {
            started = true;
            running.countDown();
            Work.keep(shape.burn(this));
        });
    }

    /**
     * Starts {@code count} hogs and returns once every one of them runs, or after 2 s: with more
     * hogs than carriers, a scheduler without preemption never starts the rest ({@link #started}
     * tells how many did). {@code sortSource} is the shared input of {@link HogShape#SORT}.
     */
    static List<Hog> start(HogShape shape, int count, Integer[] sortSource) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(count);
        List<Hog> hogs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hogs.add(new Hog(shape, sortSource, running, i));
        }
        hogs.forEach(h -> h.thread.start());
        running.await(2, TimeUnit.SECONDS);
        return hogs;
    }

    static long started(List<Hog> hogs) {
        return hogs.stream().filter(h -> h.started).count();
    }

    /** Raises every hog's stop flag and waits for them; fails if one is still running after {@code limit}. */
    static void stop(List<Hog> hogs, Duration limit) throws InterruptedException {
        hogs.forEach(h -> h.stop = true);
        long deadline = System.nanoTime() + limit.toNanos();
        for (Hog h : hogs) {
            long left = Math.max(1, deadline - System.nanoTime());
            if (!h.thread.join(Duration.ofNanos(left))) {
                throw new IllegalStateException("hog " + h.thread.getName() + " (" + h.shape.kebab
                        + ") did not stop within " + limit.toMillis() + " ms");
            }
        }
    }

    /**
     * A reproducible random input for {@link HogShape#SORT}, or none for the other shapes. Boxed:
     * {@code Arrays.sort(int[])} is a SIMD intrinsic that sorts millions in a few milliseconds,
     * while TimSort over {@code Integer}s stays in JDK bytecode for hundreds of milliseconds.
     */
    static Integer[] sortInput(HogShape shape, int size) {
        return shape == HogShape.SORT
                ? new SplittableRandom(42).ints(size).boxed().toArray(Integer[]::new)
                : null;
    }

    Integer[] sortSource() {
        return sortSource;
    }

    Integer[] sortWork() {
        return sortWork;
    }
}
