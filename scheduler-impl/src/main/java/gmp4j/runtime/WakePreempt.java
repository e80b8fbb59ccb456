/*
 * WakePreempt: wake-up preemption. Not in Go: Go lets a goroutine made runnable while every P
 * runs wait for the next scheduling point of any P, which a CPU-bound goroutine only reaches
 * when its time slice runs out (sysmon's preemptone, 10 ms). Linux's scheduler does better on a
 * wake-up: a woken task that has waited preempts the current one if that one has had at least a
 * small granule of CPU. This class does the same for Gs, with sysmon's preemption request (the
 * injected checks serve it; GoPreempt reason "wakeup").
 *
 * The rule: a woken G waits, no P is idle and no M is spinning (wakep could not help), and
 * every P runs a slice that has lasted at least `granule` (SchedConfig.wakePreemptNanos, 1 ms by
 * default; 0 turns this off): ask the G of the P whose slice is oldest to yield now. Its M then
 * looks at its timers, its local queue and the global queue as at any slice end. A slice here is
 * Go's: what runs under one schedtick, runnext inheritors included (a ping-pong pair holds its
 * P as one slice and never looks at the global queue before the slice ends).
 *
 * Which Gs count as woken, and where they wait:
 *  - made runnable from outside every P (a platform thread's unpark, a new virtual thread
 *    started from a platform thread, the JDK's I/O poller thread, a timer sysmon runs, an M
 *    without a P back from a syscall): they wait on the global queue, and one of them at a time
 *    is tracked here (`waiter`). A G's own yield or preemption never counts: hogs that queue
 *    behind each other are not woken, so a pure-CPU workload gets no extra preemptions;
 *  - readied by a running G into its P's runnext (Sched.readyOnP) while that G keeps running:
 *    no other P can take it except by stealing, so the P it waits on is preempted, whatever
 *    the other Ps run (every P need not be long here);
 *  - due on a running P's timer heap: sysmon runs such a timer itself as soon as the P's slice
 *    is long (else it waits, as before, for the P's M for up to TIMER_SLACK_NS), which readies
 *    the G from outside every P: the first case.
 *
 * Cost bounds:
 *  - On the wake-up path, only when no P is idle and no M spins: one volatile read of the
 *    tracked waiter, a CAS when it is free, and a poke of sysmon only if it might otherwise
 *    sleep past the next moment it could act. readyOnP reads one volatile field of its P and
 *    compares it with its own schedtick; it pokes sysmon only when sysmon marked that slice long.
 *  - At most one wake-up request is outstanding: sysmon asks again only once it was served, or
 *    withdrawn unserved after WITHDRAW_NS (250 us). A G that did not yield (pinned, in code
 *    without checks, or its carrier kept off the CPU by the OS) is asked again in the same slice
 *    only after 1, 2, 4 ... ms, as retake does, so that a G that cannot yield costs few
 *    requests while one whose carrier was merely descheduled is asked again soon.
 *  - Sysmon works out which slices are long, so while every P is busy it wakes when the next
 *    slice that looks CPU-bound (its G was preempted before, or it outlived a gap between two
 *    rounds) reaches the granule, or any slice does while a woken G waits: about one extra
 *    sysmon round per hog's slice (it used to sleep until the slice ends), none for a server's
 *    short slices. Without waiting woken Gs there is no request.
 */
package gmp4j.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

