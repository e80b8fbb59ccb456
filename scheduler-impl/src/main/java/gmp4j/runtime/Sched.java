/*
 * Sched: Go's `schedt` (runtime2.go) and the scheduler functions that work on it (proc.go), as
 * an Executor for virtual-thread continuations.
 *
 * The design follows the overview at the top of Go's proc.go. A G is what gets scheduled (here a
 * virtual thread), an M is an OS thread that runs Gs (here a carrier), and an M needs a P to run
 * a G; there are GOMAXPROCS Ps. Every P queues Gs locally, and one global queue serves all. An M
 * whose P has nothing queued tries the global queue, then takes half of another P's queue. Ms
 * park when there is nothing to do and are woken when there is, trading latency against wasted
 * CPU: an idle M first "spins" (keeps looking) a while, at most one spinner per two busy Ps, and
 * a new M is woken (wakep) only for a newly runnable G, with a P idle and no M spinning. An M
 * that stops spinning drops the spinner count before it looks at the queues a last time, so that
 * no submission is missed (see M.findRunnable).
 *
 * Submission (execute, Go's ready / newproc / Gosched):
 *  - from a virtual thread running on one of our Ms, for another G: into that P's runnext (the
 *    readied G runs next and inherits the remaining time slice), then wakep;
 *  - the G handing itself back from inside its own run because it called Thread.yield: to the
 *    global queue (Gosched / gopreempt_m);
 *  - the G handing itself back because its park was satisfied at once: runnext, like park_m
 *    re-executing it directly;
 *  - from anywhere else (a platform thread, a timer, another pool's carrier): the global queue,
 *    then wakep.
 * execute never blocks beyond the short critical section of the Sched lock and never runs a
 * continuation inline: the JDK calls it while the submitting virtual thread is pinned.
 *
 * Lock: `lock` (Go's sched.lock, a spin-then-sleep Mutex like Go's) guards the global queue, the idle P and M lists, the M count and
 * procresize. It is held only for short, non-blocking sections. Counters other threads poll
 * without the lock (npidle, nmspinning, needspinning, gomaxprocs) are volatile or atomic: the
 * spinning protocol depends on their sequentially consistent ordering. runqsize() is a hint
 * outside the lock (see GQueue).
 *
 * JVM deviations, each explained where it is made: no stop-the-world (procresize lets a P above
 * the new GOMAXPROCS retire at its M's next scheduling point); Ms are started lazily and there is
 * no m0/g0; a submitter outside any M plays the role of the netpoller injecting work; sysmon is
 * woken by startm when it sleeps because every P was idle.
 */
package gmp4j.runtime;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.function.Consumer;

public final class Sched implements Executor, AutoCloseable {

    /** allp with the steal order that matches its length; replaced as a whole by procresize. */
    record Allp(P[] ps, RandomOrder order) {}

    final SchedConfig config;
    final SchedStats stats = new SchedStats();
    final Mutex lock = new Mutex();
    private final Condition terminated = lock.newCondition();
    private final long startNanos = System.nanoTime();

    // Global run queue. Guarded by lock; runqsize() peeks at its length without it.
    private final GQueue runq = new GQueue();

    // Idle Ps. Guarded by lock; npidle is also read without it.
    private P pidle;
    final AtomicInteger npidle = new AtomicInteger();

    // Idle Ms, M count. Guarded by lock.
    private M midle;
    volatile int nmidle;
    volatile int mcount;
    private long mnext;

    /** Spinning Ms (Go: sched.nmspinning). */
    final AtomicInteger nmspinning = new AtomicInteger();
    /** Set when wakep found no idle P; an M about to give up its P becomes spinning instead. */
    volatile int needspinning;

    volatile Allp allp;
    volatile int gomaxprocs;

    volatile boolean stopping;

    final AllGs allgs = new AllGs();

    private final Consumer<G> overflow = this::globrunqputbatch;
    /** Wake-up preemption (not in Go); its sysmon half runs on sysmon's thread. */
    final WakePreempt wakePreempt;
    final Sysmon sysmon;
    /** Unregisters the periodic JFR events (Tracer.addPeriodic). */
    private final Runnable untrace;
    /** entersyscall / exitsyscall, for the agent's Blocker hooks. */
    public final Syscalls syscalls = new Syscalls(this);

