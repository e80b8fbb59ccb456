/*
 * GoroutineAnalysis: Go's goroutine analysis over a stream of SchedEvents, in bounded memory.
 *
 * It follows every goroutine through Go's state machine (notes/EVENTS.md):
 *   GoCreate -> runnable; GoStart -> running; GoSched / GoPreempt -> runnable; GoPark -> waiting;
 *   GoUnpark -> runnable; GoSysCall -> syscall; GoSysExit -> running on its P, or runnable when it
 *   has none (p = -1: the P was handed off, a GoStart follows); GoEnd -> dead,
 * and charges the time between two transitions to the state it leaves: running = execution,
 * runnable = scheduling wait, waiting = block time under the park reason, syscall = syscall time.
 * A running goroutine also charges its P (its carrier M when there is no P, as in the ForkJoinPool
 * arm) for the per-P utilisation, the lane timeline and the utilisation series behind the MMU.
 *
 * The machine is forgiving: each event sets the state it names whatever came before, because
 * events of two threads can be committed in a slightly different order than they happened (an
 * unpark seen just after the GoStart it caused). A goroutine first seen after its creation gets
 * the kind "(created before the recording)".
 *
 * Memory: state only for live goroutines (dropped at GoEnd), aggregates per kind, the N goroutines
 * with the most execution time, an HdrHistogram, and fixed-size time Buckets. Nothing grows with the
 * number of events.
 *
 * Scheduling latency: the histogram takes GoStart.schedLatency as the producer measured it; where
 * that is -1 it uses the runnable -> running time seen in the stream, as Go's analysis does.
 * Go mirror: internal/trace's GoroutineSummary / summarizer (goroutinesv2.go) and cmd/trace's
 * goroutine and MMU pages.
 */
package gmp4j.analyzer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

public final class GoroutineAnalysis implements Consumer<SchedEvent> {
    /** How many goroutines the report lists one by one (those with the most execution time). */
    static final int TOP_GOROUTINES = 20;
    /** At most this many points in the utilisation plot and the latency CDF. */
    private static final int MAX_POINTS = 500;

    private enum Status { RUNNABLE, RUNNING, WAITING, SYSCALL }

    /** A live goroutine. */
    private static final class G {
        final long goid;
        final String name;
        final String kind;
        final TimeAccumulator times = new TimeAccumulator();
        Status status = Status.RUNNABLE;
        long since;
        String lane;
        String waitReason = "other";

        G(long goid, String name, String kind, long since) {
            this.goid = goid;
            this.name = name;
            this.kind = kind;
            this.since = since;
        }
    }

    private static final class KindTotals {
        long count;
        final TimeAccumulator times = new TimeAccumulator();
    }

    private final String recording;
    private final Map<Long, G> live = new HashMap<>();
    private final Map<String, KindTotals> kinds = new HashMap<>();
    private final PriorityQueue<AnalysisReport.GoroutineRow> top =
            new PriorityQueue<>(Comparator.comparingLong(r -> r.times().execNanos()));
    private final Histogram latency = new Histogram(3);
    private final UtilisationSeries utilisation = new UtilisationSeries();
    private final MSeries threads = new MSeries();
    private final LaneTimeline timeline = new LaneTimeline();
    private final Map<String, long[]> laneStarts = new LinkedHashMap<>();
    private final Map<String, Long> laneBusy = new HashMap<>();
    private final List<long[]> procsChanges = new ArrayList<>(); // {time, procs}
    private SchedEvent.SchedStats firstStats;
    private SchedEvent.SchedStats lastStats;
    private String arm = "unknown";
    private long first = Long.MIN_VALUE;
    private long last = Long.MIN_VALUE;
    private long events;
    private long goroutines;
    private long created;
    private long ended;
    private long starts;
    private long gosched;
    private long preemptions;
    private long failedPreemptions;
    private long wakeupPreemptions;
    private long steals;
    private long stolen;
    private long handoffs;
    private long syscalls;
    private long parks;
    private long procStarts;
    private long procStops;
    private long maxThreads = -1;
    private AnalysisReport report;
    private final Hogs hogs = new Hogs();

    /** Reads file and analyses it; BadInputException for anything wrong with the file. */
    public static AnalysisReport analyze(Path file, Progress progress) {
        GoroutineAnalysis analysis = new GoroutineAnalysis(file.toString());
        RecordingReader.read(file, analysis, progress);
        return analysis.report();
    }

    /** recording: a label for the report (the file name). */
    public GoroutineAnalysis(String recording) {
        this.recording = recording;
    }

