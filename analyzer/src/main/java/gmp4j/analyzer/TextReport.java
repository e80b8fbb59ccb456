/*
 * TextReport: the human-readable output of `analyze` and `compare`, as aligned tables on stdout.
 * Layout follows go tool trace's goroutine analysis page: a summary, then per kind and per
 * goroutine execution / scheduling wait / block (by reason) / syscall time, then Ps, Ms and MMU.
 */
package gmp4j.analyzer;

import java.io.PrintWriter;
import java.util.List;

final class TextReport {
    private TextReport() {
    }

    static void analyze(AnalysisReport r, PrintWriter out) {
        out.println("gmp4j analyze: " + Table.printable(r.recording()));
        out.println("arm " + Table.printable(r.arm()) + ", GOMAXPROCS " + Fmt.count(r.gomaxprocs()) + ", wall " + Fmt.duration(r.wallNanos())
                + ", " + r.events() + " events, " + r.totals().goroutines() + " goroutines ("
                + r.totals().created() + " created, " + r.totals().ended() + " ended while recorded)");
        out.println();

        Table summary = new Table(1, "figure", "value");
        for (Figure f : Figure.of(r)) {
            summary.row(f.name(), f.formatted());
        }
        out.println("Summary");
        summary.print(out, "  ");
        out.println();

        out.println("Goroutines by kind (thread name with digits as N, else where it was started; most execution time first)");
        Table kinds = timesHeader(1, "kind", "count");
        for (AnalysisReport.KindRow k : r.kinds()) {
            timesRow(kinds, k.times(), k.kind(), Long.toString(k.count()));
        }
        kinds.print(out, "  ");
        out.println();

        out.println("Goroutines with the most execution time (top " + GoroutineAnalysis.TOP_GOROUTINES + ")");
        Table gs = timesHeader(4, "goid", "name", "kind", "state");
        for (AnalysisReport.GoroutineRow g : r.topGoroutines()) {
            timesRow(gs, g.times(), Long.toString(g.goid()), g.name().isEmpty() ? "-" : g.name(), g.kind(),
                    g.ended() ? "ended" : "live");
        }
        gs.print(out, "  ");
        out.println();

        hogs(r.hogs(), out);

        out.println("Ps (a carrier M per lane where the arm has no Ps)");
        Table lanes = new Table(1, "lane", "starts", "busy", "utilisation");
        for (AnalysisReport.LaneRow l : r.lanes()) {
            lanes.row(l.lane(), Long.toString(l.starts()), Fmt.duration(l.busyNanos()), Fmt.percent(l.utilisation()));
        }
        lanes.print(out, "  ");
        out.println();

        AnalysisReport.Threads th = r.threads();
        out.println("Ms: " + th.distinctMs() + " distinct, at most " + th.maxDistinctMsPerWindow() + " active in a "
                + Fmt.duration(th.windowNanos()) + " window; SchedStats threads at most " + Fmt.count(th.maxSchedStatsThreads()));
        out.println();

        out.println("Minimum mutator utilisation (resolution " + Fmt.duration(r.mmuResolutionNanos()) + ")");
        Table mmu = new Table(1, "window", "MMU");
        for (AnalysisReport.MmuPoint p : r.mmu()) {
            mmu.row(Fmt.duration(p.windowNanos()), Fmt.percent(p.minUtilisation()));
        }
        mmu.print(out, "  ");
        out.flush();
    }

    /** Stack frames shown for each of the top hogs. */
    static final int HOG_FRAMES = 12, HOG_STACKS = 3;

    /** The Hogs section: where runs held a P or carrier past the threshold, most time held first. */
    static void hogs(List<AnalysisReport.HogRow> hogs, PrintWriter out) {
        if (hogs.isEmpty()) {
            out.println("Hogs: none recorded (no run held its P or carrier past gmp4j-hog-threshold, or gmp4j.Hog was off)");
            out.println();
            return;
        }
        out.println("Hogs (runs that held a P or carrier past gmp4j-hog-threshold, by where they were caught; most time held first)");
        Table t = new Table(2, "where", "reason", "runs", "held", "longest", "ignored requests", "unfinished");
        for (AnalysisReport.HogRow h : hogs) {
            t.row(Table.printable(h.where()), h.reason(), Long.toString(h.count()), Fmt.duration(h.heldNanos()),
                    Fmt.duration(h.maxNanos()), Long.toString(h.ignoredRequests()), Long.toString(h.unfinished()));
        }
        t.print(out, "  ");
        for (AnalysisReport.HogRow h : hogs.subList(0, Math.min(HOG_STACKS, hogs.size()))) {
            out.println("  stack of the longest run at " + Table.printable(h.where()) + ":");
            String[] frames = h.stack().split("\n");
            for (int i = 0; i < Math.min(HOG_FRAMES, frames.length); i++) {
                out.println("    " + Table.printable(frames[i]));
            }
            if (frames.length > HOG_FRAMES) {
                out.println("    ... " + (frames.length - HOG_FRAMES) + " more");
            }
        }
        out.println();
    }

    static void compare(Comparison c, PrintWriter out) {
        out.println("gmp4j compare");
        out.println("  A: " + Table.printable(c.a().recording()) + " (arm " + Table.printable(c.a().arm()) + ")");
        out.println("  B: " + Table.printable(c.b().recording()) + " (arm " + Table.printable(c.b().arm()) + ")");
        out.println();
        Table t = new Table(1, "figure", "A", "B", "B/A");
        for (Comparison.Row row : c.rows()) {
            t.row(row.figure(), Figure.format(row.unit(), row.a()), Figure.format(row.unit(), row.b()),
                    Fmt.ratio(row.ratio()));
        }
        t.print(out, "  ");
        out.flush();
    }

    private static Table timesHeader(int textColumns, String... first) {
        List<String> h = new java.util.ArrayList<>(List.of(first));
        h.addAll(List.of("exec", "sched wait", "block", "park", "sleep", "monitor", "wait", "other", "syscall"));
        return new Table(textColumns, h.toArray(String[]::new));
    }

    private static void timesRow(Table t, AnalysisReport.Times x, String... first) {
        List<String> r = new java.util.ArrayList<>(List.of(first));
        for (long v : new long[] {x.execNanos(), x.schedWaitNanos(), x.blockNanos(), x.blockParkNanos(),
                x.blockSleepNanos(), x.blockMonitorNanos(), x.blockWaitNanos(), x.blockOtherNanos(), x.syscallNanos()}) {
            r.add(Fmt.duration(v));
        }
        t.row(r.toArray(String[]::new));
    }
}