final class WakePreempt {
    private static final VarHandle WAITER;

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(WakePreempt.class, "waiter", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Sched sched;
    /** How long every P's slice must have run before a wake-up preempts one; 0: off. */
    final long granule;
    /** The woken G from outside every P this class tracks, or null (see woken). */
    @SuppressWarnings("unused") private volatile G waiter;
    /**
     * Whether every P ran a long slice at sysmon's last look (published for woken: then a new
     * waiter is worth waking sysmon for at once).
     */
    private volatile boolean allLong;

    // Sysmon's thread only: the outstanding request, and a P whose G did not yield at the last
    // one: not to be asked again in the same slice before skipUntil.
    private P reqP;
    private G reqG;
    private int reqRuns;
    private long reqAt;
    private P skipP;
    private int skipTick;
    private long skipUntil;
    private int skips;
    /** When sysmon should look again (System.nanoTime), Long.MAX_VALUE if nothing is due. */
    long nextCheck = Long.MAX_VALUE;
    /** When the previous round ran (System.nanoTime). */
    private long lastRound;

    /**
     * How long a wake-up request may stay unserved before sysmon takes it back: a quarter of
     * retake's PREEMPT_WITHDRAW_NS. A G in application code meets a check within microseconds;
     * while any request is pending every check in every thread takes the slow path, and a G in
     * code without checks would otherwise have a wake-up request pending for a large part of each
     * slice on top of retake's (re-asked after 1, 2, 4 ... ms, see settled).
     */
    static final long WITHDRAW_NS = Sysmon.PREEMPT_WITHDRAW_NS / 4;

    WakePreempt(Sched sched, long granule) {
        this.sched = sched;
        this.granule = granule;
    }

    private static long earlier(long a, long b) {
        return a == Long.MAX_VALUE || b - a < 0 ? b : a;
    }

    /** schedtick as stored in P.wakeLongTick (-1 can never be a tick). */
    private static long tickKey(int tick) {
        return tick & 0xffff_ffffL;
    }

    // ---------------------------------------------------------------------------------------
    // The wake-up paths

    /**
     * Sched.ready from outside every P: gp has just been queued (on the global queue) and wakep
     * had its chance. Called only for wake-ups, not for a G's own yield.
     *
     * Ordering: gp was queued under Sched.lock before this runs, and its _Grunnable CAS came
     * before that; the waiter CAS is volatile. Sysmon reads the waiter, then its status, both
     * volatile, so it sees gp runnable or already started (then it just lets the slot go). The
     * decision not to poke sysmon is safe: this thread's waiter CAS comes before its read of
     * Sysmon.wakeAt in the total order of volatile accesses, and sysmon resets wakeAt only after
     * its sleep and before its next round reads the waiter. So a wakeAt read here that is not
     * Long.MAX_VALUE names a sleep after which the round sees gp; Long.MAX_VALUE gets a poke,
     * whose note stays set if sysmon is not asleep yet.
     */
    void woken(G gp) {
        Sched s = sched;
        if (granule == 0 || s.npidle.get() != 0 || s.nmspinning.get() != 0) {
            return; // off, or wakep found a P or a spinning M that will look for gp
        }
        G w = waiter;
        if (w != gp) {
            if (w != null && w.status() == G._Grunnable) {
                return; // one tracked waiter at a time; sysmon is on it
            }
            if (!WAITER.compareAndSet(this, w, gp)) {
                return; // another waker took the slot
            }
        }
        Sysmon sm = s.sysmon;
        if (Thread.currentThread() == sm) {
            return; // a timer sysmon runs: its round looks at the waiter right after the timers
        }
        if (allLong || sm.sleepsLongerThan(granule)) {
            sm.poke();
        }
    }

    /**
     * Sched.readyOnP: the G running on pp readied a G into pp's runnext and runs on. If sysmon
     * found this slice long, the readied G would wait for its end: poke sysmon. The read of
     * wakeLongTick is volatile; a stale -1 only leaves the case to sysmon's next round.
     */
    void readiedBehind(P pp) {
        if (pp.wakeLongTick == tickKey(pp.schedtick())) {
            sched.sysmon.poke();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Sysmon's side

    /**
     * Whether a due timer of running P pp should be run by sysmon now rather than left to the
     * P's M: the P's slice is long, so its M will not come by soon. Call after retake has seen
     * the P this round.
     */
    boolean runTimerNow(P pp, long now) {
        return granule != 0 && pp.sysmonSchedtick == pp.schedtick() && now - pp.sysmonSliceSince >= granule;
    }

    /**
     * When sysmon should run a due timer (due at {@code when}) of running P pp: when the P's
     * slice, as sysmon last saw it, becomes long, but never later than {@code slack} after it is
     * due (the M's chance to run it itself) nor before it is due.
     */
    long timerRunAt(P pp, long when, long slack) {
        if (granule == 0) {
            return when + slack;
        }
        long longAt = pp.sysmonSliceSince + granule;
        return longAt - when < 0 ? when : longAt - (when + slack) < 0 ? longAt : when + slack;
    }

    /**
     * Sysmon's round, after retake (which refreshed its view of each running P's slice) and the
     * timers: take stock of the outstanding request, mark long slices, and raise a request if a
     * woken G waits. Sets nextCheck. Returns 1 if it raised a request.
     */
    int round(Sysmon sm, long now) {
        nextCheck = Long.MAX_VALUE;
        if (granule == 0) {
            return 0;
        }
        Sched s = sched;
        if (reqG != null && !settled(sm, now)) {
            nextCheck = reqAt + WITHDRAW_NS;
            return 0;
        }
        boolean busy = s.npidle.get() == 0 && s.nmspinning.get() == 0;
        boolean every = busy;
        P oldest = null;
        P behind = null; // the P with the oldest long slice that holds a readied G in runnext
        long next = Long.MAX_VALUE; // when the next slice becomes long
        long nextHog = Long.MAX_VALUE; // the same, among slices that look CPU-bound
        long prev = lastRound;
        lastRound = now;
        int n = s.gomaxprocs;
        for (P pp : s.allps()) {
            M mp = pp.m;
            G cur = mp != null ? mp.curg : null;
            int tick = pp.schedtick();
            if (pp.id >= n || pp.status() != P._Prunning || cur == null || tick != pp.sysmonSchedtick) {
                every = false; // idle, in a syscall, between Gs, or a slice retake has not timed yet
                continue;
            }
            long since = pp.sysmonSliceSince;
            if (now - since < granule) {
                every = false;
                next = earlier(next, since + granule);
                // CPU-bound-looking: its G was preempted before (its slice start is noted), or the
                // slice has outlived a whole gap between two rounds.
                if (pp.sliceStart() != 0 || since - prev <= 0) {
                    nextHog = earlier(nextHog, since + granule);
                }
                continue;
            }
            long key = tickKey(tick);
            if (pp.wakeLongTick != key) {
                pp.wakeLongTick = key;
            }
            if (pp == skipP && tick == skipTick && now - skipUntil < 0) {
                // its G did not yield at the last request: long, but no victim for now
                next = earlier(next, skipUntil);
                nextHog = earlier(nextHog, skipUntil);
                continue;
            }
            if (oldest == null || since - oldest.sysmonSliceSince < 0) {
                oldest = pp;
            }
            if (pp.runq.hasRunnext() && (behind == null || since - behind.sysmonSliceSince < 0)) {
                behind = pp;
            }
        }
        if (allLong != every) {
            allLong = every;
        }
        G w = waiter;
        boolean waiting = w != null && w.status() == G._Grunnable;
        if (w != null && !waiting) {
            WAITER.compareAndSet(this, w, null); // started (or parked again) meanwhile: let the slot go
        }
        if (busy) {
            // Look again when the next slice becomes long: any slice while a woken G waits;
            // else only CPU-bound-looking ones, to mark them for readiedBehind. A server's short
            // slices, which never become long, then cost no extra sysmon rounds.
            nextCheck = waiting ? next : nextHog;
        }
        P victim = !busy ? null : behind != null ? behind : waiting && every ? oldest : null;
        if (victim == null) {
            return 0;
        }
        M mp = victim.m;
        G gp = mp != null ? mp.curg : null;
        if (gp == null || !sm.preempt(mp, gp, G.PREEMPT_WAKEUP)) {
            return 0; // between Gs (it will look at the queues itself), or a request is pending already
        }
        reqP = victim;
        reqG = gp;
        reqRuns = gp.runs; // racy read of a plain int: only compared for a change, as PlessRun does
        reqAt = now;
        victim.wakeLongTick = -1; // further readies behind it need not poke sysmon again
        s.stats.wakePreemptRequests.increment();
        nextCheck = now + WITHDRAW_NS;
        return 1;
    }

    /**
     * Whether the outstanding request is over: served (its G stopped or runs anew), dropped by
     * a check that could not yield (pinned) or by retake's withdrawal, or unserved for
     * WITHDRAW_NS and withdrawn here. A G that did not yield is asked again only after a
     * wait that doubles with each such request in the same slice.
     */
    private boolean settled(Sysmon sm, long now) {
        P pp = reqP;
        G gp = reqG;
        M mp = pp.m;
        boolean over = mp == null || mp.curg != gp || gp.runs != reqRuns;
        if (!over) {
            if (gp.preemptRequested() && now - reqAt < WITHDRAW_NS) {
                return false;
            }
            sm.withdraw(gp); // no-op if the flag is down already
            int tick = pp.schedtick();
            skips = pp == skipP && tick == skipTick ? skips + 1 : 0;
            skipP = pp;
            skipTick = tick;
            skipUntil = now + (Sysmon.PREEMPT_WITHDRAW_NS << Math.min(skips, 16));
        }
        reqP = null;
        reqG = null;
        return true;
    }
}
