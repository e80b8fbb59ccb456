/*
 * GQueue: Go's gQueue (proc.go), a FIFO of Gs linked through G.schedlink. The global run queue
 * is one (Sched.runq, guarded by Sched.lock); runqputslow's batches arrive as a chain.
 * Not thread-safe: the owner's lock guards it.
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
    private static final VarHandle SIZE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(GQueue.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private G head;
    private G tail;
    @SuppressWarnings("unused") private int size;

    /** The length, with or without the lock (without it: a hint, see above). */
    int size() {
        return (int) SIZE.getOpaque(this);
    }

    private void addSize(int n) {
        SIZE.setOpaque(this, (int) SIZE.getOpaque(this) + n); // under the owner's lock: no lost update
    }

    /** pushBack: adds gp to the tail. */
    void pushBack(G gp) {
        gp.schedlink = null;
        if (tail != null) {
            tail.schedlink = gp;
        } else {
            head = gp;
        }
        tail = gp;
        addSize(1);
    }

    /** pushBackAll: appends a chain linked through schedlink (its last link must be null). */
    void pushBackAll(G first) {
        if (first == null) {
            return;
        }
        int n = 0;
        G last = first;
        for (G g = first; g != null; g = g.schedlink) {
            last = g;
            n++;
        }
        if (tail != null) {
            tail.schedlink = first;
        } else {
            head = first;
        }
        tail = last;
        addSize(n);
    }

    /** pop: removes and returns the head, or null. */
    G pop() {
        G gp = head;
        if (gp != null) {
            head = gp.schedlink;
            if (head == null) {
                tail = null;
            }
            gp.schedlink = null;
            addSize(-1);
        }
        return gp;
    }
}
