/*
 * SchedConfig: the knobs Go takes from GOMAXPROCS, GODEBUG=schedtrace and the runtime's constants
 * (forcePreemptNS, maxmcount). Immutable; `with*` methods return modified copies.
 */
package gmp4j.runtime;

import java.io.PrintStream;
import java.time.Duration;

public record SchedConfig(
        int gomaxprocs,
        long timeSliceNanos,
        int maxMCount,
        long schedtraceNanos,
        PrintStream schedtraceOut) {

    /** Go's forcePreemptNS: 10 ms. */
    public static final long DEFAULT_TIME_SLICE_NANOS = 10_000_000L;
    /** Go's default sched.maxmcount. */
    public static final int DEFAULT_MAX_M_COUNT = 10_000;

    public SchedConfig {
        if (gomaxprocs < 1) throw new IllegalArgumentException("gomaxprocs must be >= 1: " + gomaxprocs);
        if (timeSliceNanos <= 0) throw new IllegalArgumentException("time slice must be > 0");
        if (maxMCount < 1) throw new IllegalArgumentException("maxmcount must be >= 1: " + maxMCount);
        if (schedtraceNanos < 0) throw new IllegalArgumentException("schedtrace must be >= 0");
        if (schedtraceOut == null) schedtraceOut = System.err;
    }

    /** GOMAXPROCS = available processors, 10 ms slice, 10000 Ms, no schedtrace. */
    public static SchedConfig defaults() {
        return new SchedConfig(Runtime.getRuntime().availableProcessors(), DEFAULT_TIME_SLICE_NANOS,
                DEFAULT_MAX_M_COUNT, 0, System.err);
    }

    public SchedConfig withGomaxprocs(int n) {
        return new SchedConfig(n, timeSliceNanos, maxMCount, schedtraceNanos, schedtraceOut);
    }

    public SchedConfig withTimeSlice(Duration d) {
        return new SchedConfig(gomaxprocs, d.toNanos(), maxMCount, schedtraceNanos, schedtraceOut);
    }

    public SchedConfig withMaxMCount(int n) {
        return new SchedConfig(gomaxprocs, timeSliceNanos, n, schedtraceNanos, schedtraceOut);
    }

    public SchedConfig withSchedtrace(Duration period, PrintStream out) {
        return new SchedConfig(gomaxprocs, timeSliceNanos, maxMCount, period.toNanos(), out);
    }
}
