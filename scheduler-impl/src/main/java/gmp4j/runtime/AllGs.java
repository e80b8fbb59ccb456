/*
 * AllGs: Go's allgs and goidgen: where Gs are made and found.
 *
 * With the agent, each VirtualThread holds its G in place of its bare runContinuation task, so
 * the scheduler receives the G itself and nothing is looked up. Without the agent the JDK hands
 * the scheduler the bare task the first time (Thread.start); newproc then writes the new G into
 * the thread's runContinuation field (JdkAccess.setTask), so every later submission carries the G
 * as with the agent. A table keyed by the task was four map operations per short-lived thread
 * (measured: a fifth of the CPU samples of the FanOut benchmark).
 *
 * Why every later submitter sees the G: the JDK submits a virtual thread again only after it has
 * run (unpark, yield and timers all act on a thread that parked or yielded). The field write
 * comes before the G is queued (a release store or the Sched lock), the M that runs the thread
 * dequeued it with the matching acquire, and whoever resubmits it read the state the thread
 * published when it parked or yielded (volatile), then reads the field: a happens-before chain.
 *
 * Where the JDK refuses the write (JdkAccess.setTask returns false), the G is found in a table
 * keyed by the task instead (identity: the task is a lambda, which keeps Object's
 * equals/hashCode) and removed when an M sees the virtual thread terminate (gdestroy). A Runnable
 * that is no virtual thread's task runs once as a G of its own.
 */
package gmp4j.runtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

final class AllGs {
    private final AtomicLong goidgen = new AtomicLong();
    private final ConcurrentHashMap<Runnable, G> byTask = new ConcurrentHashMap<>();
    /** False: keep bare tasks and use the table (the fallback; tests switch to it). */
    boolean swapTasks = true;

    /** newproc's allocation half: a fresh G with the next goid. */
    G newG(Runnable task, Thread vthread) {
        return new G(goidgen.incrementAndGet(), task, vthread);
    }

    /**
     * Gs created so far: every G takes one goid. (A separate LongAdder took about 4 % of the CPU
     * samples of a fan-out through the agent: G creation runs on the parent virtual thread, every
     * virtual thread that has not yet collided there shares the adder's first cell (its
     * ThreadLocalRandom probe is still 0), and a collision seeds the probe through two shared
     * atomic counters.)
     */
    long created() {
        return goidgen.get();
    }

    /** The G for a task handed to Executor.execute. */
    G forTask(Runnable task) {
        if (task instanceof G gp) {
            return gp;
        }
        G gp = swapTasks ? null : byTask.get(task);
        if (gp != null) {
            return gp;
        }
        Thread vt = JdkAccess.threadOfTask(task);
        gp = newG(task, vt);
        if (vt == null) {
            return gp; // a plain Runnable: one run, no table entry
        }
        if (swapTasks && JdkAccess.setTask(vt, gp)) {
            return gp; // the thread carries its G from now on
        }
        gp.tabled = true;
        G prev = byTask.putIfAbsent(task, gp);
        return prev != null ? prev : gp;
    }

    /** gdestroy: gp's virtual thread terminated. */
    void destroy(G gp) {
        if (gp.tabled) {
            byTask.remove(gp.task, gp);
        }
    }

    /** Table entries: Gs of bare tasks not yet seen to terminate. */
    int tableSize() {
        return byTask.size();
    }
}
