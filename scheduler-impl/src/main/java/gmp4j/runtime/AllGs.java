/*
 * AllGs: Go's allgs and goidgen: where Gs are made and found.
 *
 * With the agent, each VirtualThread holds its G in place of its bare runContinuation task, so
 * the scheduler receives the G itself and nothing is looked up. Without the agent the JDK hands
 * the scheduler the bare task; its G is found in a table keyed by that task (identity: the task is
 * a lambda, which keeps Object's equals/hashCode) and removed when an M sees the virtual thread
 * terminate (gdestroy). A Runnable that is no virtual thread's task runs once as a G of its own.
 */
package gmp4j.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

final class AllGs {
    private final AtomicLong goidgen = new AtomicLong();
    private final ConcurrentHashMap<Runnable, G> byTask = new ConcurrentHashMap<>();
    private final LongAdder created;

    AllGs(LongAdder created) {
        this.created = created;
    }

    /** newproc's allocation half: a fresh G with the next goid. */
    G newG(Runnable task, Thread vthread) {
        G gp = new G(goidgen.incrementAndGet(), task, vthread);
        created.increment();
        return gp;
    }

    /** The G for a task handed to Executor.execute. */
    G forTask(Runnable task) {
        if (task instanceof G gp) {
            return gp;
        }
        G gp = byTask.get(task);
        if (gp != null) {
            return gp;
        }
        Thread vt = JdkAccess.threadOfTask(task);
        gp = newG(task, vt);
        if (vt == null) {
            return gp; // a plain Runnable: one run, no table entry
        }
        G prev = byTask.putIfAbsent(task, gp);
        return prev != null ? prev : gp;
    }

    /** gdestroy: gp's virtual thread terminated. */
    void destroy(G gp) {
        if (gp.task != null && gp.task != gp) {
            byTask.remove(gp.task, gp);
        }
    }

    /** Table entries: Gs of bare tasks not yet seen to terminate. */
    int tableSize() {
        return byTask.size();
    }
}
