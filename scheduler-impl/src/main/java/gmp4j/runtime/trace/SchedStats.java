/*
 * SchedStats: the figures of Go's schedtrace line (GODEBUG=schedtrace, schedtrace() in proc.go),
 * as a periodic JFR event (JFR's "period" setting, 1 s in both profiles). Counters are cumulative
 * since the scheduler started. In the fjp arm the figures come from the ForkJoinPool's getters,
 * and those with no meaning there are -1 (localRunqueues "").
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;

@Name("gmp4j.SchedStats")
@Label("Sched Stats")
@Description("Go's schedtrace figures, periodically; counters are cumulative")
@Period("1 s")
final class SchedStats extends Gmp4jEvent {
    @Label("GOMAXPROCS") long gomaxprocs;
    @Label("Idle Ps") long idleprocs;
    @Label("Threads") @Description("Carrier threads") long threads;
    @Label("Spinning Threads") long spinningthreads;
    @Label("Idle Threads") long idlethreads;
    @Label("Global Run Queue") long runqueue;
    @Label("Local Run Queues") @Description("Length of each P's queue, as in schedtrace: [3 1]") String localRunqueues;
    @Label("Steals") long steals;
    @Label("Preemptions") long preemptions;
    @Label("Preemption Failures") long preemptFailures;
    @Label("Hand-offs") @Description("Ps handed off from Gs blocked in calls") long handoffs;
}
