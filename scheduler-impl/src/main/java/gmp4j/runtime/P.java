/*
 * P: a logical processor, Go's runtime2.go `p`. GOMAXPROCS of them exist; an M must hold a P to
 * run Gs. A P owns a local run queue (RunQueue, with runnext), a schedtick that counts the Gs it
 * started (sysmon reads it to spot a G that has run too long, and every 61st tick the global
 * queue is checked first), and a syscalltick.
 *
 * Status is an int CAS'd as in Go (sysmon's retake takes a _Psyscall P by CAS). `m` and `link`
 * are guarded as in Go: `m` is written by the M that acquires or releases the P, `link` (the idle
 * list) under Sched.lock. The counters are written by the owner M only and read by snapshots
 * without synchronisation, like Go's schedtick.
 */
package gmp4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

final class P implements java.util.function.BooleanSupplier {
    // Go's P statuses (runtime2.go). _Pgcstop has no JVM counterpart.
    static final int _Pidle = 0;
    static final int _Prunning = 1;
    static final int _Psyscall = 2;
    static final int _Pdead = 4;
    /**
     * A JVM addition: sysmon is taking this P from an M that sits in native code the JDK did not
     * mark as blocking (Sysmon.retakeFromNative). Unlike _Psyscall, the P still names its M, which
     * may take it back (M.checkP) until sysmon hands it off. Kept apart from _Psyscall so that
     * Go's invariant holds: a _Psyscall P has no M, and any M back from a syscall whose old P it
     * is may take it by CAS (exitsyscallfast), even one that went through other hands meanwhile.
     */
    static final int _Pretake = 5;

