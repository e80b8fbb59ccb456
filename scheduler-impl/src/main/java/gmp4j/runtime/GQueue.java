/*
 * GQueue: Go's gQueue (proc.go), the FIFO behind the global run queue (Sched.runq, guarded by
 * Sched.lock); runqputslow's batches arrive as a chain linked through G.schedlink.
 * Not thread-safe: the owner's lock guards it.
 *
 * Go links the whole queue through g.schedlink. Here the first RING Gs sit in a ring of
 * references allocated once, and only what does not fit is linked (the spill list). The linked
 * form made every put write the previous tail G and every globrunqget batch read up to 128 Gs'
 * links, all under the Sched lock; with two Ms yielding (Gosched puts every yielding G here)
 * those Gs were mostly last touched by the other M, so the lock was held across a cache miss
 * per G while the other M spun for it. The ring touches a few contiguous lines instead. Nothing
 * here allocates, so an OutOfMemoryError cannot strike between a G's _Grunnable CAS and its
 * queueing (a growable ring could, and lose the G).
 *
 * Order stays Go's FIFO: every G in the ring is older than every G on the spill list (a put
 * goes to the ring only while the spill list is empty; a pop takes the spill list only once the
 * ring is empty).
 *
 * The size is also Go's sched.runqsize, which Ms peek at without the lock ("is there anything
 * on the global queue?") before taking the lock to get work. Those peeks are hints: every
 * decision is re-checked under the lock, and the lock's own ordering is what the spinning
 * protocol relies on (see M.findRunnable). So the size is written with opaque stores under the
 * lock and peeked with opaque loads: atomic, never hoisted out of a loop, and without the
 * StoreLoad fence a volatile store costs on every put. It lives here rather than in Sched so
 * that the one field written on every put shares a cache line with the queue it describes, not
 * with the read-mostly Sched fields every M reads on each scheduling round (gomaxprocs, stopping).
 */
package gmp4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

final class GQueue {
    static final int RING = 4096;
    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(GQueue.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final G[] ring;
    private final int mask;
    /** Ring index of the oldest G in the ring, and how many the ring holds. */
    private int head;
    private int inRing;
    /** Gs that did not fit in the ring, newer than all of it, linked through schedlink. */
    private G spillHead;
    private G spillTail;
    @SuppressWarnings("unused") private int size;

    GQueue() {
        this(RING);
    }

    /** A queue with a ring of {@code ringSize} slots (a power of two; tests use small ones). */
    GQueue(int ringSize) {
        if (ringSize < 1 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two: " + ringSize);
        }
        ring = new G[ringSize];
        mask = ringSize - 1;
    }

    /** The length, with or without the lock (without it: a hint, see above). */
    int size() {
        return (int) SIZE.getOpaque(this);
    }

    private void addSize(int n) {
        SIZE.setOpaque(this, (int) SIZE.getOpaque(this) + n); // under the owner's lock: no lost update
    }

    /** pushBack: gp joins the queue as its newest G. */
    void pushBack(G gp) {
        gp.schedlink = null;
        if (spillHead == null && inRing < ring.length) {
            ring[(head + inRing) & mask] = gp;
            inRing++;
        } else if (spillTail != null) {
            spillTail.schedlink = gp;
            spillTail = gp;
        } else {
            spillHead = gp;
            spillTail = gp;
        }
        addSize(1);
    }

    /** pushBackAll: appends a chain linked through schedlink (its last link must be null). */
    void pushBackAll(G first) {
        for (G g = first; g != null; ) {
            G next = g.schedlink;
            pushBack(g);
            g = next;
        }
    }

    /** pop: takes out the oldest G, or returns null when there is none. */
    G pop() {
        G gp;
        if (inRing > 0) {
            gp = ring[head];
            ring[head] = null;
            head = (head + 1) & mask;
            inRing--;
        } else if (spillHead != null) {
            gp = spillHead;
            spillHead = gp.schedlink;
            if (spillHead == null) {
                spillTail = null;
            }
            gp.schedlink = null;
        } else {
            return null;
        }
        addSize(-1);
        return gp;
    }
}
