/*
 * Sysmon: Go's sysmon (proc.go), a daemon platform thread that runs without a P.
 *
 * It sleeps 20 µs at first and, after 50 rounds in which nothing happened, doubles the sleep up
 * to 10 ms. Each round it calls retake: a P whose schedtick has not moved for longer than the time
 * slice (forcePreemptNS, 10 ms by default) is running one G too long, and that G gets a preemption
 * request (preemptone; served by Preempt.check in the G's own code). It also prints the schedtrace
 * line when asked to.
 *
 * When every P is idle and no schedtrace is asked for, sysmon stops polling and sleeps on a note
 * (Go: sched.sysmonwait / sysmonnote). Go wakes it from exitsyscall and startTheWorld; on the JVM
 * work arrives from outside through startm, so startm wakes it. The check-and-sleep and the
 * check-and-wake both happen under Sched.lock, so a wakeup cannot slip between them.
 */
package gmp4j.runtime;

import java.util.concurrent.locks.LockSupport;

final class Sysmon extends Thread {
    private final Sched sched;
    private final Note note = new Note();
    /** Guarded by Sched.lock. */
    private boolean sysmonwait;
    /** Rounds run (for tests: sysmon is alive and backing off). */
    volatile long rounds;

    Sysmon(Sched sched) {
        super(null, null, "gmp4j-sysmon", 0, false);
        this.sched = sched;
        setDaemon(true);
    }

    @Override
    public void run() {
        final Sched s = sched;
        long lastTrace = System.nanoTime();
        int idle = 0; // how many cycles in succession we had not woken somebody up
        long delay = 0; // µs
        while (!s.stopping) {
            if (idle == 0) { // start with 20us sleep...
                delay = 20;
            } else if (idle > 50) { // start doubling the sleep after 1ms...
                delay *= 2;
            }
            if (delay > 10 * 1000) { // up to 10ms
                delay = 10 * 1000;
            }
            LockSupport.parkNanos(delay * 1000);

            if (s.config.schedtraceNanos() <= 0 && s.npidle.get() == s.gomaxprocs && waitWhileAllIdle()) {
                idle = 0;
                delay = 20;
            }
            long now = System.nanoTime();
            if (retake(now) != 0) {
                idle = 0;
            } else {
                idle++;
            }
            long period = s.config.schedtraceNanos();
            if (period > 0 && now - lastTrace >= period) {
                lastTrace = now;
                s.config.schedtraceOut().println(s.schedtraceLine());
            }
            rounds++;
        }
    }

    /** Sleeps while every P is idle. Returns whether it slept. */
    private boolean waitWhileAllIdle() {
        Sched s = sched;
        s.lock.lock();
        try {
            if (s.npidle.get() != s.gomaxprocs || s.stopping) {
                return false;
            }
            sysmonwait = true;
        } finally {
            s.lock.unlock();
        }
        note.sleep();
        s.lock.lock();
        try {
            sysmonwait = false;
            note.clear();
        } finally {
            s.lock.unlock();
        }
        return true;
    }

    /** Called by startm and shutdown, under Sched.lock (or, for shutdown, after setting stopping). */
    void wakeIfWaiting() {
        if (sysmonwait || sched.stopping) {
            note.wakeup();
        }
    }

    /**
     * retake: preempt Gs that have run longer than the time slice. (Taking Ps back from Ms blocked
     * in syscalls belongs here too, with the agent's syscall hooks.) Returns how many Ps it acted on.
     */
    private int retake(long now) {
        int n = 0;
        long forcePreemptNS = sched.config.timeSliceNanos();
        for (P pp : sched.allps()) {
            int s = pp.status();
            if (s == P._Prunning || s == P._Psyscall) {
                // Preempt G if it's running on the same schedtick for too long.
                int t = pp.schedtick();
                if (pp.sysmonSchedtick != t) {
                    pp.sysmonSchedtick = t;
                    pp.sysmonSchedwhen = now;
                } else if (pp.sysmonSchedwhen + forcePreemptNS <= now) {
                    if (preemptone(pp)) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * preemptone: ask the G running on pp to stop. The request is the G's own flag, so it cannot
     * land on whichever G runs next. If the G stopped while the flag was being raised, the flag is
     * taken back here (its M clears curg before it clears the flag, so one of the two sees the
     * other).
     */
    private boolean preemptone(P pp) {
        M mp = pp.m;
        if (mp == null) {
            return false;
        }
        G gp = mp.curg;
        if (gp == null || !gp.raisePreempt()) {
            return false;
        }
        Preempt.raised();
        if (mp.curg != gp) {
            if (gp.clearPreempt()) {
                Preempt.lowered();
            }
            return false;
        }
        sched.stats.preemptRequests.increment();
        return true;
    }
}
