/*
 * GQueue: Go's gQueue (proc.go), the FIFO behind the global run queue (Sched.runq, guarded by
 * Sched.lock); runqputslow's batches arrive as a chain linked through G.schedlink.
 * Not thread-safe: the owner's lock guards it.
 *
 * Go links the queue through g.schedlink. Here it is a ring of references that doubles when
 * full (and goes back to its first size once drained): a put then writes a slot of the ring
 * instead of the previous tail G's link. That G was often last touched by the other M (it ran
 * there and yielded), so with two Ms yielding (Gosched puts every yielding G here) the linked
 * form paid for a cache line of another M's G on every put. Order and batch semantics are
 * Go's.
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
    private static final int INITIAL = 256;
    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(GQueue.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private G[] ring = new G[INITIAL];
    /** Index of the head slot; the tail slot is (head + size) modulo ring.length. */
    private int head;
    @SuppressWarnings("unused") private int size;

    /** The length, with or without the lock (without it: a hint, see above). */
    int size() {
        return (int) SIZE.getOpaque(this);
    }

    /** pushBack: adds gp to the tail. */
    void pushBack(G gp) {
        int n = (int) SIZE.getOpaque(this);
        if (n == ring.length) {
            grow();
        }
        ring[(head + n) & (ring.length - 1)] = gp;
        SIZE.setOpaque(this, n + 1);
    }

    /** pushBackAll: appends a chain linked through schedlink (its last link must be null). */
    void pushBackAll(G first) {
        for (G g = first; g != null; ) {
            G next = g.schedlink;
            g.schedlink = null;
            pushBack(g);
            g = next;
        }
    }

    /** pop: removes and returns the head, or null. */
    G pop() {
        int n = (int) SIZE.getOpaque(this);
        if (n == 0) {
            return null;
        }
        G gp = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        SIZE.setOpaque(this, n - 1);
        if (n == 1 && ring.length > INITIAL) {
            ring = new G[INITIAL]; // drained after a burst: give the large ring back
            head = 0;
        }
        return gp;
    }

    private void grow() {
        G[] bigger = new G[ring.length * 2];
        int n = ring.length;
        for (int i = 0; i < n; i++) {
            bigger[i] = ring[(head + i) & (n - 1)];
        }
        ring = bigger;
        head = 0;
    }
}
