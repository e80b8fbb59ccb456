/*
 * RunQueue: a P's local run queue, Go's p.runq / runqhead / runqtail / runnext.
 *
 * Follows runtime/proc.go: runqput, runqputslow, runqget, runqgrab, runqsteal, runqempty.
 *
 * Shape. A fixed ring of `capacity` slots (256 in production, as in Go; tests use small powers of
 * two so that wrap-around and overflow happen within a few operations). `tail` is written only by
 * the owner P (single producer); `head` is advanced by CAS, by the owner (runqget) and by any
 * number of thieves (runqgrab). `runnext` is a single extra slot for the G most recently readied
 * by the owner: it runs next and inherits the rest of the time slice, so a producer/consumer pair
 * ping-pongs on one P instead of bouncing through the ring.
 *
 * Memory ordering (Go's comments say "load-acquire, synchronize with consumers" etc.; the Java
 * translation, operation by operation):
 *  - put: the owner writes the slot with a plain store, then publishes it with a release store of
 *    `tail`. A thief's acquire load of `tail` therefore sees the slot contents.
 *  - get/grab: a consumer acquire-loads `head` and `tail`, reads slots with plain loads, and then
 *    claims them with a CAS on `head`. The CAS has volatile semantics, so the slot reads cannot
 *    move after it. If the slots were overwritten meanwhile (the owner wrapped round), `head` must
 *    have moved first, so the CAS fails and the stale values are discarded: nothing is claimed
 *    twice and nothing is lost.
 *  - The owner may read `tail` plainly (it is the only writer).
 *  - runnext is an atomic reference; it is claimed by CAS by both the owner and (in the last steal
 *    round) thieves.
 * Slots are not cleared after a G is taken, as in Go: a stale reference keeps at most `capacity`
 * finished Gs reachable per P, and clearing would race with the thieves' reads.
 *
 * The class is not final only so that a test can plant a deliberately broken head update and show
 * that the Lincheck checker catches it; nothing else overrides it.
 */
package gmp4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

class RunQueue {
    static final int DEFAULT_CAPACITY = 256;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(RunQueue.class, "runnext", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final G[] slots;
    private final int mask;
    // head and tail are free-running counters (they wrap at 2^32 like Go's uint32; all
    // comparisons use differences, which stay correct across the wrap).
    @SuppressWarnings("unused") private volatile int head;
    @SuppressWarnings("unused") private volatile int tail;
    @SuppressWarnings("unused") private volatile G runnext;

    RunQueue() {
        this(DEFAULT_CAPACITY);
    }

    RunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        slots = new G[capacity];
        mask = capacity - 1;
    }

    int capacity() {
        return slots.length;
    }

    /** A CAS on head with release semantics (Go: atomic.CasRel(&pp.runqhead, h, h+n)). */
    protected boolean casHead(int expected, int next) {
        return HEAD.compareAndSet(this, expected, next);
    }

    /**
     * runqput: called only by the owner. With {@code next}, gp goes to runnext and the G it
     * displaces goes to the tail of the ring. When the ring is full, runqputslow moves half of it
     * plus the G being put to {@code overflow} (the global run queue) in one batch.
     */
    final void put(G gp, boolean next, Consumer<G> overflowBatch) {
        if (next) {
            G old;
            do {
                old = (G) RUNNEXT.getVolatile(this);
            } while (!RUNNEXT.compareAndSet(this, old, gp));
            if (old == null) {
                return;
            }
            gp = old; // kick the old runnext to the regular run queue
        }
        for (;;) {
            int h = (int) HEAD.getAcquire(this); // load-acquire, synchronize with consumers
            int t = (int) TAIL.get(this);
            if (t - h < slots.length) {
                slots[t & mask] = gp;
                TAIL.setRelease(this, t + 1); // store-release, makes the slot available
                return;
            }
            if (putSlow(gp, h, t, overflowBatch)) {
                return;
            }
            // the queue is not full now (a consumer took some), the put above will succeed
        }
    }

    /**
     * runqputslow: grab half of the full ring plus gp and hand them, linked through schedlink in
     * queue order, to {@code overflowBatch} (called with the first G of the chain). Returns false
     * if a consumer moved head meanwhile; the caller then retries the fast path.
     */
    private boolean putSlow(G gp, int h, int t, Consumer<G> overflowBatch) {
        int n = (t - h) / 2;
        if (n != slots.length / 2) {
            throw new IllegalStateException("runqputslow: queue is not full");
        }
        G[] batch = new G[n + 1];
        for (int i = 0; i < n; i++) {
            batch[i] = slots[(h + i) & mask];
        }
        if (!casHead(h, h + n)) { // cas-release, commits consume
            return false;
        }
        batch[n] = gp;
        for (int i = 0; i < n; i++) {
            batch[i].schedlink = batch[i + 1];
        }
        batch[n].schedlink = null;
        overflowBatch.accept(batch[0]);
        return true;
    }

