/*
 * SchedSnapshot: a read-only view of the scheduler for tests, benchmarks, schedtrace and the
 * agent. Fields are read without stopping the world, so they are individually accurate but not
 * one consistent cut (as with Go's schedtrace).
 */
package gmp4j.runtime;

import java.util.Arrays;

public record SchedSnapshot(
        int gomaxprocs,
        int idleprocs,
        /** Ms ever started and not exited (carrier threads). */
        int threads,
        int spinningthreads,
        int idlethreads,
        int needspinning,
        /** Length of the global run queue. */
        int runqueue,
        /** Length of each P's local ring (without runnext), by P id. */
        int[] localRunqueues,
        /** Gs created (goroutines). */
        long goroutines,
        /** Gs started on an M (each run of a G counts). */
        long gStarts,
        /** Successful steals (one per batch) and the Gs they moved. */
        long steals,
        long stolenGs,
        /** Times an M became spinning. */
        long spins,
        /** Times an M parked in stopm. */
        long parks,
        /** Ms started from the idle list or newly created by startm. */
        long mStarts,
        /** Gs put back on the global queue by Thread.yield (Gosched), not counting preemptions. */
        long goscheds,
        /** Batches moved from a full local queue to the global queue (runqputslow). */
        long runqOverflows,
        /** Gs moved from runnext to the ring, for another P to steal, so that the G that readied
         *  them could spin-wait for them (Sched.hasKnownQueuedWork). */
        long spinWaitHandoffs,
        /** Preemption requests raised by sysmon, served (the G yielded), failed (it was pinned),
         *  and withdrawn (no check was reached in time: the G ran code without checks). */
        long preemptRequests,
        long preemptions,
        long preemptFailures,
        long preemptWithdrawals,
        /** Of preemptRequests, those raised because a woken G waited while every P was busy
         *  (WakePreempt, not in Go); the rest are time slices that ran out. */
        long wakePreemptRequests,
        /** Gs found not _Grunnable when an M started them: an invariant, always 0. */
        long badStarts,
        /** Blocking calls entered (Blocker-marked), Ps sysmon handed off from syscalls (Go's
         *  GoSysBlock) and from carriers stuck in native code, and syscall exits that found no P. */
        long syscalls,
        long syscallHandoffs,
        long nativeHandoffs,
        long syscallExitsWithoutP) {

    /** Reads sched's counters and queue lengths (no lock: see the class comment). */
    static SchedSnapshot of(Sched s) {
        P[] ps = s.allp.ps();
        int n = s.gomaxprocs;
        int[] local = new int[Math.min(n, ps.length)];
        for (int i = 0; i < local.length; i++) {
            local[i] = ps[i].runq.size();
        }
        SchedStats st = s.stats;
        return new SchedSnapshot(n, s.npidle.get(), s.mcount, s.nmspinning.get(), s.nmidle, s.needspinning, s.runqsize(), local,
                s.allgs.created(), Arrays.stream(ps).mapToLong(P::gStarts).sum(),
                st.steals.sum(), st.stolenGs.sum(),
                st.spins.sum(), st.parks.sum(), st.mStarts.sum(), Arrays.stream(ps).mapToLong(P::goscheds).sum(),
                st.runqOverflows.sum(), st.spinWaitHandoffs.sum(), st.preemptRequests.sum(), st.preemptions.sum(),
                st.preemptFailures.sum(), st.preemptWithdrawals.sum(), st.wakePreemptRequests.sum(), st.badStarts.sum(), st.syscalls.sum(),
                st.syscallHandoffs.sum(), st.nativeHandoffs.sum(), st.syscallExitsWithoutP.sum());
    }

    /**
     * This snapshot as a schedtrace line in Go's format (GODEBUG=schedtrace): "SCHED 1000ms:
     * gomaxprocs=2 idleprocs=0 threads=4 spinningthreads=0 idlethreads=1 runqueue=0 [3 1]".
     * threads counts the carriers plus sysmon, as Go's count includes its sysmon thread.
     */
    public String schedtraceLine(long uptimeMillis) {
        StringBuilder b = new StringBuilder(96);
        b.append("SCHED ").append(uptimeMillis).append("ms: gomaxprocs=").append(gomaxprocs)
                .append(" idleprocs=").append(idleprocs).append(" threads=").append(threads + 1)
                .append(" spinningthreads=").append(spinningthreads).append(" idlethreads=").append(idlethreads)
                .append(" runqueue=").append(runqueue).append(' ');
        return b.append(localRunqueuesText()).toString();
    }

    /** The local run queue lengths as schedtrace prints them: "[3 1]". */
    public String localRunqueuesText() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < localRunqueues.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(localRunqueues[i]);
        }
        return b.append(']').toString();
    }

    @Override
    public String toString() {
        return "SchedSnapshot[gomaxprocs=" + gomaxprocs + ", idleprocs=" + idleprocs + ", threads=" + threads
                + ", spinning=" + spinningthreads + ", idlethreads=" + idlethreads + ", runqueue=" + runqueue
                + ", local=" + Arrays.toString(localRunqueues) + ", goroutines=" + goroutines + ", gStarts="
                + gStarts + ", steals=" + steals + "/" + stolenGs + ", spins=" + spins + ", parks=" + parks
                + ", mStarts=" + mStarts + ", goscheds=" + goscheds + ", runqOverflows=" + runqOverflows
                + ", spinWaitHandoffs=" + spinWaitHandoffs
                + ", preempt=" + preemptRequests + "/" + preemptions + "/" + preemptFailures + "/" + preemptWithdrawals
                + ", wakePreemptRequests=" + wakePreemptRequests
                + ", badStarts="
                + badStarts + ", syscalls=" + syscalls + ", syscallHandoffs=" + syscallHandoffs + ", nativeHandoffs="
                + nativeHandoffs + ", syscallExitsWithoutP=" + syscallExitsWithoutP + "]";
    }
}
