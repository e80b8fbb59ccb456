/*
 * Sysmon: Go's sysmon (proc.go), a daemon platform thread that runs without a P.
 *
 * It sleeps 20 µs at first and, after 50 rounds in which nothing happened, doubles the sleep up
 * to 10 ms; unlike Go's, it never sleeps past the end of a P's time slice (nextRetake) or the
 * first timer it has to run, and it spreads the ends of Ps' slices that fell into step
 * (stagger). Each round it calls retake: a P whose schedtick has not moved for longer than the
 * time slice (forcePreemptNS, 10 ms by default) is running one G too long, and that G gets a
 * preemption request (preemptone; served by Preempt.check in the G's own code). A P whose M has
 * been in a syscall for a tick, or whose carrier sits in native code, is handed to another M
 * while other work waits (retake / handoffp). It also prints the schedtrace line when asked to.
 *
 * Not in Go, it also watches for hogs while the gmp4j.Hog event is enabled (watchHogs), and it
 * raises wake-up preemption requests (WakePreempt): each round, after retake
 * and the timers, and when woken by a G made runnable while every P is busy.
 *
 * When every P is idle and no schedtrace is asked for, sysmon stops polling and sleeps on a note
 * (Go: sched.sysmonwait / sysmonnote). Go wakes it from exitsyscall and startTheWorld; on the JVM
 * work arrives from outside through startm, so startm wakes it. The check-and-sleep and the
 * check-and-wake both happen under Sched.lock, so a wakeup cannot slip between them.
 */
package gmp4j.runtime;

import gmp4j.runtime.trace.HeldRun;
import gmp4j.runtime.trace.Trace;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

final class Sysmon extends Thread {
    private final Sched sched;
    private final Note note = new Note();
    /** Guarded by Sched.lock. */
    private boolean sysmonwait;
    private final NativeProbe probe = new NativeProbe();
    /** Rounds run (for tests: sysmon is alive and backing off). */
    volatile long rounds;

    Sysmon(Sched sched) {
        super(null, null, "gmp4j-sysmon", 0, false);
        this.sched = sched;
        setDaemon(true);
    }

    /**
     * Survives OutOfMemoryError (and the Errors it causes in class initialisers and loaders): the
     * timers it runs and the probes it makes allocate, and a sysmon that died with the heap full
     * would leave preemption, syscall hand-offs, idle Ps' timers and stranded work undone for good
     * once memory is back.
     */
    @Override
    public void run() {
        while (!sched.stopping) {
            try {
                loop();
            } catch (Error e) { // a RuntimeException is a bug in sysmon: let it show
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // then start over
            }
        }
    }

    private void loop() {
        final Sched s = sched;
        long lastTrace = System.nanoTime();
        int idle = 0; // rounds in a row that found nothing to do
        long delay = 0; // µs
        while (!s.stopping) {
            if (idle == 0) { // busy: look again in 20 us
                delay = 20;
            } else if (idle > 50) { // quiet for about 1 ms: back off, twice as long each round
                delay *= 2;
            }
            if (delay > 10 * 1000) { // but never beyond 10 ms
                delay = 10 * 1000;
            }
            sleepAtMost(delay * 1000, earlier(nextRetake(), s.wakePreempt.nextCheck));

            if (s.config.schedtraceNanos() <= 0 && s.npidle.get() == s.gomaxprocs && waitWhileAllIdle()) {
                idle = 0;
                delay = 20;
            }
            long now = System.nanoTime();
            retakePless(now);
            if (retake(now) + runTimers(now) + startmForStrandedWork() != 0) {
                idle = 0;
            } else {
                idle++;
            }
            s.wakePreempt.round(this, now); // like retake's requests, not counted as work done
            if (Trace.hogOn() || !caught.isEmpty()) {
                watchHogs(now);
            }
            long period = s.config.schedtraceNanos();
            if (period > 0 && now - lastTrace >= period) {
                lastTrace = now;
                s.config.schedtraceOut().println(s.schedtraceLine());
            }
            rounds++;
        }
    }

