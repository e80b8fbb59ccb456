package gmp4j.samples;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A fixed amount of CPU work that neither blocks nor calls anything: a chain of dependent
 * multiply-adds, whose result the caller keeps so that the JIT cannot drop the loop.
 */
final class Work {

    private static volatile long sink;

    private Work() {
    }

    /**
     * Uses a result so that the JIT must compute it, without a shared write on the fast path: the
     * comparison needs the value, and the store happens (practically) never.
     */
    static void keep(long value) {
        if (value == 0x5DEECE66DL) {
            sink = value;
        }
    }

    /** {@code iterations} dependent multiply-adds starting from {@code seed}. */
    static long spin(long seed, long iterations) {
        long x = seed;
        for (long i = 0; i < iterations; i++) {
            x = x * 31 + 7;
        }
        return x;
    }

    /**
     * How many {@link #spin} iterations take about {@code millis} ms of CPU on this machine,
     * measured on the calling platform thread after the JIT has compiled the loop. CPU time, not
     * wall time, so that other processes on a busy machine do not shrink the work.
     */
    static long iterationsFor(double millis) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long n = 0;
        long cpu = 0;
        long sum = 0;
        for (int round = 0; round < 3; round++) { // rounds 0-1 warm the JIT, round 2 measures
            n = 1 << 16;
            do {
                n *= 2;
                long t0 = mx.getCurrentThreadCpuTime();
                sum += spin(n, n);
                cpu = mx.getCurrentThreadCpuTime() - t0;
            } while (cpu < 20_000_000 && n < (1L << 40));
        }
        keep(sum);
        return Math.max(1, (long) (n * (millis * 1e6 / cpu)));
    }
}
