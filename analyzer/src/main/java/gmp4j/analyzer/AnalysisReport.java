/*
 * AnalysisReport: everything `gmp4j analyze` finds in one recording, as plain records. The text,
 * JSON (Jackson serialises the records as they are) and HTML views and `compare` are built from
 * it. Times are nanoseconds; offsets are from the first gmp4j event; -1 means "not in this arm".
 * Go mirror: cmd/trace's goroutine analysis (per-goroutine and per-kind execution, scheduler wait,
 * block and syscall times), plus the scheduler-wide figures schedtrace and the MMU view give.
 */
package gmp4j.analyzer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

public record AnalysisReport(
        String recording,
        String arm,
        long gomaxprocs,
        long startNanos,
        long wallNanos,
        long events,
        Totals totals,
        Latency schedLatency,
        List<KindRow> kinds,
        List<GoroutineRow> topGoroutines,
        List<LaneRow> lanes,
        Threads threads,
        long mmuResolutionNanos,
        List<MmuPoint> mmu,
        List<UtilPoint> utilisation,
        List<HogRow> hogs,
        @JsonIgnore List<LaneSpans> timeline) {

    /** Where goroutines spent their time (Go's goroutine analysis columns). */
    public record Times(long execNanos, long schedWaitNanos, long blockParkNanos, long blockSleepNanos,
                        long blockMonitorNanos, long blockWaitNanos, long blockOtherNanos, long syscallNanos) {

        public long blockNanos() {
            return blockParkNanos + blockSleepNanos + blockMonitorNanos + blockWaitNanos + blockOtherNanos;
        }
    }

    public record Totals(long goroutines, long created, long ended, Times times, long starts, long gosched,
                         long preemptions, long wakeupPreemptions, long failedPreemptions, long steals, long stolenGoroutines,
                         long handoffs, long syscalls, long parks, long procStarts, long procStops) {}

    public record CdfPoint(long nanos, double fraction) {}

    public record Latency(long count, double meanNanos, long p50Nanos, long p90Nanos, long p99Nanos,
                          long p999Nanos, long maxNanos, List<CdfPoint> cdf) {}

    public record KindRow(String kind, long count, Times times) {}

    public record GoroutineRow(long goid, String name, String kind, boolean ended, Times times) {}

    /** A P (in the ForkJoinPool arm: a carrier M) and how busy it was. */
    public record LaneRow(String lane, long starts, long busyNanos, double utilisation) {}

    public record ThreadsPoint(long offsetNanos, int distinctMs, long schedStatsThreads) {}

    public record Threads(int distinctMs, int maxDistinctMsPerWindow, long windowNanos,
                          long maxSchedStatsThreads, List<ThreadsPoint> series) {}

    public record MmuPoint(long windowNanos, double minUtilisation) {}

    /**
     * Runs caught holding a P or carrier past the hog threshold (gmp4j.Hog), grouped by where
     * (top application frame): how many runs, their total and longest time held, the preemption
     * requests they ignored, why ("pinned" beats "no check reached" beats "none"), how many were
     * still running when the recording ended, and the stack of the longest.
     */
    public record HogRow(String where, long count, long heldNanos, long maxNanos, long ignoredRequests, String reason,
                         long unfinished, String stack) {}

    public record UtilPoint(long offsetNanos, double utilisation) {}

    /** A stretch of a lane showing one goroutine; busy = fraction of the stretch it was in use. */
    public record Span(long fromNanos, long toNanos, long goid, String kind, double busy) {}

    public record LaneSpans(String lane, List<Span> spans) {}
}
