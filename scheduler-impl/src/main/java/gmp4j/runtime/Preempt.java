/*
 * Preempt: the stackguard0 check. Go's sysmon asks a G to stop by setting gp.preempt and poisoning
 * gp.stackguard0, so that the G's next function prologue (morestack check) diverts into the
 * scheduler (newstack -> gopreempt_m). The JVM cannot poison a stack bound, and since JDK 25's
 * Continuation.tryPreempt is not implemented, code that wants to be preemptible calls check() at
 * safe points (the agent injects it into application method prologues and loop back-edges).
 *
 * Fast path: one volatile read of a global count of pending requests and a branch; it is zero
 * almost always, so the branch predicts perfectly. (A plain static would be hoisted out of loops
 * by C2 and never seen.)
 * Slow path: only when this thread is a virtual thread running on a gmp4j M whose current G was
 * asked (the request targets that G, not whoever polls): clear the request, Thread.yield(), and
 * the G goes to the global run queue as in gopreempt_m. If the yield could not happen (the
 * virtual thread is pinned: a native frame or a critical section), it is counted as failed and
 * not retried until sysmon asks again.
 *
 * `pending` is raised and lowered only together with a G's own flag (G.raisePreempt /
 * G.clearPreempt, each a CAS), so it counts Gs with an outstanding request.
 *
 * With the agent, injected checks do not call check() but poll a copy of `pending` kept in the
 * java.lang bridge (visible to every class loader), and call slowPath() when it is non-zero. The
 * copy is written by publish() after every change. Two publishers can race (sysmon raising, an M
 * lowering): each re-reads `pending` after writing its copy and writes again if it moved, so the
 * last write always carries a value `pending` had after the last change (all accesses are
 * volatile, hence totally ordered). A stale non-zero copy only sends polls down the slow path
 * once; a stale zero would hide a request, which this loop rules out.
 */
package gmp4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntConsumer;

public final class Preempt {
    private Preempt() {}

    @SuppressWarnings("unused") private static volatile int pending;
    private static final VarHandle PENDING;
    /** Where injected checks read the count (the agent's bridge), or null. */
    private static volatile IntConsumer mirror;

    static {
        try {
            PENDING = MethodHandles.lookup().findStaticVarHandle(Preempt.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The poll: cheap enough for loop back-edges. */
    public static void check() {
        if (pending != 0) {
            slowPath();
        }
    }

    /** Whether the calling virtual thread's G has a preemption request. */
    public static boolean requested() {
        G gp = currentG();
        return gp != null && gp.preemptRequested();
    }


    /** Makes injected checks see the count of outstanding requests (set once by the agent). */
    public static void mirrorTo(IntConsumer target) {
        mirror = target;
        publish();
    }

    private static void publish() {
        IntConsumer m = mirror;
        if (m == null) {
            return;
        }
        int v;
        do {
            v = pending;
            m.accept(v);
        } while (pending != v);
    }

    /**
     * The agent's injected checks land here when some G has a request: serve it if it is the
     * current G's (platform threads and other virtual threads return at once).
     */
    public static void slowPath() {
        G gp = currentG();
        int reason;
        if (gp == null || (reason = gp.takePreempt()) == 0) {
            return;
        }
        lowered();
        M mp = (M) JdkAccess.currentCarrierThread();
        int runsBefore = gp.runs;
        gp.preemptReason = reason;
        gp.preemptYield = true;
        gp.wasPreempted = true;
        Thread.yield();
        if (gp.runs == runsBefore) { // still the same run: the yield was a no-op (pinned)
            gp.preemptYield = false;
            gp.failedYields++; // the G's own field: no other writer
            mp.sched.stats.preemptFailures.increment();
            Tracer.preemptFailed(gp, mp);
        } else {
            mp.sched.stats.preemptions.increment();
        }
    }

    /** The G the current virtual thread runs as, if it runs on a gmp4j M. */
    static G currentG() {
        if (!Thread.currentThread().isVirtual()) {
            return null;
        }
        return JdkAccess.currentCarrierThread() instanceof M mp ? mp.curg : null;
    }

    static void raised() {
        PENDING.getAndAdd(1);
        publish();
    }

    static void lowered() {
        PENDING.getAndAdd(-1);
        publish();
    }

    static int pending() {
        return pending;
    }
}
