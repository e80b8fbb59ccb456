/*
 * Tracer: the gmp arm's traceGo* hooks (Go's traceruntime.go): it turns what the scheduler does
 * into the JFR events of gmp4j.runtime.trace.Trace (EVENTS.md). Every method first checks that
 * its events are enabled, so a call site is one line and costs a guard when nothing records.
 *
 * Who emits what:
 *  - Sched.ready: GoCreate (a G's first ready, from VirtualThread.start) or GoUnpark (any later
 *    one, except a G's own Thread.yield), and the runnable timestamp for GoStart's latency;
 *  - M.execute: GoStart (schedLatency = now - runnable timestamp) and, when the thread
 *    terminated, GoEnd;
 *  - afterYield (the agent's hook at the top of VirtualThread.afterYield, on the carrier right
 *    after the continuation yielded, before the JDK publishes the new state): GoPark with the
 *    reason read from the JDK's transitional state (PARKING, TIMED_PARKING, BLOCKING, WAITING,
 *    TIMED_WAITING), GoSched (YIELDING) or GoPreempt (YIELDING because Preempt asked). Emitting
 *    there, not after the continuation returned, keeps GoPark before the GoUnpark of whoever
 *    wakes the thread, which may happen as soon as the state is published;
 *  - Preempt.checkSlow: GoPreempt failed=true (the yield was a no-op: pinned);
 *  - Syscalls: GoSysCall + ProcStop (enter), GoSysExit (exit), GoSysBlock (sysmon's retake;
 *    from native code also ProcStop, since the M never gave the P up itself);
 *  - M.acquirep / releasep: ProcStart / ProcStop; M.stealWork: ProcSteal;
 *  - Sysmon.watchHogs: Hog when a run holds its P past the threshold; M.execute (ranHeld) or
 *    sysmon: Hog again when that run ends;
 *  - Sched: Gomaxprocs at procresize and, with SchedStats, as periodic events (schedStats).
 *
 * Timestamps: System.nanoTime() is read only while GoStart (runnable and running timestamps) or
 * GoPreempt (running timestamp, for ranFor) or Hog (the run's start) is enabled; a G whose timestamp was not taken
 * reports -1.
 */
package gmp4j.runtime;

import gmp4j.runtime.trace.HeldRun;
import gmp4j.runtime.trace.Trace;
import java.util.concurrent.locks.LockSupport;

public final class Tracer {
    private Tracer() {}

    /** ready: gp became runnable; `was` is its status before, mp the submitter's M or null. */
    static void ready(G gp, int was, M mp) {
        boolean timed = Trace.goStartOn();
        gp.runnableSince = timed ? System.nanoTime() : 0;
        if (was == G._Gidle) {
            if (Trace.goCreateOn()) {
                G parent = mp != null && Thread.currentThread().isVirtual() ? mp.curg : null;
                Thread vt = gp.vthread;
                Trace.goCreate(gp.goid, parent != null ? parent.goid : -1, vt != null ? vt.threadId() : -1,
                        vt != null ? vt.getName() : "");
            }
            return;
        }
        if (!Trace.goUnparkOn()
                || was == G._Grunning && JdkAccess.stopReason(gp.vthread) == JdkAccess.StopReason.YIELDED) {
            return; // a Thread.yield is GoSched / GoPreempt, already emitted by afterYield
        }
        if (mp != null) {
            // On an M: a running G (virtual), the tail of the M's G (its park was satisfied while
            // parking, or it terminated and wakes its joiners), or the M's timers (no G).
            G by = mp.curg;
            Trace.goUnpark(gp.goid, by != null ? by.goid : -1, by != null ? Trace.GOROUTINE : Trace.TIMER);
        } else {
            Trace.goUnpark(gp.goid, -1, Thread.currentThread() instanceof Sysmon ? Trace.TIMER : Trace.EXTERNAL);
        }
    }

    /** execute: mp starts gp on pp. */
    static void start(G gp, M mp, P pp) {
        boolean started = Trace.goStartOn();
        boolean hog = Trace.hogOn();
        if (!started && !Trace.goPreemptOn() && !hog) {
            gp.runningSince = 0;
            return;
        }
        long now = System.nanoTime();
        gp.runningSince = now;
        if (hog) {
            gp.unservedAtStart = gp.unservedRequests;
            gp.failedAtStart = gp.failedYields;
            gp.heldSince = now; // publishes the two counts to sysmon (see G.heldSince)
        }
        if (started) {
            long since = gp.runnableSince;
            Trace.goStart(gp.goid, pp.id, mp.id, gp.vthread != null ? gp.vthread.threadId() : -1,
                    since != 0 ? Math.max(0, now - since) : -1);
        }
    }

    /** execute: gp's run returned to mp, before mp commits anything of its own. */
    static void ran(G gp) {
        Trace.resync(gp);
    }

    /**
     * execute, after ran: gp's run is over. If sysmon caught it holding the P past the hog
     * threshold, the run's Hog event ends here (see HeldRun). Costs one volatile read while Hog
     * is disabled.
     */
    static void ranHeld(G gp) {
        long since = gp.heldSince;
        if (since == 0) {
            return;
        }
        gp.heldSince = 0;
        HeldRun h = gp.held;
        if (h != null && h.since == since) {
            gp.held = null;
            h.end(System.nanoTime(), ignoredRequests(gp), ignoreReason(gp));
        }
    }