    public Sched(SchedConfig config) {
        JdkAccess.ensureAvailable();
        this.config = Objects.requireNonNull(config);
        lock.lock();
        try {
            allp = new Allp(new P[0], new RandomOrder(0));
            resizeLocked(config.gomaxprocs());
        } finally {
            lock.unlock();
        }
        wakePreempt = new WakePreempt(this, config.wakePreemptNanos());
        sysmon = new Sysmon(this);
        sysmon.start();
        untrace = Tracer.addPeriodic(this);
    }

    public Sched() {
        this(SchedConfig.defaults());
    }

    public SchedConfig config() {
        return config;
    }

    /** A virtual-thread builder whose threads run on this scheduler (needs java.lang open). */
    public Thread.Builder.OfVirtual threadBuilder() {
        return JdkAccess.virtualThreadBuilder(this);
    }

    // ---------------------------------------------------------------------------------------
    // Submission

    /**
     * Makes the G of {@code task} runnable. {@code task} is either a G (with the agent, and
     * without it from a virtual thread's second submission on) or the JDK's runContinuation
     * Runnable of a virtual thread (then its G is created: see AllGs), or any other Runnable
     * (then it runs once as a G of its own).
     *
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (stopping) {
            throw new RejectedExecutionException("gmp4j scheduler is shut down");
        }
        ready(allgs.forTask(task));
    }

    /**
     * Creates the G for a virtual thread's runContinuation task. The agent calls this once per
     * virtual thread and hands the G to the JDK in place of the bare task.
     */
    public G newG(Runnable task, Thread vthread) {
        return allgs.newG(task, vthread);
    }

    /** Gs registered for bare runContinuation tasks and not yet seen to terminate (no agent). */
    int liveGs() {
        return allgs.tableSize();
    }

    /** ready / newproc / Gosched: make gp runnable and queue it according to who submits it. */
    void ready(G gp) {
        int was;
        for (;;) {
            long w = gp.word();
            was = (int) w;
            if (was == G._Grunnable) {
                return; // already queued: the JDK tolerates such a spurious resubmission, so do we
            }
            if (was == G._Gdead) {
                throw new IllegalStateException("ready: " + gp + " is dead");
            }
            if (gp.casWord(w, G.word(0, G._Grunnable))) {
                break;
            }
        }

        M mp = currentM();
        Tracer.ready(gp, was, mp);
        if (mp != null) {
            boolean wasInSched = mp.enterSched();
            // gp handing itself back from the tail of its own run (see readyOnP): the M runs only
            // the JDK's non-blocking tail of runContinuation before it is back in M.execute,
            // which would enter scheduler code again at once. Staying in it saves a release store
            // and that StoreLoad fence per yield; sysmon's native-code retake (which skips an M
            // in scheduler code) has nothing to take meanwhile.
            boolean stay = wasInSched || mp.curg == gp;
            try {
                P pp = mp.checkP();
                if (pp != null) {
                    readyOnP(gp, was, mp, pp);
                    return;
                }
            } finally {
                if (!stay) {
                    mp.leaveSched();
                }
            }
        }
        // Outside any of our Ms, or on an M without a P (in a syscall, or its P was handed off).
        // A wake-up unless gp yields at a preemption request (a P-less run sent back to a P).
        boolean wakeup = was != G._Grunning || !gp.preemptYield;
        gp.preemptYield = false;
        globrunqputAndWake(gp);
        if (wakeup) {
            wakePreempt.woken(gp);
        }
    }

    /** ready's queue choice when the submitter runs on mp, which owns pp. */
    private void readyOnP(G gp, int was, M mp, P pp) {
        if (mp.curg == gp) {
            // gp hands itself back from the tail of its own run (the JDK's afterYield runs on
            // the carrier after unmounting the virtual thread, before gp.run() returns).
            if (was == G._Grunning && JdkAccess.stopReason(gp.vthread) == JdkAccess.StopReason.YIELDED) {
                // Thread.yield: Gosched (or gopreempt_m) puts gp on the global queue.
                if (!gp.preemptYield) {
                    pp.countGosched();
                }
                gp.preemptYield = false;
                globrunqputAndWake(gp);
            } else {
                // Its park was satisfied at once: run it next, like park_m's fast path.
                pp.runq.put(gp, true, overflow);
            }
            return;
        }
        // A G readied by the running G: runnext, then maybe wake an M to steal the displaced G.
        pp.runq.put(gp, true, overflow);
        wakep();
        // If the readier has run long and runs on, gp would wait for its slice to end.
        wakePreempt.readiedBehind(pp);
    }

