/*
 * GQueue: Go's gQueue (proc.go), a FIFO of Gs linked through G.schedlink. The global run queue
 * is one (Sched.runq, guarded by Sched.lock); runqputslow's batches arrive as a chain.
 * Not thread-safe: the owner's lock guards it.
 */
package gmp4j.runtime;

final class GQueue {
    private G head;
    private G tail;
    private int size;

    int size() {
        return size;
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
        size++;
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
        size += n;
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
            size--;
        }
        return gp;
    }
}
