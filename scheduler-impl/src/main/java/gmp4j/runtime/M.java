/*
 * M: a machine, Go's runtime2.go `m`: a carrier platform thread (named gmp4j-m-N) that holds a P
 * and runs Gs on it. This file holds the code that runs on an M, as in proc.go: mstart,
 * schedule, findRunnable, stealWork, execute (running one G), stopm, becomeSpinning,
 * resetspinning, acquirep / releasep.
 *
 * The M loop: acquire the P handed over by startm (nextp), then forever find a runnable G
 * (findRunnable may steal, and may give the P back and park the M in stopm), and run it. A G runs
 * until its continuation returns (the virtual thread parked, blocked, waited, yielded or ended);
 * the JDK may already have handed it back to the scheduler from inside that return (see G).
 *
 * Fields: `p`, `curg` and `spinning` are written by this M only, except that startm writes
 * `spinning` and `nextp` of a parked M before waking it (the Note's volatile key orders that);
 * other threads (sysmon, snapshots, Preempt) only read them, hence volatile.
 */
package gmp4j.runtime;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/*
 * M is a BooleanSupplier (a java.base interface) for one question only, asked by the agent's
 * bridge (java.lang.Gmp4jBridge.preemptSlowPath) of the carrier it runs on: "was the G you run
 * asked to yield?". The count the injected checks poll is global, so while one G's request is
 * outstanding every check of every other G lands in the slow path; this lets those return after
 * two loads instead of calling into the scheduler (see getAsBoolean).
 */
final class M extends Thread implements BooleanSupplier {
    final Sched sched;
    final long id;

    volatile P p;
    volatile P nextp;
    volatile G curg;

    /**
     * Whether the G this M runs has an outstanding preemption request. Asked from that G's own
     * code (through the bridge), so curg, written by this M's thread before it ran the G, is that
     * G. The request flag is set by sysmon before it raises the global count (Preempt.raised)
     * and the bridge's volatile copy of that count is written after both, so a check that saw
     * the copy non-zero because of this G's request also sees the flag.
     */
    @Override
    public boolean getAsBoolean() {
        G gp = curg;
        return gp != null && gp.preemptRequested();
    }
    volatile boolean spinning;
    /** The P this M held when its G entered a syscall (Go: m.oldp). */
    volatile P oldp;
    /**
     * False exactly while this M runs its G's code, apart from the G's own calls into the
     * scheduler (ready, entersyscall). Sysmon takes a P away from an M stuck in native code only
     * while this is false, and the M re-checks its P after setting it (see checkP): a Dekker
     * pair of volatile write-then-read on each side, so they cannot both miss each other.
     */
    @SuppressWarnings("unused") private volatile boolean inSched = true;
    private static final java.lang.invoke.VarHandle IN_SCHED;

