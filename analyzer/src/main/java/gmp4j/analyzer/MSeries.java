/*
 * MSeries: how many distinct Ms (carrier threads) did something in each time window, and the
 * largest SchedStats.threads figure reported in it, over 512 Buckets.
 *
 * Each window keeps the set of Ms it saw as a BitSet over dense indices (an M's first appearance
 * gives it the next index), so merging two windows is a union and the count stays exact: "distinct
 * Ms active in a window of width w" for whatever width the run ends up with. Memory: windows x Ms bits.
 * Go mirror: the "threads" lane of go tool trace's timeline and schedtrace's threads= figure.
 */
package gmp4j.analyzer;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

final class MSeries extends Buckets {
    static final int COUNT = 512;

    private final BitSet[] ms = new BitSet[COUNT];
    private final long[] threads = new long[COUNT];
    private final Map<Long, Integer> dense = new HashMap<>();

    MSeries() {
        super(COUNT, 100_000);
        for (int i = 0; i < COUNT; i++) {
            ms[i] = new BitSet();
            threads[i] = -1;
        }
    }

    void sawM(long t, long m) {
        if (m < 0) {
            return;
        }
        Integer idx = dense.get(m);
        if (idx == null) {
            idx = dense.size();
            dense.put(m, idx);
        }
        ms[index(t)].set(idx);
    }

    void sawThreads(long t, long count) {
        int i = index(t);
        threads[i] = Math.max(threads[i], count);
    }

    int distinctMsEver() {
        return dense.size();
    }

    int distinctMs(int i) {
        return ms[i].cardinality();
    }

    long threads(int i) {
        return threads[i];
    }


    @Override
    protected void mergePair(int i, int a, int b) {
        BitSet merged = (BitSet) ms[a].clone();
        merged.or(ms[b]);
        ms[i] = merged;
        threads[i] = Math.max(threads[a], threads[b]);
    }

    @Override
    protected void clear(int i) {
        ms[i] = new BitSet();
        threads[i] = -1;
    }
}