    /**
     * runqget: called only by the owner. Returns runnext first (the caller then inherits the time
     * slice; see {@link #lastGetWasRunnext}), else the head of the ring, else null.
     */
    final G get() {
        G next = (G) RUNNEXT.getVolatile(this);
        // If the runnext is non-null and the CAS fails, it could only have been stolen by another
        // P, because other Ps can race to set runnext to null, but only the owner can set it to
        // non-null. Hence, there's no need to retry this CAS if it fails.
        if (next != null && RUNNEXT.compareAndSet(this, next, (G) null)) {
            lastGetWasRunnext = true;
            return next;
        }
        lastGetWasRunnext = false;
        for (;;) {
            int h = (int) HEAD.getAcquire(this); // load-acquire, synchronize with other consumers
            int t = (int) TAIL.get(this);
            if (t == h) {
                return null;
            }
            G gp = slots[h & mask];
            if (casHead(h, h + 1)) { // cas-release, commits consume
                return gp;
            }
        }
    }

    /** Takes runnext out, or returns null if it is empty or a thief took it first. Owner-only. */
    final G takeRunnext() {
        G next = (G) RUNNEXT.getVolatile(this);
        return next != null && RUNNEXT.compareAndSet(this, next, (G) null) ? next : null;
    }

    /** Whether the last {@link #get} returned runnext (Go's inheritTime). Owner-only. */
    boolean lastGetWasRunnext;

    /**
     * runqgrab: called by a thief. Copies half of this queue's Gs into {@code batch} starting at
     * {@code batchHead} (indices taken modulo batch.length) and returns how many. With
     * {@code stealRunnext}, an empty ring yields runnext instead. {@code ownerRunning} tells
     * whether the victim P is running a G: then the thief backs off for ~3 µs first, because that
     * G is probably about to block and the owner would pick runnext up itself (Go: usleep(3)).
     */
    final int grab(G[] batch, int batchHead, boolean stealRunnext, java.util.function.BooleanSupplier ownerRunning) {
        int bmask = batch.length - 1;
        for (;;) {
            int h = (int) HEAD.getAcquire(this); // load-acquire, synchronize with other consumers
            int t = (int) TAIL.getAcquire(this); // load-acquire, synchronize with the producer
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunnext) {
                    G next = (G) RUNNEXT.getVolatile(this);
                    if (next != null) {
                        if (ownerRunning.getAsBoolean()) {
                            backoff3us();
                        }
                        if (!RUNNEXT.compareAndSet(this, next, (G) null)) {
                            continue;
                        }
                        batch[batchHead & bmask] = next;
                        return 1;
                    }
                }
                return 0;
            }
            if (n > slots.length / 2) { // read inconsistent h and t
                continue;
            }
            for (int i = 0; i < n; i++) {
                batch[(batchHead + i) & bmask] = slots[(h + i) & mask];
            }
            if (casHead(h, h + n)) { // cas-release, commits consume
                return n;
            }
        }
    }

    /**
     * runqsteal: called by the owner of this queue (the thief P) to steal half of {@code victim}'s
     * Gs into its own ring. Returns one stolen G to run now, or null.
     */
    final G steal(RunQueue victim, boolean stealRunnext, java.util.function.BooleanSupplier victimRunning) {
        int t = (int) TAIL.get(this);
        int n = victim.grab(slots, t, stealRunnext, victimRunning);
        if (n == 0) {
            return null;
        }
        n--;
        G gp = slots[(t + n) & mask];
        if (n == 0) {
            return gp;
        }
        int h = (int) HEAD.getAcquire(this); // load-acquire, synchronize with consumers
        if (t - h + n >= slots.length) {
            throw new IllegalStateException("runqsteal: runq overflow");
        }
        TAIL.setRelease(this, t + n); // store-release, makes the item available for consumption
        return gp;
    }

    /**
     * runqempty. Go's careful version: runnext and the ring are read so that a G moving from
     * runnext to the ring (put with next kicking the old runnext) is never missed.
     */
    final boolean isEmpty() {
        for (;;) {
            int h = (int) HEAD.getVolatile(this);
            int t = (int) TAIL.getVolatile(this);
            G next = (G) RUNNEXT.getVolatile(this);
            if ((int) TAIL.getVolatile(this) == t) {
                return h == t && next == null;
            }
        }
    }

    /** True if runnext holds a G (a racy hint, for counts). */
    final boolean hasRunnext() {
        return RUNNEXT.getVolatile(this) != null;
    }

    /** Number of Gs in the ring, not counting runnext (as Go's schedtrace prints it). */
    final int size() {
        for (;;) {
            int h = (int) HEAD.getVolatile(this);
            int t = (int) TAIL.getVolatile(this);
            if ((int) HEAD.getVolatile(this) == h) {
                int n = t - h;
                return Math.max(0, Math.min(n, slots.length));
            }
        }
    }

    /**
     * Takes every G out (runnext first, then the ring in order), for procresize when a P is
     * destroyed. Safe against concurrent thieves: each G is claimed by CAS.
     */
    final void drainTo(Consumer<G> sink) {
        G next = (G) RUNNEXT.getAndSet(this, (G) null);
        if (next != null) {
            sink.accept(next);
        }
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            if (t == h) {
                return;
            }
            G gp = slots[h & mask];
            if (casHead(h, h + 1)) {
                sink.accept(gp);
            }
        }
    }

    private static void backoff3us() {
        // Go sleeps 3 µs (usleep). A parkNanos(3000) on Linux sleeps ~50 µs (timer slack), so spin.
        long deadline = System.nanoTime() + 3_000;
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