    /**
     * Not in Go: the earliest moment (System.nanoTime) at which retake will act on a running P,
     * or on a P-less run (retakePless), or Long.MAX_VALUE. Go's sysmon, backed off to 10 ms
     * sleeps, can notice an expired time slice up to 10 ms late, and two Ps whose slices expire
     * within one sleep are preempted in the same round. Go also times a slice from when sysmon
     * first sees its schedtick, which is late by up to a sleep; here each P notes when its slice
     * began (P.sliceStart), so a slice that began while sysmon slept is timed from its start.
     * Waking when the first slice ends keeps slices at forcePreemptNS.
     */
    private long nextRetake() {
        long slice = sched.config.timeSliceNanos();
        long next = Long.MAX_VALUE;
        for (P pp : sched.allps()) {
            int st = pp.status();
            if (st != P._Prunning && st != P._Psyscall) {
                continue;
            }
            if (pp.sysmonSchedtick != pp.schedtick()) { // a slice retake has not seen yet
                long start = pp.sliceStart();
                if (start != 0) { // else the next round starts timing it, as in Go
                    next = earlier(next, start - pp.sysmonStagger + slice);
                }
                continue;
            }
            next = earlier(next, pp.sysmonPreemptwhen != 0 ? pp.sysmonPreemptwhen + PREEMPT_WITHDRAW_NS
                    : pp.sysmonSchedwhen + slice);
        }
        for (PlessRun r : pless) {
            next = earlier(next, r.next(slice));
        }
        return next;
    }

    /** Sleeps while every P is idle. Returns whether it slept. */
    private boolean waitWhileAllIdle() {
        Sched s = sched;
        s.lock.lock();
        try {
            if (s.npidle.get() != s.gomaxprocs || s.stopping || s.runqsize() != 0) {
                return false;
            }
            sysmonwait = true;
        } finally {
            s.lock.unlock();
        }
        sleepAtMost(Long.MAX_VALUE, Long.MAX_VALUE);
        s.lock.lock();
        try {
            sysmonwait = false;
        } finally {
            s.lock.unlock();
        }
        return true;
    }

    private static final long MIN_SLEEP_NS = 20_000;

    /** When sysmon means to wake up (System.nanoTime), or Long.MAX_VALUE: see timerAdded. */
    private volatile long wakeAt = Long.MAX_VALUE;

    /** Wakes sysmon now, or makes its next sleep return at once (WakePreempt). */
    void poke() {
        note.wakeup();
    }

    /**
     * For WakePreempt.woken: whether sysmon is not sleeping towards a moment at most
     * {@code nanos} away (it sleeps longer, or without a deadline, or is between sleeps).
     */
    boolean sleepsLongerThan(long nanos) {
        long w = wakeAt;
        return w == Long.MAX_VALUE || w - System.nanoTime() > nanos;
    }

    /**
     * Sleeps for {@code nanos}, or until {@code deadline} (System.nanoTime, Long.MAX_VALUE for
     * none) or the first timer that runTimers would run, whichever comes first, or until woken
     * (startm, shutdown, an earlier timer). wakeAt is published before the timers are read, and an
     * adder publishes its timer before reading wakeAt, so one of the two sees the other.
     */
    private void sleepAtMost(long nanos, long deadline) {
        long now = System.nanoTime();
        // Never less than Go's shortest tick: a deadline or timer that passed without this round
        // acting on it (a P's G between runs, say) must not turn sysmon into a busy loop.
        long floor = now + MIN_SLEEP_NS;
        long until = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : now + nanos;
        until = earlier(until, notBefore(deadline, floor));
        wakeAt = until;
        long next = nextTimerToRun();
        if (next != Long.MAX_VALUE && earlier(until, next) == next) {
            until = notBefore(next, floor);
            wakeAt = until;
        }
        if (until == Long.MAX_VALUE) {
            note.sleep();
        } else if (until - now > 0) {
            note.sleep(until - now);
        }
        wakeAt = Long.MAX_VALUE;
        note.clear();
    }

    private static long earlier(long a, long b) {
        return a == Long.MAX_VALUE ? b : b == Long.MAX_VALUE || a - b < 0 ? a : b;
    }

    /** t, or floor if t comes before it (Long.MAX_VALUE stays). */
    private static long notBefore(long t, long floor) {
        return t != Long.MAX_VALUE && t - floor < 0 ? floor : t;
    }