    /** Requests gp's current run has not served (withdrawn unserved, or failed while pinned). */
    static long ignoredRequests(G gp) {
        return (gp.unservedRequests - gp.unservedAtStart) + (gp.failedYields - gp.failedAtStart);
    }

    static String ignoreReason(G gp) {
        if (gp.failedYields != gp.failedAtStart) {
            return HeldRun.PINNED;
        }
        return gp.unservedRequests != gp.unservedAtStart ? HeldRun.NO_CHECK : HeldRun.NONE;
    }

    /** execute: gp's virtual thread terminated on mp. */
    static void end(G gp, M mp) {
        if (Trace.goEndOn()) {
            Trace.goEnd(gp.goid, pid(mp.p), mp.id);
        }
    }

    /**
     * The agent's hook at the top of VirtualThread.afterYield, on the carrier: the thread whose
     * runContinuation is {@code task} yielded its continuation while in JDK state
     * {@code jdkState}. Does nothing for threads that are not on gmp4j.
     */
    public static void afterYield(Runnable task, int jdkState) {
        if (!(task instanceof G gp)) {
            return;
        }
        Trace.resync(gp);
        if (!(Trace.goParkOn() || Trace.goSchedOn() || Trace.goPreemptOn())) {
            return;
        }
        M mp = JdkAccess.currentCarrierThread() instanceof M m ? m : null;
        long p = mp != null ? pid(mp.p) : -1;
        long m = mp != null ? mp.id : -1;
        String reason = JdkAccess.parkReason(jdkState);
        if (reason == JdkAccess.YIELD) {
            if (gp.preemptYield) {
                if (Trace.goPreemptOn()) {
                    Trace.goPreempt(gp.goid, p, m, ranFor(gp), false, G.preemptReasonName(gp.preemptReason));
                }
            } else if (Trace.goSchedOn()) {
                Trace.goSched(gp.goid, p, m);
            }
        } else if (Trace.goParkOn()) {
            Object blocker = gp.vthread != null ? LockSupport.getBlocker(gp.vthread) : null;
            Trace.goPark(gp.goid, p, m, reason, blocker != null ? blocker.getClass().getName() : "");
        }
    }

    /** Preempt.checkSlow: gp was asked to yield on mp but could not (pinned). */
    static void preemptFailed(G gp, M mp) {
        if (Trace.goPreemptOn()) {
            Trace.goPreempt(gp.goid, pid(mp.p), mp.id, ranFor(gp), true, G.preemptReasonName(gp.preemptReason));
        }
    }

    private static long ranFor(G gp) {
        long since = gp.runningSince;
        return since != 0 ? Math.max(0, System.nanoTime() - since) : -1;
    }

    /** entersyscall: gp on mp gave up pp. */
    static void entersyscall(G gp, M mp, P pp) {
        if (Trace.goSysCallOn() && gp != null) {
            Trace.goSysCall(gp.goid, pp.id, mp.id);
        }
        if (Trace.procStopOn()) {
            Trace.procStop(pp.id, mp.id);
        }
    }

    /** exitsyscall: gp is back on mp, which holds a P now or not (then it goes to the global queue). */
    static void exitsyscall(G gp, M mp) {
        if (Trace.goSysExitOn() && gp != null) {
            Trace.goSysExit(gp.goid, pid(mp.p), mp.id);
        }
    }

    /** retake: sysmon hands off pp from mp, blocked in a syscall or (fromNative) in native code. */
    static void sysblock(P pp, M mp, boolean fromNative) {
        G gp = mp != null ? mp.curg : null;
        if (Trace.goSysBlockOn() && gp != null) {
            Trace.goSysBlock(gp.goid, pp.id, mp.id);
        }
        if (fromNative && Trace.procStopOn()) {
            Trace.procStop(pp.id, mp != null ? mp.id : -1);
        }
    }

    static void procStart(P pp, M mp) {
        if (Trace.procStartOn()) {
            Trace.procStart(pp.id, mp.id);
        }
    }

    static void procStop(P pp, M mp) {
        if (Trace.procStopOn()) {
            Trace.procStop(pp.id, mp.id);
        }
    }

    /** stealWork: mp's P pp took count Gs from victim. */
    static void steal(P pp, P victim, long count, M mp) {
        if (Trace.procStealOn()) {
            Trace.procSteal(pp.id, victim.id, count, mp.id);
        }
    }

    static void gomaxprocs(int n) {
        if (Trace.gomaxprocsOn()) {
            Trace.gomaxprocs(n, "gmp");
        }
    }

    /** The periodic events' hooks for s; the returned Runnable unregisters them. */
    static Runnable addPeriodic(Sched s) {
        return Trace.addPeriodic(() -> Trace.gomaxprocs(s.gomaxprocs, "gmp"), () -> schedStats(s));
    }

    private static void schedStats(Sched s) {
        SchedSnapshot n = s.snapshot();
        Trace.schedStats(n.gomaxprocs(), n.idleprocs(), n.threads(), n.spinningthreads(), n.idlethreads(),
                n.runqueue(), n.localRunqueuesText(), n.steals(), n.preemptions(), n.preemptFailures(),
                n.syscallHandoffs() + n.nativeHandoffs());
    }

    private static long pid(P pp) {
        return pp != null ? pp.id : -1;
    }
}