    @Override
    public void accept(SchedEvent e) {
        if (report != null) {
            throw new IllegalStateException("report() was already called");
        }
        long t = e.time();
        if (first == Long.MIN_VALUE) {
            first = t;
            utilisation.index(t); // one origin for every series: the first event
            threads.index(t);
            timeline.index(t);
        }
        last = Math.max(last, t);
        events++;
        threads.sawM(t, carrier(e));
        switch (e) {
            case SchedEvent.GoCreate c -> create(c);
            case SchedEvent.GoStart s -> start(s);
            case SchedEvent.GoEnd d -> {
                G g = goroutine(d.goid(), t);
                leave(g, t);
                live.remove(d.goid());
                ended++;
                retire(g, true);
            }
            case SchedEvent.GoSched s -> {
                gosched++;
                become(goroutine(s.goid(), t), t, Status.RUNNABLE);
            }
            case SchedEvent.GoPreempt p -> {
                if (p.failed()) {
                    failedPreemptions++; // it asked, the thread was pinned: it keeps running
                } else {
                    preemptions++;
                    if (p.wakeup()) {
                        wakeupPreemptions++;
                    }
                    become(goroutine(p.goid(), t), t, Status.RUNNABLE);
                }
            }
            case SchedEvent.GoPark p -> {
                parks++;
                G g = goroutine(p.goid(), t);
                become(g, t, Status.WAITING);
                g.waitReason = p.reason();
            }
            case SchedEvent.GoUnpark u -> {
                G g = goroutine(u.goid(), t);
                if (g.status != Status.RUNNING) {
                    // As Go's ready(): only a waiting G becomes runnable. An unpark that reaches a
                    // running G (LockSupport's permit, given before it parks) changes nothing.
                    become(g, t, Status.RUNNABLE);
                }
            }
            case SchedEvent.GoSysCall s -> {
                syscalls++;
                become(goroutine(s.goid(), t), t, Status.SYSCALL);
            }
            case SchedEvent.GoSysBlock b -> handoffs++;
            case SchedEvent.GoSysExit x -> {
                G g = goroutine(x.goid(), t);
                if (x.p() >= 0) {
                    run(g, t, lane(x.p(), x.m()));
                } else {
                    become(g, t, Status.RUNNABLE);
                }
            }
            case SchedEvent.ProcStart p -> procStarts++;
            case SchedEvent.ProcStop p -> procStops++;
            case SchedEvent.ProcSteal s -> {
                steals++;
                stolen += Math.max(0, s.count());
            }
            case SchedEvent.Gomaxprocs g -> {
                arm = g.scheduler().isEmpty() ? arm : g.scheduler();
                if (g.procs() > 0) {
                    procsChanges.add(new long[] {t, g.procs()});
                }
            }
            case SchedEvent.Hog h -> hogs.add(h);
            case SchedEvent.SchedStats s -> {
                if (firstStats == null) {
                    firstStats = s;
                }
                lastStats = s;
                if (s.threads() >= 0) {
                    threads.sawThreads(t, s.threads());
                    maxThreads = Math.max(maxThreads, s.threads());
                }
            }
        }
    }

    private void create(SchedEvent.GoCreate c) {
        if (live.containsKey(c.goid())) {
            return; // seen already (a duplicate)
        }
        G parent = live.get(c.parentGoid());
        String kind = GoroutineKind.of(c.threadName(), c.startLocation(), c.parentGoid(), parent == null ? null : parent.kind);
        created++;
        add(new G(c.goid(), c.threadName(), kind, c.time()));
    }

    private void start(SchedEvent.GoStart s) {
        long t = s.time();
        G g = live.get(s.goid());
        long seen = -1;
        if (g == null) {
            g = add(new G(s.goid(), "", GoroutineKind.UNKNOWN, t));
        } else if (g.status == Status.RUNNABLE) {
            seen = t - g.since;
        }
        long lat = s.schedLatency() >= 0 ? s.schedLatency() : seen;
        if (lat >= 0) {
            latency.recordValue(lat);
        }
        starts++;
        run(g, t, lane(s.p(), s.m()));
    }

    private G add(G g) {
        live.put(g.goid, g);
        goroutines++;
        kinds.computeIfAbsent(g.kind, k -> new KindTotals()).count++;
        return g;
    }

    /** The live goroutine goid, or a new one of unknown kind (it existed before the recording). */
    private G goroutine(long goid, long t) {
        G g = live.get(goid);
        return g != null ? g : add(new G(goid, "", GoroutineKind.UNKNOWN, t));
    }

