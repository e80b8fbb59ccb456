/*
 * SchedStats: the scheduler's event counters, reported by SchedSnapshot. LongAdders: many Ms
 * increment them, snapshots read them rarely. (Counts an M keeps for its own P, such as G starts
 * and Goscheds, live in P instead and cost no atomic operation.)
 */
package gmp4j.runtime;

import java.util.concurrent.atomic.LongAdder;

final class SchedStats {
    final LongAdder steals = new LongAdder();
    final LongAdder stolenGs = new LongAdder();
    final LongAdder spins = new LongAdder();
    final LongAdder parks = new LongAdder();
    final LongAdder mStarts = new LongAdder();
    final LongAdder runqOverflows = new LongAdder();
    final LongAdder spinWaitHandoffs = new LongAdder();
    final LongAdder preemptRequests = new LongAdder();
    final LongAdder preemptions = new LongAdder();
    final LongAdder preemptFailures = new LongAdder();
    final LongAdder preemptWithdrawals = new LongAdder();
    final LongAdder wakePreemptRequests = new LongAdder();
    final LongAdder badStarts = new LongAdder();
    final LongAdder syscalls = new LongAdder();
    final LongAdder syscallHandoffs = new LongAdder();
    final LongAdder nativeHandoffs = new LongAdder();
    final LongAdder syscallExitsWithoutP = new LongAdder();
}