    private static final VarHandle STATUS;
    private static final VarHandle SCHEDTICK;
    private static final VarHandle SLICESTART;
    private static final VarHandle GSTARTS;
    private static final VarHandle GOSCHEDS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(P.class, "status", int.class);
            SCHEDTICK = MethodHandles.lookup().findVarHandle(P.class, "schedtick", int.class);
            SLICESTART = MethodHandles.lookup().findVarHandle(P.class, "sliceStart", long.class);
            GSTARTS = MethodHandles.lookup().findVarHandle(P.class, "gStarts", long.class);
            GOSCHEDS = MethodHandles.lookup().findVarHandle(P.class, "goscheds", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int id;
    final RunQueue runq = new RunQueue();
    final Timers timers = new Timers();
    @SuppressWarnings("unused") private volatile int status = _Pidle;
    /** The M this P is wired to, or null. */
    volatile M m;
    /** Idle-list link, guarded by Sched.lock. */
    P link;
    /**
     * Gs started on this P with a fresh time slice (Go: schedtick). Written by the owner M, read
     * by sysmon: opaque accesses (atomic, never hoisted, no fence), as Go reads it racily.
     */
    @SuppressWarnings("unused") private int schedtick;
    /**
     * Not in Go: when (System.nanoTime) the time slice of schedtick began, or 0 when not noted
     * (G.wasPreempted). Go's sysmon times a slice from when it first sees the new schedtick, late
     * by up to its sleep; it still does for slices whose start is not noted.
     */
    @SuppressWarnings("unused") private long sliceStart;
    /**
     * The M whose G last entered a syscall on this P, for GoSysBlock. Written before the status
     * CAS to _Psyscall, read after sysmon's CAS from it: the CAS pair orders them.
     */
    M syscallm;
    /** Syscalls entered on this P (Go: syscalltick). */
    volatile int syscalltick;
    /**
     * Not in Go (WakePreempt): the schedtick whose slice sysmon last found to have run at least
     * the wake-up granule, or -1. Written by sysmon, read by this P's M when its running G readies
     * another G into runnext (Sched.readyOnP): equal to the current schedtick means that G has been
     * running long, and the readied G would wait behind it. Volatile: a stale value only delays or
     * adds one sysmon round (see WakePreempt).
     */
    volatile long wakeLongTick = -1;
    /** Sysmon only (WakePreempt): when the slice of sysmonSchedtick began, as sysmon knows it. */
    long sysmonSliceSince;

    // sysmon's private view of this P (Go: p.sysmontick), touched only by the sysmon thread.
    /** -1 at first, so that sysmon's first look at a running P starts timing its G. */
    int sysmonSchedtick = -1;
    long sysmonSchedwhen;
    /** How much shorter than a time slice the next slice is to be (Sysmon.stagger). */
    long sysmonStagger;
    /** When sysmon last raised a preemption request for this P's G (0: none outstanding). */
    long sysmonPreemptwhen;
    /** Requests to this P's current G that sysmon withdrew unserved (see Sysmon.withdraw). */
    int sysmonWithdrawn;
    /** Looks at this P's over-long slice that found no G waiting (Sysmon.retake backs off by it). */
    int sysmonUncontended;
    int sysmonSyscalltick;
    long sysmonSyscallwhen;
    // which run of which G sysmon last saw here, since when, and when it last probed for native
    // code. The G by its goid: a reference would keep the last G, its virtual thread and all its
    // task holds reachable for as long as the P idles.
    long sysmonGoid;
    int sysmonGRuns;
    long sysmonGSince;
    long sysmonNativeCheck;
    /** How long after a sample that found the carrier running the next may be taken (0: NATIVE_RECHECK_NS). */
    long sysmonNativeBackoff;
    long sysmonNativeCpu = -1; // the carrier's CPU time at a first in-native sample, or -1

    /** Gs started on this P (each run counts), owner-written with opaque stores: no fence. */
    @SuppressWarnings("unused") private long gStarts;
    /**
     * Thread.yields (Gosched) of Gs running on this P, owner-written like gStarts. A shared
     * LongAdder here cost about a tenth of the CPU samples of a yield storm on two Ps.
     */
    @SuppressWarnings("unused") private long goscheds;

    P(int id) {
        this.id = id;
    }

    int status() {
        return (int) STATUS.getVolatile(this);
    }

    int schedtick() {
        return (int) SCHEDTICK.getOpaque(this);
    }

    /** Owner only: a new time slice begins at start (0: not noted). Returns the new schedtick. */
    int incSchedtick(long start) {
        int t = (int) SCHEDTICK.getOpaque(this) + 1;
        SLICESTART.setOpaque(this, start);
        // Release pairs with sliceStart()'s acquire: sysmon, having read tick t, reads t's start
        // or a later one, never the previous slice's (which would end t's slice early).
        SCHEDTICK.setRelease(this, t);
        return t;
    }

    /** Sysmon: when the slice of the schedtick it read just before began, or 0 if not noted. */
    long sliceStart() {
        VarHandle.acquireFence(); // orders the caller's schedtick() read before this one
        return (long) SLICESTART.getOpaque(this);
    }

    long gStarts() {
        return (long) GSTARTS.getOpaque(this);
    }

    /** Owner only. */
    void countGStart() {
        GSTARTS.setOpaque(this, (long) GSTARTS.getOpaque(this) + 1);
    }

    long goscheds() {
        return (long) GOSCHEDS.getOpaque(this);
    }

    /** Owner only. */
    void countGosched() {
        GOSCHEDS.setOpaque(this, (long) GOSCHEDS.getOpaque(this) + 1);
    }

    void setStatus(int s) {
        STATUS.setVolatile(this, s);
    }

    boolean casStatus(int expected, int next) {
        return STATUS.compareAndSet(this, expected, next);
    }

    /**
     * Whether this P is running (RunQueue.grab backs off before taking its runnext then). As in Go
     * this includes an M between two Gs: that is exactly when the owner is about to take runnext.
     */
    @Override
    public boolean getAsBoolean() {
        return status() == _Prunning;
    }

    @Override
    public String toString() {
        return "P" + id;
    }
}