    private void run(G g, long t, String lane) {
        become(g, t, Status.RUNNING);
        g.lane = lane;
        if (lane != null) {
            laneStarts.computeIfAbsent(lane, k -> new long[1])[0]++;
        }
    }

    private void become(G g, long t, Status next) {
        leave(g, t);
        g.status = next;
    }

    /** Charges the time since the last transition to the state g is leaving. */
    private void leave(G g, long t) {
        long from = g.since;
        long dt = Math.max(0, t - from);
        switch (g.status) {
            case RUNNING -> {
                g.times.exec += dt;
                utilisation.addRunning(from, t);
                if (g.lane != null) {
                    timeline.ran(g.lane, from, t, g.goid, g.kind);
                    laneBusy.merge(g.lane, dt, Long::sum);
                }
                g.lane = null;
            }
            case RUNNABLE -> g.times.schedWait += dt;
            case WAITING -> g.times.block(g.waitReason, dt);
            case SYSCALL -> g.times.syscall += dt;
        }
        g.since = Math.max(from, t);
    }

    private void retire(G g, boolean hasEnded) {
        kinds.get(g.kind).times.add(g.times);
        top.add(new AnalysisReport.GoroutineRow(g.goid, g.name, g.kind, hasEnded, g.times.toTimes()));
        if (top.size() > TOP_GOROUTINES) {
            top.poll();
        }
    }

    /** The M an event happened on, -1 if it names none. */
    private static long carrier(SchedEvent e) {
        return switch (e) {
            case SchedEvent.GoStart s -> s.m();
            case SchedEvent.GoEnd s -> s.m();
            case SchedEvent.GoSched s -> s.m();
            case SchedEvent.GoPreempt s -> s.m();
            case SchedEvent.GoPark s -> s.m();
            case SchedEvent.GoSysCall s -> s.m();
            case SchedEvent.GoSysExit s -> s.m();
            case SchedEvent.GoSysBlock s -> s.m();
            case SchedEvent.ProcStart s -> s.m();
            case SchedEvent.ProcStop s -> s.m();
            case SchedEvent.ProcSteal s -> s.m();
            case SchedEvent.GoCreate s -> -1;
            case SchedEvent.GoUnpark s -> -1;
            case SchedEvent.Gomaxprocs s -> -1;
            case SchedEvent.SchedStats s -> -1;
            case SchedEvent.Hog s -> -1; // committed by a watcher: says nothing about Ms at work
        };
    }

    private static String lane(long p, long m) {
        return p >= 0 ? "P" + p : m >= 0 ? "M" + m : null;
    }

    /** The report; closes the goroutines still live at the last event. Call once, after the last event. */
    public AnalysisReport report() {
        if (report != null) {
            return report;
        }
        if (events == 0) {
            throw new IllegalStateException("no events");
        }
        for (G g : live.values()) {
            leave(g, last);
            retire(g, false);
        }
        live.clear();
        long wall = last - first;

        long procs = addCapacity();

        TimeAccumulator all = new TimeAccumulator();
        List<AnalysisReport.KindRow> kindRows = new ArrayList<>();
        for (Map.Entry<String, KindTotals> k : kinds.entrySet()) {
            all.add(k.getValue().times);
            kindRows.add(new AnalysisReport.KindRow(k.getKey(), k.getValue().count, k.getValue().times.toTimes()));
        }
        kindRows.sort(Comparator.comparingLong((AnalysisReport.KindRow r) -> -r.times().execNanos())
                .thenComparing(AnalysisReport.KindRow::kind));
        List<AnalysisReport.GoroutineRow> topRows = new ArrayList<>(top);
        topRows.sort(Comparator.comparingLong((AnalysisReport.GoroutineRow r) -> -r.times().execNanos())
                .thenComparingLong(AnalysisReport.GoroutineRow::goid));

        List<AnalysisReport.LaneRow> laneRows = new ArrayList<>();
        List<AnalysisReport.LaneSpans> spans = new ArrayList<>();
        int laneBuckets = timeline.used(last);
        for (String lane : timeline.laneNames()) {
            long busy = laneBusy.getOrDefault(lane, 0L);
            laneRows.add(new AnalysisReport.LaneRow(lane, laneStarts.getOrDefault(lane, new long[1])[0], busy,
                    wall > 0 ? (double) busy / wall : 0));
            spans.add(new AnalysisReport.LaneSpans(lane, timeline.spans(lane, laneBuckets)));
        }

        AnalysisReport.Totals totals = new AnalysisReport.Totals(goroutines, created, ended, all.toTimes(), starts,
                gosched,
                orStats(preemptions, s -> s.preemptions()),
                preemptions == 0 && orStats(preemptions, s -> s.preemptions()) < 0 ? -1 : wakeupPreemptions,
                orStats(failedPreemptions, s -> s.preemptFailures()),
                orStats(steals, s -> s.steals()),
                steals == 0 && orStats(steals, s -> s.steals()) < 0 ? -1 : stolen,
                orStats(handoffs, s -> s.handoffs()),
                syscalls, parks, procStarts, procStops);

        int used = utilisation.used(last);
        report = new AnalysisReport(recording, arm, procs, first, wall, events, totals, latencySummary(),
                kindRows, topRows, laneRows, threadsSummary(), utilisation.width(), Mmu.curve(utilisation, used, Math.max(1, wall)),
                utilisationPoints(used), hogs.rows(), spans);
        return report;
    }