    /**
     * When runTimers will next run a timer: a running P's timers TIMER_SLACK_NS after they are
     * due (until then they are its M's), other Ps' when due. Sleeping only until a running P's
     * timer is due would make sysmon spin, not sleeping, through that slack.
     */
    private long nextTimerToRun() {
        long next = Long.MAX_VALUE;
        for (P pp : sched.allps()) {
            long w = pp.timers.next();
            if (w != Long.MAX_VALUE && pp.status() == P._Prunning) {
                w = sched.wakePreempt.timerRunAt(pp, w, TIMER_SLACK_NS);
            }
            next = earlier(next, w);
        }
        return next;
    }

    /** A timer was added as the earliest of its P: wake sysmon if it would sleep past it. */
    void timerAdded(long when) {
        long w = wakeAt;
        if (w == Long.MAX_VALUE || when - w < 0) {
            note.wakeup();
        }
    }

    /**
     * Not in Go: Gs on the global queue while every P is idle and no M spins are stranded, which
     * happens only when starting an M failed (Sched.newm: the JVM was out of memory or threads).
     * Start one now that it may succeed. Returns 1 if it tried.
     */
    private int startmForStrandedWork() {
        Sched s = sched;
        if (s.runqsize() == 0 || s.npidle.get() != s.gomaxprocs || s.nmspinning.get() != 0) {
            return 0;
        }
        s.startm(null, false);
        return 1;
    }

    /** A running P's due timers are left to its M unless they are this late. */
    private static final long TIMER_SLACK_NS = 1_000_000;

    /**
     * Go's netpoller sleeps until the next timer and so makes sure timers run; here sysmon does:
     * it runs the due timers of Ps no M is looking at (idle or in a syscall), and of running Ps
     * whose M has not come by to run them for TIMER_SLACK_NS.
     */
    private int runTimers(long now) {
        int ran = 0;
        for (P pp : sched.allps()) {
            long next = pp.timers.next();
            if (next == Long.MAX_VALUE || now - next < 0) {
                continue;
            }
            // A running P whose slice is long will not come by soon: its woken Gs go to
            // WakePreempt instead of waiting out the slack (not in Go).
            if (pp.status() != P._Prunning || now - next >= TIMER_SLACK_NS || sched.wakePreempt.runTimerNow(pp, now)) {
                ran += pp.timers.runDue(now);
            }
        }
        return ran;
    }

    /** Called by startm and shutdown, under Sched.lock (or, for shutdown, after setting stopping). */
    void wakeIfWaiting() {
        if (sysmonwait || sched.stopping) {
            note.wakeup();
        }
    }

