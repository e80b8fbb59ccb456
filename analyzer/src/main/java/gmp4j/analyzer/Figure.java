/*
 * Figure: one headline number of a report (name, unit, value; -1 = not meaningful in this arm).
 * Figure.of(report) lists them in a fixed order; the analyze summary prints them and compare sets
 * the two arms' lists side by side.
 */
package gmp4j.analyzer;

import java.util.ArrayList;
import java.util.List;

public record Figure(String name, Unit unit, double value) {

    public enum Unit { NANOS, COUNT, FRACTION }

    /** MMU windows that compare shows (when the run is that long). */
    static final long[] MMU_WINDOWS = {1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L};

    String formatted() {
        return format(unit, value);
    }

    public static String format(Unit unit, double value) {
        return switch (unit) {
            case NANOS -> Fmt.duration(value);
            case COUNT -> Fmt.count((long) value);
            case FRACTION -> Fmt.percent(value);
        };
    }

    public static List<Figure> of(AnalysisReport r) {
        List<Figure> f = new ArrayList<>();
        AnalysisReport.Totals t = r.totals();
        AnalysisReport.Latency l = r.schedLatency();
        f.add(new Figure("wall time", Unit.NANOS, r.wallNanos()));
        f.add(new Figure("GOMAXPROCS", Unit.COUNT, r.gomaxprocs()));
        f.add(new Figure("events", Unit.COUNT, r.events()));
        f.add(new Figure("goroutines", Unit.COUNT, t.goroutines()));
        f.add(new Figure("goroutine starts", Unit.COUNT, t.starts()));
        // Goroutine times need the events that end a run (GoEnd, GoPark, GoSched, GoCreate): the
        // low-overhead profile records none, and every started G would seem to run to the end
        // of the recording. Without them the times are unavailable (-1), not wrong.
        boolean runsEnd = t.created() + t.ended() + t.parks() + t.gosched() > 0;
        f.add(new Figure("execution time", Unit.NANOS, runsEnd ? t.times().execNanos() : -1));
        f.add(new Figure("scheduling wait", Unit.NANOS, runsEnd ? t.times().schedWaitNanos() : -1));
        f.add(new Figure("block time", Unit.NANOS, runsEnd ? t.times().blockNanos() : -1));
        f.add(new Figure("syscall time", Unit.NANOS, runsEnd ? t.times().syscallNanos() : -1));
        f.add(new Figure("sched latency p50", Unit.NANOS, l.p50Nanos()));
        f.add(new Figure("sched latency p90", Unit.NANOS, l.p90Nanos()));
        f.add(new Figure("sched latency p99", Unit.NANOS, l.p99Nanos()));
        f.add(new Figure("sched latency p99.9", Unit.NANOS, l.p999Nanos()));
        f.add(new Figure("sched latency max", Unit.NANOS, l.maxNanos()));
        f.add(new Figure("sched latency mean", Unit.NANOS, l.count() == 0 ? -1 : l.meanNanos()));
        f.add(new Figure("P utilisation", Unit.FRACTION, meanUtilisation(r)));
        f.add(new Figure("preemptions", Unit.COUNT, t.preemptions()));
        f.add(new Figure("wake-up preemptions", Unit.COUNT, t.wakeupPreemptions()));
        f.add(new Figure("failed preemptions", Unit.COUNT, t.failedPreemptions()));
        f.add(new Figure("Gosched (yields)", Unit.COUNT, t.gosched()));
        f.add(new Figure("steals", Unit.COUNT, t.steals()));
        f.add(new Figure("stolen goroutines", Unit.COUNT, t.stolenGoroutines()));
        f.add(new Figure("handoffs (GoSysBlock)", Unit.COUNT, t.handoffs()));
        f.add(new Figure("syscalls", Unit.COUNT, t.syscalls()));
        f.add(new Figure("parks", Unit.COUNT, t.parks()));
        f.add(new Figure("distinct Ms", Unit.COUNT, r.threads().distinctMs()));
        f.add(new Figure("max SchedStats threads", Unit.COUNT, r.threads().maxSchedStatsThreads()));
        for (long w : MMU_WINDOWS) {
            f.add(new Figure("MMU " + Fmt.duration(w), Unit.FRACTION, mmuAt(r, w)));
        }
        return f;
    }

    /** Busy time of all lanes over GOMAXPROCS x wall time; -1 if there is no such time. */
    static double meanUtilisation(AnalysisReport r) {
        long busy = r.lanes().stream().mapToLong(AnalysisReport.LaneRow::busyNanos).sum();
        double cap = (double) Math.max(1, r.gomaxprocs()) * r.wallNanos();
        return cap > 0 ? Math.min(1.0, busy / cap) : -1;
    }

    /** The MMU for a window of exactly w ns, or -1 when the curve has no such point. */
    static double mmuAt(AnalysisReport r, long w) {
        for (AnalysisReport.MmuPoint p : r.mmu()) {
            if (p.windowNanos() == w) {
                return p.minUtilisation();
            }
        }
        return -1;
    }
}