    /** Adds the P-time (procs x time) to the utilisation series; returns the last GOMAXPROCS. */
    private long addCapacity() {
        if (procsChanges.isEmpty()) {
            // No Gomaxprocs event: assume as many Ps as lanes seen.
            procsChanges.add(new long[] {first, Math.max(1, laneStarts.size())});
        }
        for (int i = 0; i < procsChanges.size(); i++) {
            long from = Math.max(first, procsChanges.get(i)[0]);
            long to = i + 1 < procsChanges.size() ? procsChanges.get(i + 1)[0] : last;
            utilisation.addCapacity(from, Math.max(from, to), procsChanges.get(i)[1]);
        }
        return procsChanges.getLast()[1];
    }

    /**
     * A counter from the events, or, when the stream had no such event at all but SchedStats
     * counts them, the growth of SchedStats' cumulative counter over the run (-1: not meaningful).
     */
    private long orStats(long fromEvents, ToLongFunction<SchedEvent.SchedStats> counter) {
        if (fromEvents > 0 || lastStats == null) {
            return fromEvents;
        }
        long a = counter.applyAsLong(firstStats);
        long b = counter.applyAsLong(lastStats);
        return a < 0 || b < 0 ? -1 : b - a;
    }

    private AnalysisReport.Latency latencySummary() {
        long n = latency.getTotalCount();
        List<AnalysisReport.CdfPoint> cdf = new ArrayList<>();
        if (n == 0) {
            return new AnalysisReport.Latency(0, 0, -1, -1, -1, -1, -1, cdf);
        }
        // Linear steps for the body, logarithmic ones (0.9, 0.99, ...) for the tail.
        double[] fractions = new double[MAX_POINTS / 5];
        int linear = 45; // 0, 0.02, ... 0.88; then 0.9 ... 0.99999, both increasing
        for (int i = 0; i < linear; i++) {
            fractions[i] = i / 50.0;
        }
        for (int i = linear; i < fractions.length; i++) {
            fractions[i] = 1 - Math.pow(10, -1 - 4.0 * (i - linear) / (fractions.length - linear - 1));
        }
        long prev = -1;
        for (double f : fractions) {
            long v = latency.getValueAtPercentile(f * 100);
            if (v != prev) {
                cdf.add(new AnalysisReport.CdfPoint(v, f));
                prev = v;
            }
        }
        cdf.add(new AnalysisReport.CdfPoint(latency.getMaxValue(), 1.0));
        return new AnalysisReport.Latency(n, latency.getMean(), latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(90), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue(), cdf);
    }

    private AnalysisReport.Threads threadsSummary() {
        int used = threads.used(last);
        List<AnalysisReport.ThreadsPoint> series = new ArrayList<>();
        int maxPerWindow = 0;
        for (int i = 0; i < used; i++) {
            int d = threads.distinctMs(i);
            maxPerWindow = Math.max(maxPerWindow, d);
            series.add(new AnalysisReport.ThreadsPoint(i * threads.width(), d, threads.threads(i)));
        }
        return new AnalysisReport.Threads(threads.distinctMsEver(), maxPerWindow, threads.width(), maxThreads, series);
    }

    private List<AnalysisReport.UtilPoint> utilisationPoints(int used) {
        List<AnalysisReport.UtilPoint> points = new ArrayList<>();
        int group = Math.max(1, (used + MAX_POINTS - 1) / MAX_POINTS);
        for (int i = 0; i < used; i += group) {
            long run = 0;
            long cap = 0;
            for (int j = i; j < Math.min(used, i + group); j++) {
                run += utilisation.running(j);
                cap += utilisation.capacity(j);
            }
            points.add(new AnalysisReport.UtilPoint(i * utilisation.width(),
                    cap > 0 ? Math.min(1.0, (double) run / cap) : 0));
        }
        return points;
    }
}