    /**
     * ForkJoinWorkerThread.hasKnownQueuedWork for gmp4j carriers (the agent routes the JDK's
     * method here). LinkedTransferQueue (SynchronousQueue) and Exchanger ask it before they
     * spin-wait for a partner: true means "park at once, this carrier has other work". A hint
     * in any case: the P may change hands meanwhile.
     *
     * Go has no such question (a channel operation parks without spinning) and keeps a G
     * readied by a running one in runnext, so that a communicating pair shares one P. On the
     * JVM a hand-off through a spin costs about a fifth of one through park and unpark with the
     * agent loaded (bench/RESULTS.md), so the answer splits Go's way (not in Go):
     *  - Nothing queued: false, spin.
     *  - Only runnext holds a G (most likely the partner the caller has just readied), and a P is
     *    idle or an M is spinning: the G moves from runnext to the ring, where that M (or one
     *    wakep starts) steals it in its first round; runnext it would take only in the last
     *    round and after runqgrab's ~3 us back-off, about as long as LinkedTransferQueue spins.
     *    The answer is false. The pair then runs on two Ps and hands off by spinning. If no M
     *    comes in time the caller parks and its own P runs the G from the ring.
     *  - Otherwise true: park, and the queued G runs next on this P.
     */
    public boolean hasKnownQueuedWork() {
        M mp = currentM();
        P pp = mp != null ? mp.p : null;
        if (pp == null || pp.runq.isEmpty()) {
            return false;
        }
        if (pp.runq.size() == 0 && npidle.get() + nmspinning.get() > 0) {
            G gp = pp.runq.takeRunnext(); // null: a thief took it, nothing is queued here now
            if (gp != null) {
                stats.spinWaitHandoffs.increment();
                pp.runq.put(gp, false, overflow); // only this P's M puts: the caller is its G
                wakep();
            }
            return false;
        }
        return true;
    }

    /** The M of this scheduler whose carrier runs the caller, or null. */
    M currentM() {
        return JdkAccess.currentCarrierThread() instanceof M m && m.sched == this ? m : null;
    }

    private void globrunqputAndWake(G gp) {
        lock.lock();
        try {
            globrunqput(gp);
        } finally {
            lock.unlock();
        }
        wakep();
    }

    // ---------------------------------------------------------------------------------------
    // Global run queue (Go: globrunqput, globrunqputbatch, globrunqget). Callers hold lock,
    // except globrunqget, which takes it.

    /** Go's sched.runqsize: exact under lock, a hint without it (see GQueue). */
    int runqsize() {
        return runq.size();
    }

    void globrunqput(G gp) {
        runq.pushBack(gp);
    }

    /** runqputslow's batch: a chain linked through schedlink. Takes the lock itself. */
    private void globrunqputbatch(G first) {
        lock.lock();
        try {
            runq.pushBackAll(first);
        } finally {
            lock.unlock();
        }
        stats.runqOverflows.increment();
    }

    G globrunqget(P pp, int max) {
        lock.lock();
        try {
            return globrunqgetLocked(pp, max);
        } finally {
            lock.unlock();
        }
    }

    /**
     * globrunqget: takes a batch off the global queue, returns its first G and puts the rest in
     * pp's local queue. Batch size: min(len/gomaxprocs + 1, len, max (if > 0), half a local queue).
     */
    G globrunqgetLocked(P pp, int max) {
        int size = runq.size();
        if (size == 0) {
            return null;
        }
        int n = size / gomaxprocs + 1;
        if (n > size) {
            n = size;
        }
        if (max > 0 && n > max) {
            n = max;
        }
        if (n > pp.runq.capacity() / 2) {
            n = pp.runq.capacity() / 2;
        }
        G gp = runq.pop();
        for (n--; n > 0; n--) {
            pp.runq.put(runq.pop(), false, overflow);
        }
        return gp;
    }

    // ---------------------------------------------------------------------------------------
    // Idle Ps and Ms (Go: pidleput, pidleget, pidlegetSpinning, mput, mget). Callers hold lock.

    void pidleput(P pp) {
        if (!pp.runq.isEmpty()) {
            throw new IllegalStateException("pidleput: P has non-empty run queue");
        }
        // The caller holds pp, so it may act as the queue's owner: an idle P must not keep the
        // Gs thieves took from it (and their virtual threads) reachable.
        pp.runq.clearTaken();
        pp.link = pidle;
        pidle = pp;
        npidle.incrementAndGet();
    }

