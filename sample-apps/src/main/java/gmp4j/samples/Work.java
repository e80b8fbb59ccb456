package gmp4j.samples;

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
     * How many {@link #spin} iterations take about {@code millis} ms on this machine, measured on
     * the calling thread after the JIT has compiled the loop.
     */
    static long iterationsFor(double millis) {
        long n = 1 << 16;
        long sum = 0;
        long elapsed = 0;
        for (int round = 0; round < 3; round++) { // rounds 0-1 warm the JIT, round 2 measures
            n = 1 << 16;
            do {
                n *= 2;
                long t0 = System.nanoTime();
                sum += spin(n, n);
                elapsed = System.nanoTime() - t0;
            } while (elapsed < 20_000_000 && n < (1L << 40));
        }
        keep(sum);
        return Math.max(1, (long) (n * (millis * 1e6 / elapsed)));
    }
}
