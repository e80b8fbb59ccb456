/*
 * UtilisationSeries: over time, how much P-time there was (GOMAXPROCS x wall time) and how much of
 * it goroutines spent running, in Buckets (65536 of them, 1 us wide to start with).
 *
 * It feeds the utilisation plot and the minimum mutator utilisation curve (Mmu). Both values are
 * additive, so merging buckets as the run grows loses nothing but resolution.
 * Go mirror: the utilisation function internal/trace.MutatorUtilizationV2 builds for the MMU.
 */
package gmp4j.analyzer;

final class UtilisationSeries extends Buckets {
    static final int COUNT = 1 << 16;

    private final long[] running = new long[COUNT];
    private final long[] capacity = new long[COUNT];

    UtilisationSeries() {
        super(COUNT, 1_000);
    }

    /** A goroutine ran during [from, to). */
    void addRunning(long from, long to) {
        spread(from, to, (i, ns) -> running[i] += ns);
    }

    /** procs Ps existed during [from, to). */
    void addCapacity(long from, long to, long procs) {
        spread(from, to, (i, ns) -> capacity[i] += ns * procs);
    }


    long running(int i) {
        return running[i];
    }

    long capacity(int i) {
        return capacity[i];
    }

    @Override
    protected void mergePair(int i, int a, int b) {
        running[i] = running[a] + running[b];
        capacity[i] = capacity[a] + capacity[b];
    }

    @Override
    protected void clear(int i) {
        running[i] = 0;
        capacity[i] = 0;
    }
}