    /**
     * retake (Go): preempt Gs that ran longer than the time slice, and hand off Ps whose M is
     * blocked: in a syscall (the P is _Psyscall) or, a JVM addition, in native code the JDK does
     * not mark as blocking. Returns how many Ps it acted on.
     */
    private int retake(long now) {
        int n = 0;
        Sched s = sched;
        long forcePreemptNS = s.config.timeSliceNanos();
        for (P pp : s.allps()) {
            int st = pp.status();
            boolean sysretake = false;
            if (st == P._Prunning || st == P._Psyscall) {
                // A schedtick that has not moved for a whole slice: one G has had the P too long.
                int t = pp.schedtick();
                if (pp.sysmonSchedtick != t) {
                    pp.sysmonSchedtick = t;
                    long start = pp.sliceStart(); // 0: not noted (G.wasPreempted); Go always uses now
                    pp.sysmonSliceSince = start != 0 ? start : now; // WakePreempt's view, unstaggered
                    pp.sysmonSchedwhen = pp.sysmonSliceSince - pp.sysmonStagger;
                    pp.sysmonStagger = 0;
                    pp.sysmonPreemptwhen = 0;
                    pp.sysmonWithdrawn = 0;
                    pp.sysmonUncontended = 0;
                }
                if (pp.sysmonPreemptwhen != 0 && pp.sysmonPreemptwhen + PREEMPT_WITHDRAW_NS <= now) {
                    withdraw(pp);
                    // Ask again after 1, 2, 4 ... ms, at most a time slice later: a G whose
                    // carrier the OS had taken off the CPU is asked again soon, one in code
                    // without checks settles at one request per slice.
                    long wait = Math.min(forcePreemptNS,
                            PREEMPT_WITHDRAW_NS << Math.min(pp.sysmonWithdrawn++, 30));
                    pp.sysmonSchedwhen = now + wait - forcePreemptNS;
                } else if (pp.sysmonSchedwhen + forcePreemptNS <= now) {
                    // Not Go: a G whose slice is over is asked to yield only if some G waits
                    // for a P. Go asks regardless, and there a failed check costs nothing. Here
                    // a served request leaves a mark on the running code: the check it took was
                    // never-taken until then, C2 had compiled it as an uncommon trap, the trap
                    // deoptimises the method, and the recompiled method keeps the slow-path
                    // call in its loop nest for good (HotSpot traps once per bytecode). A lone
                    // CPU-bound virtual thread asked every 10 ms ran commons-math's matrix
                    // product 2.5x slower than with checks never served (bench/RESULTS.md,
                    // 2026-12-05), and the yield gained nothing: no G was waiting. While none
                    // waits, sysmon looks again after 1, 2, 4 ... ms, at most a slice later (a
                    // deadline left in the past would have it poll every 20 us); a G woken
                    // meanwhile gets the P sooner through WakePreempt, which does not wait for
                    // this look. SchedConfig.withPreemptUncontended(true) restores Go's policy.
                    if (!s.config.preemptUncontended() && !s.hasQueuedGs()) {
                        long wait = Math.min(forcePreemptNS,
                                PREEMPT_WITHDRAW_NS << Math.min(pp.sysmonUncontended++, 30));
                        pp.sysmonSchedwhen = now + wait - forcePreemptNS;
                    } else if (preemptone(pp)) { // not counted in n, as in Go: a request wakes nobody
                        // A G that could not yield (pinned) has its request dropped by the check;
                        // ask it again only after another time slice, not on every 20 us tick.
                        // Go keeps gp.preempt set until a safe point serves it; here a set flag
                        // would make every check of a pinned G retry the yield at once.
                        pp.sysmonSchedwhen = now;
                        pp.sysmonPreemptwhen = now;
                        if (pp.sysmonWithdrawn == 0) {
                            // A request asked again after a withdrawal ends the same slice as the
                            // first: it keeps the stagger chosen then and is not in step with
                            // anything (counted, it could turn a half slice into a whole one).
                            pp.sysmonStagger = stagger(now, forcePreemptNS);
                        }
                    }
                    // A _Psyscall P has no M, so preemptone did nothing there: the P is taken
                    // below instead.
                    sysretake = true;
                }
            } else {
                pp.sysmonStagger = 0; // idle: its next G's slice is not in step with anything
            }
            if (st == P._Psyscall) {
                // A P is taken from a syscall only once it has stayed in it across two looks
                // (20 us at least).
                int t = pp.syscalltick;
                if (!sysretake && pp.sysmonSyscalltick != t) {
                    pp.sysmonSyscalltick = t;
                    pp.sysmonSyscallwhen = now;
                    continue;
                }
                // With no other work waiting, taking the P gains nothing; it is taken all the
                // same after 10 ms, since a P left in _Psyscall keeps sysmon from sleeping until
                // work arrives (it does so only when every P is idle).
                if (!worthHandoff(pp) && pp.sysmonSyscallwhen + 10_000_000L > now) {
                    continue;
                }
                if (s.syscalls.retake(pp, false)) {
                    n++;
                }
            } else if (st == P._Prunning && retakeFromNative(pp, now)) {
                n++;
            }
        }
        return n;
    }

    /** Runs caught holding their P past the hog threshold whose end nobody reported yet. */
    private final List<G> caught = new ArrayList<>();

