/*
 * G: a goroutine, here one per virtual thread. Go's runtime2.go `g`: goid, atomicstatus,
 * schedlink, preempt.
 *
 * A G is the Runnable the scheduler queues: run() resumes the virtual thread's continuation (the
 * JDK's VirtualThread::runContinuation). With the agent, VirtualThread holds its G in place of the
 * bare runContinuation, so the scheduler gets its G without a lookup; without the agent AllGs
 * puts it there at the first submission.
 *
 * Status (Go's casgstatus). The status word packs the status with the id of the M that set
 * _Grunning: `(mid << 32) | status`. The JDK may hand a G back to the scheduler (unpark, yield)
 * from inside the tail of its own run, before the M that ran it has finished its bookkeeping;
 * another M can then start it. The M that ran it records "stopped" only by CAS from its own
 * (mid, _Grunning) word, so it can never overwrite the newer run of another M (no ABA: the old M
 * is still busy in that tail and cannot start the G itself).
 */
package gmp4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

public final class G extends gmp4j.runtime.trace.TraceState implements Runnable {
    // Go's G statuses (runtime2.go). _Gcopystack, _Gpreempted and _Gscan have no JVM counterpart.
    public static final int _Gidle = 0;
    public static final int _Grunnable = 1;
    public static final int _Grunning = 2;
    public static final int _Gsyscall = 3;
    public static final int _Gwaiting = 4;
    public static final int _Gdead = 6;

    private static final VarHandle WORD;
    private static final VarHandle PREEMPT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WORD = l.findVarHandle(G.class, "word", long.class);
            PREEMPT = l.findVarHandle(G.class, "preempt", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long goid;
    final Runnable task;
    /** The virtual thread this G runs, when known (always with the agent). */
    final Thread vthread;

    @SuppressWarnings("unused") private volatile long word; // (mid << 32) | status
    /** Link in the global run queue (guarded by Sched.lock) or in a runqputslow batch. */
    G schedlink;
    /**
     * Preemption request from sysmon (Go: gp.preempt + stackguard0 = stackPreempt): 0 for none,
     * else why it was raised (PREEMPT_SLICE or PREEMPT_WAKEUP). The reason travels in the flag
     * itself, so the check that serves a request reads the reason of that very request: a separate
     * field written next to the flag could pair one request's flag with another's reason.
     */
    @SuppressWarnings("unused") private volatile int preempt;
    /** Request reasons: the time slice ran out (Go's); a woken G waits (WakePreempt, not in Go). */
    static final int PREEMPT_SLICE = 1, PREEMPT_WAKEUP = 2;
    /**
     * The reason of the request this G is yielding for (with preemptYield), for GoPreempt. Plain:
     * written by the G itself before its Thread.yield and read on its carrier in afterYield, the
     * same thread, or by the next run after the queue hand-off.
     */
    int preemptReason;
    /**
     * Incremented each time an M starts running this G; lets a preempted G tell that it yielded.
     * Plain: the write happens-before the G's code runs (mounting the continuation synchronises).
     */
    int runs;
    /** Whether AllGs keeps this G in its task table (written before the G is published). */
    boolean tabled;
    /** Set while this G yields because of a preemption request (GoPreempt, not GoSched). */
    boolean preemptYield;
    /**
     * Set for good once a preemption request made this G yield: such a G tends to run whole
     * slices, so its slices are timed from when they begin (P.sliceStart), at the cost of a clock
     * read per slice that Gs which never ran a whole slice (a yield storm's) are spared. Plain:
     * written by the G before its yield, read by the M that dequeues it after the queue hand-off.
     */
    boolean wasPreempted;
    /**
     * System.nanoTime() when this G last became runnable / started running, 0 if not taken (see
     * Tracer). Plain: written by the readier before the queue hand-off / by the M before the run.
     */
    long runnableSince;
    long runningSince;

    /*
     * The hog watch (Sysmon.watchHogs, gmp4j.Hog), not in Go. heldSince: System.nanoTime() when
     * the current run began, written by the M before the run while Hog is enabled and set back to 0
     * by the M after it (else 0). The *AtStart counts are written by the M just before heldSince,
     * and sysmon reads them after reading heldSince, so the volatile pair orders them. The two
     * counts only grow: unservedRequests (requests sysmon withdrew unserved) is written by sysmon
     * alone, failedYields (requests served while pinned) by the G alone. held: the run sysmon
     * caught past the threshold; whichever of sysmon and the M sees it end first ends it.
     */
    volatile long heldSince;
    volatile int unservedRequests;
    volatile int failedYields;
    int unservedAtStart;
    int failedAtStart;
    volatile gmp4j.runtime.trace.HeldRun held;

    G(long goid, Runnable task, Thread vthread) {
        this.goid = goid;
        this.task = task;
        this.vthread = vthread;
    }

    /** A G with no task, for run-queue tests. */
    G(long goid) {
        this(goid, null, null);
    }

    public long goid() {
        return goid;
    }

    @Override
    public void run() {
        task.run();
    }

    public int status() {
        return (int) (long) WORD.getVolatile(this);
    }

    long word() {
        return (long) WORD.getVolatile(this);
    }

    static long word(long mid, int status) {
        return (mid << 32) | status;
    }

    boolean casWord(long expected, long next) {
        return WORD.compareAndSet(this, expected, next);
    }

    /** Release store: only the M that dequeued the G sets _Grunning, others only CAS. */
    void setWordRelease(long next) {
        WORD.setRelease(this, next);
    }

    boolean preemptRequested() {
        return (int) PREEMPT.getOpaque(this) != 0;
    }

    /** Raises a slice-end request; true if this call raised it (none was pending). */
    boolean raisePreempt() {
        return raisePreempt(PREEMPT_SLICE);
    }

    /** Raises a request for {@code reason}; true if this call raised it (none was pending). */
    boolean raisePreempt(int reason) {
        return PREEMPT.compareAndSet(this, 0, reason);
    }

    /** Clears the request; true if this call cleared a pending one. */
    boolean clearPreempt() {
        return takePreempt() != 0;
    }

    /** The reason of the pending request, or 0 (a racy peek). */
    int pendingPreempt() {
        return (int) PREEMPT.getOpaque(this);
    }

    /** Clears the request; returns the reason of the pending one this call cleared, or 0. */
    int takePreempt() {
        int r = (int) PREEMPT.getOpaque(this);
        return r != 0 && PREEMPT.compareAndSet(this, r, 0) ? r : 0;
    }

    /** The name GoPreempt's reason field gives a request reason. */
    static String preemptReasonName(int reason) {
        return reason == PREEMPT_WAKEUP ? gmp4j.runtime.trace.Trace.WAKEUP : gmp4j.runtime.trace.Trace.SLICE;
    }

    @Override
    public String toString() {
        return "G" + goid + "[" + statusName(status()) + (vthread != null ? ", " + vthread.getName() : "") + "]";
    }

    static String statusName(int s) {
        return switch (s) {
            case _Gidle -> "_Gidle";
            case _Grunnable -> "_Grunnable";
            case _Grunning -> "_Grunning";
            case _Gsyscall -> "_Gsyscall";
            case _Gwaiting -> "_Gwaiting";
            case _Gdead -> "_Gdead";
            default -> "status" + s;
        };
    }
}