    static {
        try {
            IN_SCHED = java.lang.invoke.MethodHandles.lookup().findVarHandle(M.class, "inSched", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    boolean inSched() {
        return inSched;
    }

    /**
     * Enters scheduler code: a volatile store, whose StoreLoad fence orders it before the
     * following read of the P's status (the M's half of the Dekker pair). Returns whether the M
     * was in scheduler code already (then leaveSched must not be called).
     */
    boolean enterSched() {
        if (inSched) {
            return true;
        }
        inSched = true;
        return false;
    }

    /**
     * Leaves scheduler code: a release store is enough (the owner operations before it stay
     * before it); if sysmon still reads the old true, it only backs off and looks again later.
     */
    void leaveSched() {
        IN_SCHED.setRelease(this, false);
    }

    /** Idle-list link, guarded by Sched.lock. */
    M schedlink;
    /** Go's m.park note. */
    final Note park = new Note();
    /** Set (under Sched.lock) when the scheduler shuts down and this M should exit. */
    volatile boolean exiting;
    /** Set by findRunnable: the G it returned came from runnext and inherits the time slice. */
    private boolean inheritTime;

    M(Sched sched, long id, P nextp, boolean spinning) {
        super(null, null, "gmp4j-m-" + id, 0, false);
        this.sched = sched;
        this.id = id;
        this.nextp = nextp;
        this.spinning = spinning;
        setDaemon(true);
    }

    /**
     * mstart: wire the P startm gave us, then schedule forever. Anything thrown out of the loop
     * broke this carrier (the JDK's runContinuation handles a virtual thread's own exceptions; an
     * OutOfMemoryError can also strike in the scheduler's own code): hand the P to another M, stop
     * counting this one as spinning, and let it die. Without that a dead M kept its P, and wakep
     * saw a spinning M that would never look, so queued Gs were stranded for good.
     */
    @Override
    public void run() {
        try {
            acquirep(nextp);
            nextp = null;
            schedule();
        } catch (Throwable t) {
            enterSched();
            curg = null;
            if (spinning) {
                spinning = false;
                sched.nmspinning.decrementAndGet();
            }
            P held = checkP();
            if (held != null) {
                releasep();
                sched.handoffp(held);
            }
            throw t;
        } finally {
            sched.mexit(this);
        }
    }

    /** schedule: the scheduler loop. Never returns until exit. */
    private void schedule() {
        while (scheduleOne()) {
            // Each round is a call of its own, so that no frame of this M keeps the G it ran last
            // reachable while the M waits for the next one: an interpreted frame can keep what a
            // dead local refers to, as the collector does not know the local is dead (Go's dropg
            // clears m.curg for the same reason: a finished G must not pin what it held).
        }
    }

    /** One round of the scheduler: find a runnable G and execute it. False when the M must exit. */
    private boolean scheduleOne() {
        if (p == null && !reacquirep()) {
            return false; // exiting
        }
        G gp = findRunnable(); // parks this M while there is nothing to run
        if (gp == null) {
            return false; // exiting
        }
        // The M is about to run a G, so it stops spinning; resetspinning may start another
        // spinning M for whatever work is left.
        if (spinning) {
            resetspinning();
        }
        execute(gp, inheritTime);
        return true;
    }

    /**
     * execute: run gp on this M. A G taken from runnext (inheritTime) runs on in the slice of
     * the G that readied it; any other starts a slice of its own (schedtick++).
     */
    private void execute(G gp, boolean inheritTime) {
        P pp = p;
        curg = gp;
        long running = G.word(id, G._Grunning);
        if (gp.status() != G._Grunnable) {
            // A G is queued at most once (ready's CAS to _Grunnable is the gate), so this means a
            // G was started twice. Counted rather than thrown: tests assert the count is zero.
            sched.stats.badStarts.increment();
        }
        gp.setWordRelease(running); // _Grunnable -> _Grunning: only the M that dequeued gp does this
        gp.runs++;
        Tracer.start(gp, this, pp);
        // A request raised for an earlier run of gp is stale now (Go: gp.preempt = false).
        if (gp.clearPreempt()) {
            Preempt.lowered();
        }
        if (!inheritTime) {
            pp.incSchedtick(gp.wasPreempted ? System.nanoTime() : 0);
        }
        pp.countGStart();
        leaveSched();
        gp.run(); // what it throws ends this M: see run()
        enterSched();
        Tracer.ran(gp);
        Tracer.ranHeld(gp);
        checkP(); // sysmon may have taken the P while gp sat in native code
        curg = null;
        // Record why gp stopped, unless it was handed back to the scheduler meanwhile (then its
        // word is no longer ours: see G).
        boolean dead = gp.vthread == null
                || JdkAccess.stopReason(gp.vthread) == JdkAccess.StopReason.TERMINATED;
        long stopped = G.word(0, dead ? G._Gdead : G._Gwaiting);
        // Read before CAS: a G that handed itself back (yield) no longer has our word, and a
        // failing CAS costs as much as a succeeding one.
        long w = gp.word();
        if ((w == running || w == G.word(id, G._Gsyscall)) && gp.casWord(w, stopped)) {
            if (gp.clearPreempt()) {
                Preempt.lowered();
            }
            if (dead) {
                Tracer.end(gp, this);
                sched.allgs.destroy(gp);
            }
        }
    }

    /**
     * The P this M may use as its owner now, or null if sysmon handed it off while this M's G
     * was in native code. Call with inSched set. A P that sysmon has only just marked
     * _Pretake (it backs off when it sees inSched) is taken back by CAS; one that has gone on
     * to _Pidle, or to another M, is gone.
     */
    P checkP() {
        P pp = p;
        if (pp == null) {
            return null;
        }
        int s = pp.status();
        if (s == P._Prunning && pp.m == this) {
            return pp;
        }
        if (s == P._Pretake && pp.m == this && pp.casStatus(P._Pretake, P._Prunning)) {
            return pp;
        }
        p = null;
        return null;
    }

    /**
     * exitsyscall0 for an M that came back from its G without a P (the G parked inside a syscall
     * window, or sysmon handed the P off while the G was in native code): take back the old P if
     * it is still free, else an idle P, else park until startm hands one over. Returns false if
     * the M must exit.
     */
    private boolean reacquirep() {
        return exitsyscallfast() || stopm();
    }

    /**
     * exitsyscallfast: take back oldp if sysmon has not handed it off (it is still _Psyscall),
     * else any idle P. Returns whether this M now holds a P.
     */
    boolean exitsyscallfast() {
        P o = oldp;
        if (o != null) {
            oldp = null;
            if (o.casStatus(P._Psyscall, P._Pidle)) {
                acquirep(o);
                return true;
            }
        }
        Sched s = sched;
        s.lock.lock();
        try {
            P pp = s.pidleget();
            if (pp != null) {
                acquirep(pp);
                return true;
            }
        } finally {
            s.lock.unlock();
        }
        return false;
    }

    /**
     * findRunnable: the next G for this M. It looks in the local run queue, the global queue,
     * then other Ps' queues (stealing); when all are empty it gives the P back, looks once more
     * after it has stopped spinning (the spinning-to-idle step below) and parks the M. Returns
     * null only when the M must exit (shutdown).
     */
    private G findRunnable() {
        final Sched s = sched;
        top:
        for (;;) {
            P pp = p;
            inheritTime = false;
            if (pp.id >= s.gomaxprocs && s.retireP(this, pp)) {
                // procresize shrank GOMAXPROCS below this P: it is gone, park until needed.
                if (!stopm()) {
                    return null;
                }
                continue;
            }

            // checkTimers: run this P's due timers; the Gs they ready land in its runnext.
            if (pp.timers.next() != Long.MAX_VALUE) {
                pp.timers.runDue(System.nanoTime());
            }

            // Fairness (Go's schedtick % 61): on every 61st slice look at the global queue
            // before the local one. A pair of Gs that keep readying each other would otherwise
            // never leave this P's local queue free, and the global queue would starve.
            if (pp.schedtick() % 61 == 0 && s.runqsize() > 0) {
                G gp = s.globrunqget(pp, 1);
                if (gp != null) {
                    return gp;
                }
            }

            // This P's own queue (runnext first).
            G gp = pp.runq.get();
            if (gp != null) {
                inheritTime = pp.runq.lastGetWasRunnext;
                return gp;
            }

            // Then the global queue.
            if (s.runqsize() != 0) {
                gp = s.globrunqget(pp, 0);
                if (gp != null) {
                    return gp;
                }
            }

            // Then steal from other Ps, as a spinning M. Go lets at most half as many Ms spin
            // as there are busy Ps: with many Ps but few runnable Gs, more spinners would only
            // burn CPU looking for work that is not there.
            if (spinning || s.mayStartSpinning()) {
                if (!spinning) {
                    becomeSpinning();
                }
                gp = stealWork(pp);
                if (gp != null) {
                    return gp;
                }
            }

            // Nothing found: give the P back and park this M.
            s.lock.lock();
            try {
                if (s.runqsize() != 0) {
                    return s.globrunqgetLocked(pp, 0);
                }
                if (!spinning && s.needspinning == 1) {
                    // wakep found no idle P and asked for a spinner: keep the P and be it
                    // (see the spinning-to-idle step below).
                    becomeSpinning();
                    continue top;
                }
                releasep();
                s.pidleput(pp);
            } finally {
                s.lock.unlock();
            }

            // From spinning to idle (the step Go calls its "delicate dance"). Work may be
            // submitted while this M gives up, and a submitter wakes an M only when it sees
            // no spinner. So the order is: leave the spinner count first, look at every queue
            // after that. The decrement is atomic and the reads below are volatile, so the two
            // are totally ordered (the StoreLoad fence Go needs here). The global queue is read
            // under the lock, and a submitter queues under the lock before it reads the
            // count: either its unlock precedes our lock and we find its G, or our decrement
            // precedes its read and it wakes an M itself. Reading the queues first and
            // decrementing after would let a G queued in between go unnoticed by both sides.
            // An M that does find work here spins again, so that resetspinning passes any
            // further work on to another M.
            if (spinning) {
                spinning = false;
                if (s.nmspinning.decrementAndGet() < 0) {
                    throw new IllegalStateException("findrunnable: negative nmspinning");
                }
                // Look at the global queue and every P's queue once more.
                s.lock.lock();
                try {
                    if (s.runqsize() != 0) {
                        P pp2 = s.pidlegetSpinning();
                        if (pp2 != null) {
                            acquirep(pp2);
                            becomeSpinning();
                            return s.globrunqgetLocked(pp2, 0);
                        }
                    }
                } finally {
                    s.lock.unlock();
                }
                P pp2 = s.checkRunqsNoP();
                if (pp2 != null) {
                    acquirep(pp2);
                    becomeSpinning();
                    continue;
                }
            }
            if (!stopm()) {
                return null;
            }
        }
    }

    /**
     * stealWork: 4 rounds over all Ps in a random order with a coprime stride; steal half of a
     * victim's run queue; take a victim's runnext only in the last round.
     */
    private G stealWork(P pp) {
        final int stealTries = 4;
        Sched.Allp all = sched.allp;
        P[] ps = all.ps();
        RandomOrder order = all.order();
        for (int i = 0; i < stealTries; i++) {
            boolean stealRunNextG = i == stealTries - 1;
            int r = ThreadLocalRandom.current().nextInt();
            int pos = order.start(r);
            int inc = order.stride(r);
            for (int k = 0; k < order.count; k++, pos = (pos + inc) % order.count) {
                P p2 = ps[pos];
                if (p2 == pp) {
                    continue;
                }
                // Steal timers from p2. Running them readies Gs into our own P's runnext.
                if (stealRunNextG && p2.timers.next() != Long.MAX_VALUE
                        && p2.timers.runDue(System.nanoTime()) > 0) {
                    G gp = pp.runq.get();
                    if (gp != null) {
                        inheritTime = pp.runq.lastGetWasRunnext;
                        return gp;
                    }
                }
                // An idle P has nothing to steal (Go skips it through idlepMask).
                int st = p2.status();
                if (st == P._Pidle || st == P._Pdead) {
                    continue;
                }
                G gp = pp.runq.steal(p2.runq, stealRunNextG, p2);
                if (gp != null) {
                    try {
                        sched.stats.steals.increment();
                        sched.stats.stolenGs.add(pp.runq.size() + 1L);
                        Tracer.steal(pp, p2, pp.runq.size() + 1L, this);
                    } catch (OutOfMemoryError e) {
                        // counting and tracing allocate (LongAdder cells, events): lose them, not the G
                    }
                    return gp;
                }
            }
        }
        return null;
    }

    /**
     * stopm: put this M on the idle list and park until startm hands it a P. Returns false if the
     * M must exit instead (shutdown).
     */
    boolean stopm() {
        if (p != null) {
            throw new IllegalStateException("stopm holding p");
        }
        if (spinning) {
            throw new IllegalStateException("stopm spinning");
        }
        Sched s = sched;
        // Counted before mput: the count may allocate, and an M that died of OutOfMemoryError
        // while on the idle list would be handed a P by startm and never run it.
        s.stats.parks.increment();
        s.lock.lock();
        try {
            if (s.stopping) {
                exiting = true;
                return false;
            }
            s.mput(this);
        } finally {
            s.lock.unlock();
        }
        park.sleep();
        park.clear();
        if (exiting) {
            return false;
        }
        acquirep(nextp);
        nextp = null;
        return true;
    }

    void becomeSpinning() {
        spinning = true;
        sched.nmspinning.incrementAndGet();
        sched.needspinning = 0;
        sched.stats.spins.increment();
    }

    /**
     * resetspinning: this M found work and stops spinning. Since wakep starts a spinning M only
     * while none spins, the M that stops being the spinner calls wakep, so that whatever work
     * remains gets a spinner of its own.
     */
    private void resetspinning() {
        spinning = false;
        if (sched.nmspinning.decrementAndGet() < 0) {
            throw new IllegalStateException("resetspinning: negative nmspinning");
        }
        sched.wakep();
    }

    /** acquirep / wirep: this M takes pp as its P. */
    void acquirep(P pp) {
        if (pp.m != null || pp.status() != P._Pidle) {
            throw new IllegalStateException("acquirep: invalid p state " + pp + " m=" + pp.m + " status=" + pp.status());
        }
        p = pp;
        pp.m = this;
        pp.setStatus(P._Prunning);
        Tracer.procStart(pp, this);
    }

    /** releasep: this M gives up its P, which goes idle. */
    P releasep() {
        P pp = p;
        if (pp == null || pp.m != this) {
            throw new IllegalStateException("releasep: invalid p state");
        }
        pp.m = null;
        p = null;
        pp.setStatus(P._Pidle);
        Tracer.procStop(pp, this);
        return pp;
    }
}