    /**
     * Not in Go: the hog watch (gmp4j.Hog, HeldRun). A G whose current run has held its P for
     * the hog threshold is caught: its own stack is taken (a handshake with its carrier,
     * JdkAccess.mountedStackTrace) and a Hog event is committed. The run's end
     * is reported by its M (Tracer.ranHeld) or, if the M looked before gp.held was set, here.
     * Runs that lost their P to a native hand-off are not watched (retakePless asks them to
     * yield). Rare by construction: one stack per run past the threshold. Sysmon does not wake
     * for the threshold itself: a run is caught at the first round after it passed it, and a
     * running P wakes sysmon at least at the end of each slice and of each request's 1 ms
     * (nextRetake), so a threshold below the time slice catches runs at about a slice.
     */
    private void watchHogs(long now) {
        for (Iterator<G> it = caught.iterator(); it.hasNext(); ) {
            G gp = it.next();
            HeldRun h = gp.held;
            if (h == null || h.ended()) {
                it.remove();
            } else if (gp.heldSince != h.since) { // the run is over and its M did not see h
                h.end(now, Tracer.ignoredRequests(gp), Tracer.ignoreReason(gp));
                gp.held = null;
                it.remove();
            }
        }
        if (!Trace.hogOn()) {
            return;
        }
        long threshold = HeldRun.thresholdNanos();
        for (P pp : sched.allps()) {
            int st = pp.status();
            M mp = pp.m;
            G gp = mp != null ? mp.curg : null;
            if (st != P._Prunning || gp == null || gp.vthread == null) {
                continue;
            }
            long since = gp.heldSince; // then the counts it publishes (see G.heldSince)
            HeldRun h = gp.held;
            if (since == 0 || now - since < threshold || h != null && h.since == since) {
                continue;
            }
            h = HeldRun.caught(gp.vthread, gp.goid, pp.id, mp.id, since, now,
                    Tracer.ignoredRequests(gp), Tracer.ignoreReason(gp));
            if (h == null) {
                continue; // not mounted at this moment: the run is ending, or look again next round
            }
            gp.held = h;
            caught.add(gp);
        }
    }

    /** A blocked P is worth handing off if it has queued work or nobody else is looking for work. */
    private boolean worthHandoff(P pp) {
        Sched s = sched;
        return !pp.runq.isEmpty() || s.runqsize() > 0 || s.nmspinning.get() + s.npidle.get() == 0;
    }

    /** A running P is looked at for native blocking after this long on one G (Go's one sysmon tick). */
    private static final long NATIVE_AFTER_NS = 20_000;
    /**
     * A first in-native sample is confirmed this much later. Shorter windows mistook a busy
     * thread that the OS descheduled in the middle of a short native call (an interpreted
     * System.nanoTime) for a blocked one.
     */
    private static final long NATIVE_CONFIRM_NS = 1_000_000;
    /**
     * ...and, when its carrier was found running (not blocked), not again for this long, twice as
     * long after each further such sample, up to NATIVE_RECHECK_MAX_NS; a hand-off resets it.
     * A sample reads /proc and costs some microseconds: on a server, where every P always has
     * work queued and carriers spend much of each run in short socket calls, a fixed 200 us
     * sampled each P 5,000 times a second and made sysmon about a twentieth of the JVM's CPU
     * time (async-profiler, Tomcat under wrk, bench/RESULTS.md). Backed off, a P whose runs are
     * never blocked costs about 100 samples a second; a real unmarked blocking call on it is
     * handed off at most NATIVE_RECHECK_MAX_NS + NATIVE_CONFIRM_NS late (Go's sysmon, backed off,
     * also looks only every 10 ms).
     */
    private static final long NATIVE_RECHECK_NS = 200_000;
    private static final long NATIVE_RECHECK_MAX_NS = 10_000_000;