    P pidleget() {
        P pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            npidle.decrementAndGet();
        }
        return pp;
    }

    /** pidleget for a would-be spinning M; if there is no idle P, ask a parking M to spin instead. */
    P pidlegetSpinning() {
        P pp = pidleget();
        if (pp == null) {
            needspinning = 1;
        }
        return pp;
    }

    private boolean pidleremove(P target) {
        P prev = null;
        for (P pp = pidle; pp != null; prev = pp, pp = pp.link) {
            if (pp == target) {
                if (prev == null) {
                    pidle = pp.link;
                } else {
                    prev.link = pp.link;
                }
                pp.link = null;
                npidle.decrementAndGet();
                return true;
            }
        }
        return false;
    }

    void mput(M mp) {
        mp.schedlink = midle;
        midle = mp;
        nmidle++;
    }

    private M mget() {
        M mp = midle;
        if (mp != null) {
            midle = mp.schedlink;
            mp.schedlink = null;
            nmidle--;
        }
        return mp;
    }

    // ---------------------------------------------------------------------------------------
    // Waking Ms (Go: wakep, startm, newm, handoffp)

    /**
     * wakep: a G just became runnable; put one more P to work for it, but only if a P is idle and
     * no M is spinning already (a spinner would find the G itself).
     */
    void wakep() {
        if (nmspinning.get() != 0) {
            return;
        }
        // Not in Go: with no idle P and needspinning already raised, the locked path below would
        // only raise needspinning again. needspinning is raised under the lock, and an M checks it
        // under the lock in the same critical section in which it gives up its P, so such an M
        // either became spinning or found its P taken; skipping the lock loses no wakeup but
        // saves a lock round-trip per ready while every P is busy.
        if (npidle.get() == 0 && needspinning == 1) {
            return;
        }
        if (!nmspinning.compareAndSet(0, 1)) {
            return;
        }
        P pp;
        lock.lock();
        try {
            pp = pidlegetSpinning();
            if (pp == null) {
                if (nmspinning.decrementAndGet() < 0) {
                    throw new IllegalStateException("wakep: negative nmspinning");
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        startm(pp, true);
    }

    /**
     * startm: schedule some M to run pp (an idle P taken from the list if pp is null). With
     * spinning, the caller has already incremented nmspinning and the new M starts spinning.
     */
    void startm(P pp, boolean spinning) {
        M nmp;
        long newId = 0;
        lock.lock();
        try {
            if (pp == null) {
                if (spinning) {
                    throw new IllegalStateException("startm: P required for spinning=true");
                }
                pp = pidleget();
                if (pp == null) {
                    return;
                }
            }
            sysmon.wakeIfWaiting(); // under lock: see Sysmon
            nmp = mget();
            if (nmp == null) {
                if (mcount >= config.maxMCount()) {
                    threadExhaustion(); // Go's checkmcount: does not return
                }
                mcount++;
                newId = ++mnext;
            } else {
                if (nmp.spinning || nmp.nextp != null) {
                    throw new IllegalStateException("startm: M is spinning or has a P");
                }
                nmp.spinning = spinning;
                nmp.nextp = pp;
            }
        } finally {
            lock.unlock();
        }
        // Counting may allocate (LongAdder cells) and so fail when the heap is full: only once pp
        // is with the woken M, or (newm) inside the try that gives pp back.
        if (nmp != null) {
            nmp.park.wakeup();
            stats.mStarts.increment();
            return;
        }
        newm(newId, pp, spinning);
    }

    /**
     * newm: start a carrier for pp. If the JVM cannot make one (OutOfMemoryError, be it the heap
     * for the Thread object or "unable to create native thread"), pp goes back to the idle list
     * and its local Gs to the global queue, where the next M to look (an M back from a syscall,
     * one woken by the next ready, or sysmon's check for queued work with every P idle) finds
     * them. Go cannot fail here short of dying; the JVM can, and must not lose the P.
     */
    private void newm(long id, P pp, boolean spinning) {
        try {
            stats.mStarts.increment();
            new M(this, id, pp, spinning).start();
        } catch (Throwable t) {
            lock.lock();
            try {
                mcount--;
                pp.runq.drainTo(this::globrunqput);
                pidleput(pp);
                if (spinning) {
                    nmspinning.decrementAndGet();
                }
            } finally {
                lock.unlock();
            }
            try {
                System.err.println("gmp4j: cannot start carrier thread gmp4j-m-" + id + ": " + t);
            } catch (OutOfMemoryError e) {
                // nothing to say it with
            }
        }
    }

    /**
     * checkmcount's failure: a new carrier is needed but maxmcount of them exist, none idle. The
     * Ms without a P are blocked in system or native calls, so the runnable virtual threads might
     * never run. Go prints "runtime: program exceeds N-thread limit" and dies with the fatal error
     * "thread exhaustion" (exit status 2), without running deferred code; so does gmp4j, with
     * Runtime.halt: shutdown hooks could wait for virtual threads that can no longer run. (Before,
     * the P went back to the idle list with its local Gs still queued, which broke pidleput's
     * invariant and killed the calling thread, sysmon included: a silent hang.)
     */
    private void threadExhaustion() {
        System.err.println("gmp4j: fatal error: thread exhaustion: program exceeds " + config.maxMCount()
                + "-thread limit (maxmcount), every carrier is blocked in a system or native call;"
                + " raise maxmcount");
        System.err.flush();
        Runtime.getRuntime().halt(2);
    }

    /**
     * handoffp: hand off pp from an M that cannot run it (a syscall, a dying M). Start an M if
     * there is work or if nobody else is looking for it; otherwise put pp on the idle list.
     */
    void handoffp(P pp) {
        // Work waiting, here or on the global queue: an M runs pp at once.
        if (!pp.runq.isEmpty() || runqsize() != 0) {
            startm(pp, false);
            return;
        }
        // No work, but if no M spins and no P is idle, nobody would notice new work: an M spins with pp.
        if (nmspinning.get() + npidle.get() == 0 && nmspinning.compareAndSet(0, 1)) {
            needspinning = 0;
            startm(pp, true);
            return;
        }
        lock.lock();
        try {
            if (runqsize() == 0) {
                pidleput(pp);
                return;
            }
        } finally {
            lock.unlock();
        }
        startm(pp, false); // work arrived on the global queue meanwhile
    }

    /** findRunnable's limit: a new M may spin only while spinning Ms are under half the busy Ps. */
    boolean mayStartSpinning() {
        return 2 * nmspinning.get() < gomaxprocs - npidle.get();
    }

    /** checkRunqsNoP: an idle P to steal with if any running P has local work, else null. */
    P checkRunqsNoP() {
        for (P p2 : allp.ps()) {
            int st = p2.status();
            if (st != P._Pidle && st != P._Pdead && !p2.runq.isEmpty()) {
                lock.lock();
                try {
                    return pidlegetSpinning();
                } finally {
                    lock.unlock();
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // procresize (GOMAXPROCS)

    /**
     * Changes GOMAXPROCS while running. Go stops the world for this; we cannot stop running
     * virtual threads, so a P above the new count that is running finishes its current G and is
     * retired by its M at the next scheduling point (retireP); idle ones are retired at once.
     * Gs queued on a retired P move to the global queue, so none is lost.
     */
    public void setGomaxprocs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("gomaxprocs must be >= 1: " + n);
        }
        lock.lock();
        try {
            resizeLocked(n);
        } finally {
            lock.unlock();
        }
        // Like startTheWorld: put idle Ps to work if anything is queued.
        for (int i = 0; i < n && runqsize() > 0 && npidle.get() > 0; i++) {
            startm(null, false);
        }
    }

    public int gomaxprocs() {
        return gomaxprocs;
    }

    private void resizeLocked(int n) {
        P[] old = allp.ps();
        int oldn = gomaxprocs;
        P[] ps = old;
        if (n > old.length) {
            ps = java.util.Arrays.copyOf(old, n);
            for (int i = old.length; i < n; i++) {
                ps[i] = new P(i);
                ps[i].setStatus(P._Pdead);
            }
            allp = new Allp(ps, new RandomOrder(n));
        }
        // Bring back (or create) Ps below n. A retiring P that is still running just keeps going.
        for (int i = 0; i < n; i++) {
            if (ps[i].status() == P._Pdead) {
                ps[i].setStatus(P._Pidle);
                pidleput(ps[i]);
            }
        }
        gomaxprocs = n;
        Tracer.gomaxprocs(n);
        // Retire idle Ps at or above n now; running ones retire themselves (retireP).
        for (int i = n; i < Math.max(oldn, ps.length); i++) {
            if (ps[i].status() == P._Pidle && pidleremove(ps[i])) {
                destroyLocked(ps[i]);
            }
        }
    }

    /** Called by an M whose P's id is no longer below GOMAXPROCS. True if the P was retired. */
    boolean retireP(M mp, P pp) {
        lock.lock();
        try {
            if (pp.id < gomaxprocs) {
                return false; // grown again meanwhile
            }
            mp.releasep();
            destroyLocked(pp);
        } finally {
            lock.unlock();
        }
        if (mp.spinning) {
            mp.spinning = false;
            nmspinning.decrementAndGet();
        }
        if (runqsize() > 0) {
            wakep();
        }
        return true;
    }

    private void destroyLocked(P pp) {
        pp.setStatus(P._Pdead); // before moving timers: see schedule()
        pp.runq.drainTo(this::globrunqput);
        pp.timers.moveTo(allp.ps()[0].timers); // P0 is never destroyed
    }

    // ---------------------------------------------------------------------------------------
    // Timers

    /**
     * addtimer, for the JDK's VirtualThread.schedule (timed park, sleep, timed wait): runs
     * {@code command} after {@code delayNanos} from the current P's timer heap (Timers says who
     * runs it). Returns a Future whose cancel() stops it.
     */
    public Future<?> schedule(Runnable command, long delayNanos) {
        Timers.Timer t = new Timers.Timer(command, System.nanoTime() + Math.max(0, delayNanos));
        M mp = currentM();
        P pp = mp != null ? mp.p : null; // any P's heap would do (it is locked): this one is local
        if (pp == null) {
            pp = allp.ps()[0];
        }
        if (pp.timers.add(t)) {
            sysmon.timerAdded(t.when);
        }
        if (pp.status() == P._Pdead) { // procresize destroyed pp meanwhile: its timers moved on
            pp.timers.moveTo(allp.ps()[0].timers);
            sysmon.timerAdded(t.when);
        }
        return t;
    }

    // ---------------------------------------------------------------------------------------
    // Shutdown

    /** Rejects new submissions; carriers exit once they run out of work. */
    public void shutdown() {
        lock.lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
            for (M mp = mget(); mp != null; mp = mget()) {
                mp.exiting = true;
                mp.park.wakeup();
            }
            if (mcount == 0) {
                terminated.signalAll();
            }
        } finally {
            lock.unlock();
        }
        untrace.run(); // outside the lock: it calls into JFR
        sysmon.wakeIfWaiting();
    }

    public boolean isShutdown() {
        return stopping;
    }

    /** Waits until every carrier has exited after {@link #shutdown()}. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!stopping || mcount > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = terminated.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    /** An M's thread is exiting. */
    void mexit(M mp) {
        lock.lock();
        try {
            mcount--;
            if (stopping && mcount == 0) {
                terminated.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Observation

    public SchedSnapshot snapshot() {
        return SchedSnapshot.of(this);
    }

    /** One schedtrace line in Go's format (see SchedSnapshot.schedtraceLine). */
    public String schedtraceLine() {
        return snapshot().schedtraceLine((System.nanoTime() - startNanos) / 1_000_000);
    }

    /**
     * Ps whose M is running a G right now (the JDK's "mounted virtual threads"). Read without the
     * lock, like a snapshot: each P is read once, the total is not one consistent cut.
     */
    public int runningGs() {
        int n = 0;
        for (P pp : allp.ps()) {
            M mp = pp.m;
            if (mp != null && mp.p == pp && mp.curg != null) {
                n++;
            }
        }
        return n;
    }

    /** Whether any G waits for a P: on the global queue, or in a P's runnext or ring (a hint). */
    boolean hasQueuedGs() {
        if (runqsize() > 0) {
            return true;
        }
        for (P pp : allp.ps()) {
            if (!pp.runq.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Runnable Gs: the global queue plus every P's ring and runnext (a hint, as runqsize). */
    public long runnableGs() {
        long n = runqsize();
        for (P pp : allp.ps()) {
            n += pp.runq.size() + (pp.runq.hasRunnext() ? 1 : 0);
        }
        return n;
    }

    /** Carrier threads started and not exited (Go: mcount, without sysmon). */
    public int carriers() {
        return mcount;
    }

    /** Ps currently allocated, for sysmon. */
    P[] allps() {
        return allp.ps();
    }
}
