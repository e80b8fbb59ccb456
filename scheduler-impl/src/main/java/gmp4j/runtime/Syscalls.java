/*
 * Syscalls: Go's entersyscall / exitsyscall (proc.go) for virtual threads.
 *
 * The agent calls enter() and exit() from the JDK's Blocker.begin()/end(), which the JDK wraps
 * around blocking process-pipe, DNS, console, file-lock and O_DIRECT file operations of virtual
 * threads. While the G is in the call its P is _Psyscall, still remembered by the M (oldp);
 * sysmon hands it to another M if the call lasts (Sysmon.retake -> retake here -> handoffp).
 * Blocking the JDK does not mark (FileInputStream, JNI) is caught by sysmon instead, which sees
 * the carrier sitting in native code and marks the P _Pretake on its behalf.
 */
package gmp4j.runtime;

public final class Syscalls {
    private final Sched sched;

    Syscalls(Sched sched) {
        this.sched = sched;
    }

    /**
     * entersyscall: the running G is about to block its carrier. Its P goes to _Psyscall and is
     * remembered by the M (oldp), so that sysmon can hand it to another M if the call lasts.
     * Returns true if the caller is a virtual thread on one of our Ms (exitsyscall then follows).
     */
    public boolean enter() {
        if (!Thread.currentThread().isVirtual()) {
            return false;
        }
        M mp = sched.currentM();
        if (mp == null) {
            return false;
        }
        boolean wasInSched = mp.enterSched();
        try {
            for (;;) {
                P pp = mp.checkP();
                if (pp == null) {
                    return true; // no P to give up: this G already runs beyond GOMAXPROCS
                }
                // Go's entersyscall order: the P loses its M before it is published _Psyscall.
                // Once published, sysmon may retake it and another M acquire it at once; a
                // `pp.m = null` written after the CAS could erase that new owner.
                pp.syscallm = mp;
                pp.m = null;
                if (pp.casStatus(P._Prunning, P._Psyscall)) {
                    pp.syscalltick++;
                    G gp = mp.curg;
                    if (gp != null) {
                        gp.casWord(G.word(mp.id, G._Grunning), G.word(mp.id, G._Gsyscall));
                    }
                    mp.oldp = pp;
                    mp.p = null;
                    sched.stats.syscalls.increment();
                    Tracer.entersyscall(gp, mp, pp);
                    return true;
                }
                // sysmon is looking at this P right now (_Pretake): while this M is in scheduler
                // code it backs off, so the P is still ours; checkP takes it back.
                pp.m = mp;
            }
        } finally {
            if (!wasInSched) {
                mp.leaveSched();
            }
        }
    }

    /**
     * exitsyscall: the G is back from its blocking call. Take back the old P if sysmon did not
     * hand it off (exitsyscallfast), else any idle P; else, as exitsyscall0, the G goes to the
     * global queue and the M stops: here the G gives up its carrier with Thread.yield (resubmitted
     * from an M without a P, it lands on the global queue) and the M, finding itself without a
     * P, parks. Returns true if the caller runs on one of our Ms.
     */
    public boolean exit() {
        M mp = sched.currentM();
        if (mp == null) {
            return false;
        }
        if (mp.oldp == null || !Thread.currentThread().isVirtual()) {
            return true; // the G parked inside the window and moved on; nothing to take back here
        }
        G gp = mp.curg;
        if (gp != null) {
            gp.casWord(G.word(mp.id, G._Gsyscall), G.word(mp.id, G._Grunning));
        }
        boolean wasInSched = mp.enterSched();
        try {
            boolean fast = mp.exitsyscallfast();
            Tracer.exitsyscall(gp, mp);
            if (fast) {
                return true;
            }
        } finally {
            if (!wasInSched) {
                mp.leaveSched();
            }
        }
        sched.stats.syscallExitsWithoutP.increment();
        Thread.yield(); // a no-op if pinned: then the G runs on until it stops, and the M parks
        return true;
    }

    /**
     * Sysmon hands off a P that is _Psyscall (its M is in a syscall) or _Pretake (its M is stuck
     * in native code and sysmon marked it). Go: the syscall half of retake.
     */
    boolean retake(P pp, boolean fromNative) {
        if (!pp.casStatus(fromNative ? P._Pretake : P._Psyscall, P._Pidle)) {
            return false;
        }
        Tracer.sysblock(pp, fromNative ? pp.m : pp.syscallm, fromNative);
        pp.m = null;
        pp.syscalltick++;
        sched.handoffp(pp);
        // after the hand-off: counting may allocate, and must not strand pp if that fails
        (fromNative ? sched.stats.nativeHandoffs : sched.stats.syscallHandoffs).increment();
        return true;
    }
}