    /**
     * The JVM's stand-in for entersyscall when the JDK did not mark the blocking call: if pp's M
     * sits in native code, mark pp _Pretake on its behalf, make sure the M is not in scheduler
     * code (the Dekker pair with M.inSched / M.checkP), and hand pp off. The M notices at its
     * next scheduling point and goes on without a P (M.checkP, M.reacquirep).
     */
    private boolean retakeFromNative(P pp, long now) {
        M mp = pp.m;
        G gp = mp != null ? mp.curg : null;
        if (gp == null || mp.inSched()) {
            return false;
        }
        if (gp.goid != pp.sysmonGoid || gp.runs != pp.sysmonGRuns) { // a different run: start timing it
            pp.sysmonGoid = gp.goid;
            pp.sysmonGRuns = gp.runs;
            pp.sysmonGSince = now;
            pp.sysmonNativeCpu = -1;
            return false;
        }
        if (now - pp.sysmonGSince < NATIVE_AFTER_NS || !worthHandoff(pp)) {
            return false;
        }
        long backoff = pp.sysmonNativeBackoff == 0 ? NATIVE_RECHECK_NS : pp.sysmonNativeBackoff;
        if (pp.sysmonNativeCpu < 0) { // first sample
            if (now - pp.sysmonNativeCheck < backoff) {
                return false;
            }
            pp.sysmonNativeCheck = now;
            pp.sysmonNativeCpu = probe.firstSample(mp);
            if (pp.sysmonNativeCpu < 0) { // running, not blocked: look less often
                pp.sysmonNativeBackoff = Math.min(2 * backoff, NATIVE_RECHECK_MAX_NS);
            }
            return false;
        }
        long cpuAtFirst = pp.sysmonNativeCpu;
        long since = now - pp.sysmonNativeCheck;
        if (since < NATIVE_CONFIRM_NS) {
            return false;
        }
        pp.sysmonNativeCpu = -1;
        if (!probe.stillBlocked(mp, cpuAtFirst, since)) {
            pp.sysmonNativeBackoff = Math.min(2 * backoff, NATIVE_RECHECK_MAX_NS);
            return false;
        }
        pp.sysmonNativeBackoff = 0;
        if (!pp.casStatus(P._Prunning, P._Pretake)) {
            return false;
        }
        if (mp.inSched() || pp.m != mp) {
            pp.casStatus(P._Pretake, P._Prunning); // the M is back in scheduler code: leave it
            return false;
        }
        if (!sched.syscalls.retake(pp, true)) {
            return false;
        }
        pless.add(new PlessRun(mp, gp, gp.runs, now));
        return true;
    }

    /**
     * Not in Go: a G whose P was handed off while it sat in native code runs on without a P once
     * the native call returns, and a G that computes would never come back to the scheduler
     * (Go's exitsyscall has no JVM counterpart for native code the JDK does not mark). Sysmon
     * keeps such runs here and asks the G to yield after a time slice, so that its M goes through
     * checkP / reacquirep and GOMAXPROCS holds again. A request left unserved for
     * PREEMPT_WITHDRAW_NS (the G is still in native code) is taken back as in retake, and the
     * next one waits twice as long, up to 16 slices. NativeProbe can also take a busy carrier
     * that the OS kept off the CPU for a blocked one; this bounds the damage to one time slice.
     */
    private static final class PlessRun {
        final M m;
        /**
         * The run by goid, not by G: sysmon may sleep with the list untouched (every P idle), and
         * a reference would keep the G's finished virtual thread reachable until it wakes.
         */
        final long goid;
        final int runs;
        long since; // when the current wait began
        long asked; // when the outstanding request was raised, 0 if none
        int withdrawn; // requests taken back unserved: the G is still in native code

        PlessRun(M m, G g, int runs, long now) {
            this.m = m;
            this.goid = g.goid;
            this.runs = runs;
            this.since = now;
        }

        /** The G of this run while it lasts, else null. */
        G g() {
            G g = m.curg;
            return g != null && g.goid == goid && g.runs == runs ? g : null;
        }

        /** A slice, doubling with each unserved request up to 16 slices: a long native call costs little. */
        long patience(long slice) {
            return slice << Math.min(withdrawn, 4);
        }

        long next(long slice) {
            return asked != 0 ? asked + PREEMPT_WITHDRAW_NS : since + patience(slice);
        }
    }

    /** P-less runs after native hand-offs; sysmon's thread only. */
    private final List<PlessRun> pless = new ArrayList<>();

    /**
     * retake's part for P-less runs. It only raises and withdraws requests, which, as in retake,
     * do not count as work done: nextRetake wakes sysmon when the next one is due.
     */
    private void retakePless(long now) {
        if (pless.isEmpty()) {
            return;
        }
        long slice = sched.config.timeSliceNanos();
        for (Iterator<PlessRun> it = pless.iterator(); it.hasNext(); ) {
            PlessRun r = it.next();
            G g = r.g();
            if (g == null) {
                it.remove();
            } else if (r.asked != 0 && r.asked + PREEMPT_WITHDRAW_NS <= now) {
                withdraw(g);
                r.asked = 0;
                r.since = now;
                r.withdrawn++;
            } else if (r.asked == 0 && r.since + r.patience(slice) <= now && preempt(r.m, g)) {
                r.asked = now;
            }
        }
    }

