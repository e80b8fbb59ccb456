/*
 * SchedEvent: the analyzer's model of one gmp4j JFR event (notes/EVENTS.md), independent of JFR.
 *
 * Each gmp4j.* JFR event becomes one record of the same name, with the same fields and a time in
 * nanoseconds since the epoch. The analyses (GoroutineAnalysis) and the exporters consume
 * SchedEvents only, so they can be tested on in-memory lists with exact timestamps; the
 * RecordingReader is the one place that turns JFR's RecordedEvents into this model.
 *
 * Go mirror: the event kinds of Go's execution tracer (runtime/trace.go's traceGo* hooks and
 * internal/trace's EvGo* constants). As in the schema, -1 in an id or count means "none / not
 * meaningful in this arm" (the ForkJoinPool arm has no Ps, for example).
 */
package gmp4j.analyzer;

public sealed interface SchedEvent {

    /** JFR start time of the event, in nanoseconds since the epoch. */
    long time();

    /** traceGoCreate: a virtual thread got its G; parentGoid is -1 when a platform thread made it. */
    /**
     * startLocation: where the virtual thread was started ("pkg.Class.method", the first frame of
     * GoCreate's stack trace outside the JDK's thread and executor code and gmp4j), "" when the
     * recording has no stack for it (the gmp4j profile records none; the trace profile does).
     */
    record GoCreate(long time, long goid, long parentGoid, long threadId, String threadName, String startLocation)
            implements SchedEvent {
        public GoCreate(long time, long goid, long parentGoid, long threadId, String threadName) {
            this(time, goid, parentGoid, threadId, threadName, "");
        }
    }

    /** traceGoStart: the G runs on p (and carrier m); schedLatency = ns it was runnable before this. */
    record GoStart(long time, long goid, long p, long m, long threadId, long schedLatency) implements SchedEvent {}

    /** traceGoEnd: the virtual thread terminated. */
    record GoEnd(long time, long goid, long p, long m) implements SchedEvent {}

    /** traceGoSched: Thread.yield (Gosched); the G is runnable again. */
    record GoSched(long time, long goid, long p, long m) implements SchedEvent {}

    /**
     * traceGoPreempt: the G yielded at an injected check; failed = asked but pinned (it keeps
     * running); reason = why sysmon asked: "slice" or "wakeup" ("" in recordings made before it).
     */
    record GoPreempt(long time, long goid, long p, long m, long ranFor, boolean failed, String reason)
            implements SchedEvent {
        /** The reason of a request raised for a woken G (gmp4j's wake-up preemption). */
        public static final String WAKEUP = "wakeup";

        public GoPreempt(long time, long goid, long p, long m, long ranFor, boolean failed) {
            this(time, goid, p, m, ranFor, failed, "");
        }

        public boolean wakeup() {
            return WAKEUP.equals(reason);
        }
    }

    /** traceGoPark: the G waits; reason is "park", "sleep", "monitor", "wait" or "other". */
    record GoPark(long time, long goid, long p, long m, String reason, String blocker) implements SchedEvent {}

    /** traceGoUnpark: the G became runnable; source is "goroutine", "timer" or "external". */
    record GoUnpark(long time, long goid, long byGoid, String source) implements SchedEvent {}

    /** traceGoSysCall: the G entered a blocking call (entersyscall). */
    record GoSysCall(long time, long goid, long p, long m) implements SchedEvent {}

    /** traceGoSysExit: the G left the blocking call (exitsyscall); p is the P it runs on or -1. */
    record GoSysExit(long time, long goid, long p, long m) implements SchedEvent {}

    /** traceGoSysBlock: the G's P was handed off to another M while it was in the call (handoffp). */
    record GoSysBlock(long time, long goid, long p, long m) implements SchedEvent {}

    /** traceProcStart: M m acquired P p and starts running. */
    record ProcStart(long time, long p, long m) implements SchedEvent {}

    /** traceProcStop: M m released P p (idle or syscall). */
    record ProcStop(long time, long p, long m) implements SchedEvent {}

    /** A steal in findrunnable: P thiefP (on M m) took count Gs from victimP. */
    record ProcSteal(long time, long thiefP, long victimP, long count, long m) implements SchedEvent {}

    /** traceGomaxprocs: at start and at every procresize; scheduler is "gmp" or "fjp" (the arm). */
    record Gomaxprocs(long time, long procs, String scheduler) implements SchedEvent {}

    /**
     * gmp4j.Hog (not in Go): run hogId of goid held its P (or carrier) past the hog threshold.
     * Two per run: when caught (ended=false) and when the run ended; ranFor is the run's length
     * at that moment. where = the top application frame, stack = the hog's frames, one a line.
     */
    record Hog(long time, long goid, long p, long m, long hogId, boolean ended, long ranFor, long ignoredRequests,
               String reason, String where, String stack) implements SchedEvent {}

    /** Periodic schedtrace figures; steals .. handoffs are cumulative counters. */
    record SchedStats(long time, long gomaxprocs, long idleprocs, long threads, long spinningthreads,
                      long idlethreads, long runqueue, String localRunqueues, long steals,
                      long preemptions, long preemptFailures, long handoffs) implements SchedEvent {}
}
