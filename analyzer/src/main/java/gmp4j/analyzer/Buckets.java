/*
 * Buckets: a fixed number of equal time buckets that cover a recording whose length is not known
 * in advance, in bounded memory.
 *
 * The first time seen becomes the origin; buckets start narrow (initialWidth) and, whenever a time
 * falls past the last bucket, adjacent pairs are merged and the width doubles, as often as needed.
 * So a short run keeps fine resolution and a long one keeps `count` buckets, never more.
 * Subclasses hold the per-bucket values and say how two neighbours merge (mergePair); additive
 * values merge exactly. Times before the origin (slight disorder) land in the first bucket.
 */
package gmp4j.analyzer;

abstract class Buckets {
    protected final int count;
    private long origin = Long.MIN_VALUE;
    private long width;

    Buckets(int count, long initialWidth) {
        if (count < 2 || (count & 1) != 0 || initialWidth < 1) {
            throw new IllegalArgumentException("count must be even and >= 2, width >= 1");
        }
        this.count = count;
        this.width = initialWidth;
    }

    /** Bucket i becomes the merge of buckets a and b (a = 2i, b = 2i + 1); called for i in order. */
    protected abstract void mergePair(int i, int a, int b);

    /** Bucket i becomes empty (after a merge, for the upper half). */
    protected abstract void clear(int i);

    final boolean isEmpty() {
        return origin == Long.MIN_VALUE;
    }

    final long origin() {
        return origin;
    }

    final long width() {
        return width;
    }

    /** The index of the bucket holding time t, growing the covered span if needed. */
    final int index(long t) {
        if (origin == Long.MIN_VALUE) {
            origin = t;
        }
        long off = t - origin;
        if (off < 0) {
            return 0;
        }
        while (off / width >= count) {
            for (int i = 0; i < count / 2; i++) {
                mergePair(i, 2 * i, 2 * i + 1);
            }
            for (int i = count / 2; i < count; i++) {
                clear(i);
            }
            width *= 2;
        }
        return (int) (off / width);
    }

    /** How many buckets the span from the origin to `end` (exclusive) takes; at least one once used. */
    final int used(long end) {
        return isEmpty() ? 0 : index(Math.max(origin, end - 1)) + 1;
    }

    /** Calls visitor for every bucket that [from, to) overlaps, with the overlap in ns. */
    final void spread(long from, long to, Overlap visitor) {
        if (to <= from) {
            return;
        }
        index(from);
        int last = index(to - 1); // may merge, so compute the first index after it
        int first = index(from);
        for (int i = first; i <= last; i++) {
            long bStart = origin + i * width;
            long overlap = Math.min(to, bStart + width) - Math.max(from, bStart);
            if (overlap > 0) {
                visitor.add(i, overlap);
            }
        }
    }

    @FunctionalInterface
    interface Overlap {
        void add(int bucket, long nanos);
    }
}