    /**
     * How long a preemption request may stay unserved before sysmon takes it back. A G running
     * application code meets an injected check within microseconds; one that has not after this
     * long is in code without checks (JDK methods, native code). While any request is pending,
     * every check in every thread takes the slow path to see whether the request is its own, so
     * an unservable request is withdrawn and asked again 1, 2, 4 ... ms later, then once a time
     * slice: in the long run at most about this fraction of each slice is spent on slow paths,
     * at the price of noticing the G's return to application code up to one slice late. The
     * quick second request is for a busy carrier that a loaded machine's OS kept off the CPU for
     * a millisecond. (Go, whose checks cost nothing when they fail, leaves gp.preempt set until
     * served.)
     */
    static final long PREEMPT_WITHDRAW_NS = 1_000_000;

    /** When sysmon last raised a preemption request, and how many in a row came in step. */
    private long lastPreempt;
    private int inStep;

    /**
     * Not in Go: how much shorter than a time slice the next slice of a P whose G was just asked
     * to yield is to be. Ps whose slices began together end them together, so a G made runnable
     * meanwhile (a timer, an unpark from outside) waits for the next end of any slice: up to a
     * whole slice when every P is in step, slice / n when the n busy Ps' slices are spread
     * evenly. Requests raised within slice / 2n of each other are in step; the k-th of such a run
     * gets a next slice shorter by k * slice / n, which spreads them again. A hog loses part of
     * one slice each time Ps fall into step; Ps that are spread already are left alone.
     */
    private long stagger(long now, long slice) {
        int busy = Math.max(1, sched.gomaxprocs - sched.npidle.get());
        inStep = now - lastPreempt < slice / (2L * busy) ? inStep + 1 : 0;
        lastPreempt = now;
        return slice * (inStep % busy) / busy;
    }

    /** Takes back the request of the G on pp that no check has served (see PREEMPT_WITHDRAW_NS). */
    private void withdraw(P pp) {
        pp.sysmonPreemptwhen = 0;
        M mp = pp.m;
        withdraw(mp != null ? mp.curg : null);
    }

    void withdraw(G gp) {
        if (gp != null && gp.clearPreempt()) {
            gp.unservedRequests++; // sysmon's thread is the only writer (see G.heldSince)
            Preempt.lowered();
            sched.stats.preemptWithdrawals.increment();
        }
    }

    /**
     * preemptone: ask the G running on pp to stop. The request is the G's own flag, so it cannot
     * land on whichever G runs next. If the G stopped while the flag was being raised, the flag is
     * taken back here (its M clears curg before it clears the flag, so one of the two sees the
     * other).
     */
    private boolean preemptone(P pp) {
        M mp = pp.m;
        return mp != null && preempt(mp, mp.curg);
    }

    /** Asks gp, which mp runs, to stop because its slice ran out (see preemptone). */
    private boolean preempt(M mp, G gp) {
        return preempt(mp, gp, G.PREEMPT_SLICE);
    }

    /**
     * Asks gp, which mp runs, to stop, for {@code reason}. A wake-up request (WakePreempt) does
     * not adopt a request gp has already: that one is retake's, which serves the woken G too.
     */
    boolean preempt(M mp, G gp, int reason) {
        if (gp == null) {
            return false;
        }
        if (gp.raisePreempt(reason)) {
            Preempt.raised();
            if (mp.curg != gp) {
                if (gp.clearPreempt()) {
                    Preempt.lowered();
                }
                return false;
            }
        } else if (mp.curg != gp || reason == G.PREEMPT_WAKEUP) {
            return false;
        } else if (gp.pendingPreempt() == G.PREEMPT_WAKEUP) {
            return true; // WakePreempt's, counted when raised; retake withdraws it like its own from now on
        }
        // Else gp already had a request, one that sysmon lost track of: raised in the window
        // between M.execute clearing a new run's stale flag and its schedtick++, after which
        // retake forgot it as the old run's. Adopted here, so that it is withdrawn like any other
        // instead of keeping Preempt.pending up (every check on the slow path) until gp stops.
        sched.stats.preemptRequests.increment();
        return true;
    }
}
