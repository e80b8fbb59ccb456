/*
 * SchedConfig: the knobs Go takes from GOMAXPROCS, GODEBUG=schedtrace and the runtime's constants
 * (forcePreemptNS, maxmcount), plus two Go does not have: the wake-up preemption granule
 * (WakePreempt; 0 turns it off) and whether a G whose slice is over is asked to yield when no G
 * waits for a P (Go asks; gmp4j by default does not, see Sysmon.retake). Immutable; `with*`
 * methods return modified copies.
 */
package gmp4j.runtime;

import java.io.PrintStream;
import java.time.Duration;

public record SchedConfig(
        int gomaxprocs,
        long timeSliceNanos,
        int maxMCount,
        long schedtraceNanos,
        PrintStream schedtraceOut,
        long wakePreemptNanos,
        boolean preemptUncontended) {

    /** Go's forcePreemptNS: 10 ms. */
    public static final long DEFAULT_TIME_SLICE_NANOS = 10_000_000L;
    /** Go's default sched.maxmcount. */
    public static final int DEFAULT_MAX_M_COUNT = 10_000;
    /** Not in Go: how long every P's slice must have run before a wake-up preempts one (WakePreempt). */
    public static final long DEFAULT_WAKE_PREEMPT_NANOS = 1_000_000L;

    public SchedConfig {
        if (gomaxprocs < 1) throw new IllegalArgumentException("gomaxprocs must be >= 1: " + gomaxprocs);
        if (timeSliceNanos <= 0) throw new IllegalArgumentException("time slice must be > 0");
        if (maxMCount < 1) throw new IllegalArgumentException("maxmcount must be >= 1: " + maxMCount);
        if (schedtraceNanos < 0) throw new IllegalArgumentException("schedtrace must be >= 0");
        if (schedtraceOut == null) schedtraceOut = System.err;
        if (wakePreemptNanos < 0) throw new IllegalArgumentException("wake-up preemption granule must be >= 0");
    }

    /** The same without wake-up preemption's setting: it gets its default (1 ms). */
    public SchedConfig(int gomaxprocs, long timeSliceNanos, int maxMCount, long schedtraceNanos,
            PrintStream schedtraceOut) {
        this(gomaxprocs, timeSliceNanos, maxMCount, schedtraceNanos, schedtraceOut, DEFAULT_WAKE_PREEMPT_NANOS, false);
    }

    /** The same with Go's slice policy off (the default): a lone G's slice is not ended. */
    public SchedConfig(int gomaxprocs, long timeSliceNanos, int maxMCount, long schedtraceNanos,
            PrintStream schedtraceOut, long wakePreemptNanos) {
        this(gomaxprocs, timeSliceNanos, maxMCount, schedtraceNanos, schedtraceOut, wakePreemptNanos, false);
    }

    /** GOMAXPROCS = available processors, 10 ms slice, 10000 Ms, no schedtrace, 1 ms wake-up granule. */
    public static SchedConfig defaults() {
        return new SchedConfig(Runtime.getRuntime().availableProcessors(), DEFAULT_TIME_SLICE_NANOS,
                DEFAULT_MAX_M_COUNT, 0, System.err, DEFAULT_WAKE_PREEMPT_NANOS, false);
    }

    public SchedConfig withGomaxprocs(int n) {
        return new SchedConfig(n, timeSliceNanos, maxMCount, schedtraceNanos, schedtraceOut,
                wakePreemptNanos, preemptUncontended);
    }

    public SchedConfig withTimeSlice(Duration d) {
        return new SchedConfig(gomaxprocs, d.toNanos(), maxMCount, schedtraceNanos, schedtraceOut,
                wakePreemptNanos, preemptUncontended);
    }

    public SchedConfig withMaxMCount(int n) {
        return new SchedConfig(gomaxprocs, timeSliceNanos, n, schedtraceNanos, schedtraceOut,
                wakePreemptNanos, preemptUncontended);
    }

    public SchedConfig withSchedtrace(Duration period, PrintStream out) {
        return new SchedConfig(gomaxprocs, timeSliceNanos, maxMCount, period.toNanos(), out,
                wakePreemptNanos, preemptUncontended);
    }

    /** Wake-up preemption's granule (WakePreempt); zero turns it off. */
    public SchedConfig withWakePreempt(Duration granule) {
        return new SchedConfig(gomaxprocs, timeSliceNanos, maxMCount, schedtraceNanos, schedtraceOut,
                granule.toNanos(), preemptUncontended);
    }

    /**
     * Go's policy for a G whose time slice is over: ask it to yield even when no G waits for a P
     * (true), or only when one does (false, the default: Sysmon.retake says why).
     */
    public SchedConfig withPreemptUncontended(boolean always) {
        return new SchedConfig(gomaxprocs, timeSliceNanos, maxMCount, schedtraceNanos, schedtraceOut, wakePreemptNanos,
                always);
    }
}
