package gmp4j.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GoroutineAnalysisTest {
    static final long T0 = 1_700_000_000_000_000_000L;
    static final long MS = 1_000_000L;

    static long ms(double m) {
        return T0 + Math.round(m * MS);
    }

    /**
     * Two Ps, three goroutines, 40 ms; every figure below is worked out by hand from this schedule.
     * P0: G1 1-11, G3 11-16, (G3 in a syscall 16-26, handed off), G3 27-35.
     * P1: G2 2-12, G1 12-22, G2 22-31, G2 36-40.
     */
    static List<SchedEvent> knownSchedule() {
        return List.of(
                new SchedEvent.Gomaxprocs(ms(0), 2, "gmp"),
                new SchedEvent.GoCreate(ms(0), 1, -1, 101, "worker-1"),
                new SchedEvent.GoCreate(ms(0), 2, -1, 102, "worker-2"),
                new SchedEvent.GoCreate(ms(0), 3, 1, 103, ""),
                new SchedEvent.GoStart(ms(1), 1, 0, 0, 101, 1 * MS),
                new SchedEvent.GoStart(ms(2), 2, 1, 1, 102, 2 * MS),
                new SchedEvent.GoPreempt(ms(11), 1, 0, 0, 10 * MS, false),
                new SchedEvent.GoStart(ms(11), 3, 0, 0, 103, 11 * MS),
                new SchedEvent.GoPark(ms(12), 2, 1, 1, "sleep", ""),
                new SchedEvent.GoStart(ms(12), 1, 1, 1, 101, 1 * MS),
                new SchedEvent.GoSysCall(ms(16), 3, 0, 0),
                new SchedEvent.GoSysBlock(ms(17), 3, 0, 0),
                new SchedEvent.ProcSteal(ms(17), 0, 1, 1, 2),
                new SchedEvent.GoUnpark(ms(20), 2, -1, "timer"),
                new SchedEvent.GoEnd(ms(22), 1, 1, 1),
                new SchedEvent.GoStart(ms(22), 2, 1, 1, 102, 2 * MS),
                new SchedEvent.GoSysExit(ms(26), 3, -1, 0),
                new SchedEvent.GoStart(ms(27), 3, 0, 2, 103, 1 * MS),
                new SchedEvent.GoPreempt(ms(30), 3, 0, 2, 3 * MS, true),
                new SchedEvent.GoPark(ms(31), 2, 1, 1, "monitor", "java.lang.Object"),
                new SchedEvent.GoUnpark(ms(33), 2, 3, "goroutine"),
                new SchedEvent.GoEnd(ms(35), 3, 0, 2),
                new SchedEvent.GoStart(ms(36), 2, 1, 1, 102, 3 * MS),
                new SchedEvent.GoEnd(ms(40), 2, 1, 1));
    }

    static AnalysisReport analyse(List<SchedEvent> events) {
        GoroutineAnalysis a = new GoroutineAnalysis("test");
        events.forEach(a);
        return a.report();
    }

    @Test
    void goroutineTimesFollowTheKnownSchedule() {
        AnalysisReport r = analyse(knownSchedule());
        Map<Long, AnalysisReport.Times> byG = r.topGoroutines().stream()
                .collect(Collectors.toMap(AnalysisReport.GoroutineRow::goid, AnalysisReport.GoroutineRow::times));
        assertEquals(new AnalysisReport.Times(20 * MS, 2 * MS, 0, 0, 0, 0, 0, 0), byG.get(1L));
        assertEquals(new AnalysisReport.Times(23 * MS, 7 * MS, 0, 8 * MS, 2 * MS, 0, 0, 0), byG.get(2L));
        assertEquals(new AnalysisReport.Times(13 * MS, 12 * MS, 0, 0, 0, 0, 0, 10 * MS), byG.get(3L));
        assertEquals(List.of(2L, 1L, 3L), r.topGoroutines().stream().map(AnalysisReport.GoroutineRow::goid).toList(),
                "most execution time first");
        assertTrue(r.topGoroutines().stream().allMatch(AnalysisReport.GoroutineRow::ended));
    }

    @Test
    void goroutinesAreGroupedIntoKindsByNameWithoutDigitsAndUnnamedOnesByTheirCreator() {
        AnalysisReport r = analyse(knownSchedule());
        Map<String, AnalysisReport.KindRow> kinds = r.kinds().stream()
                .collect(Collectors.toMap(AnalysisReport.KindRow::kind, Function.identity()));
        assertEquals(2, kinds.size(), kinds.keySet().toString());
        assertEquals(2, kinds.get("worker-N").count());
        assertEquals(43 * MS, kinds.get("worker-N").times().execNanos());
        assertEquals(1, kinds.get("(unnamed, from worker-N)").count());
        assertEquals(10 * MS, kinds.get("(unnamed, from worker-N)").times().syscallNanos());
    }

    @Test
    void wakeUpPreemptionsAreCountedApartFromSliceEnds() {
        AnalysisReport.Totals t = analyse(List.of(
                new SchedEvent.Gomaxprocs(ms(0), 1, "gmp"),
                new SchedEvent.GoCreate(ms(0), 1, -1, 101, "hog"),
                new SchedEvent.GoStart(ms(1), 1, 0, 0, 101, MS),
                new SchedEvent.GoPreempt(ms(11), 1, 0, 0, 10 * MS, false, "slice"),
                new SchedEvent.GoStart(ms(11), 1, 0, 0, 101, 0),
                new SchedEvent.GoPreempt(ms(13), 1, 0, 0, 2 * MS, false, "wakeup"),
                new SchedEvent.GoStart(ms(14), 1, 0, 0, 101, MS),
                new SchedEvent.GoPreempt(ms(16), 1, 0, 0, 2 * MS, true, "wakeup"),
                new SchedEvent.GoEnd(ms(20), 1, 0, 0))).totals();
        assertEquals(2, t.preemptions());
        assertEquals(1, t.wakeupPreemptions());
        assertEquals(1, t.failedPreemptions());
    }

    @Test
    void totalsCountEveryKindOfTransition() {
        AnalysisReport r = analyse(knownSchedule());
        AnalysisReport.Totals t = r.totals();
        assertEquals("gmp", r.arm());
        assertEquals(2, r.gomaxprocs());
        assertEquals(40 * MS, r.wallNanos());
        assertEquals(24, r.events());
        assertEquals(3, t.goroutines());
        assertEquals(3, t.created());
        assertEquals(3, t.ended());
        assertEquals(7, t.starts());
        assertEquals(1, t.preemptions());
        assertEquals(0, t.wakeupPreemptions());
        assertEquals(1, t.failedPreemptions());
        assertEquals(1, t.steals());
        assertEquals(1, t.stolenGoroutines());
        assertEquals(1, t.handoffs());
        assertEquals(1, t.syscalls());
        assertEquals(2, t.parks());
        assertEquals(56 * MS, t.times().execNanos());
        assertEquals(21 * MS, t.times().schedWaitNanos());
        assertEquals(10 * MS, t.times().blockNanos());
        assertEquals(3, r.threads().distinctMs());
    }

    @Test
    void schedulingLatencyPercentilesComeFromGoStart() {
        AnalysisReport.Latency l = analyse(knownSchedule()).schedLatency();
        // 1, 1, 1, 2, 2, 3, 11 ms; HdrHistogram keeps 3 significant digits.
        assertEquals(7, l.count());
        assertEquals(2 * MS, l.p50Nanos(), 0.001 * 2 * MS);
        assertEquals(11 * MS, l.maxNanos(), 0.001 * 11 * MS);
        assertEquals(1.0, l.cdf().getLast().fraction());
        for (int i = 1; i < l.cdf().size(); i++) {
            assertTrue(l.cdf().get(i).fraction() > l.cdf().get(i - 1).fraction()
                    && l.cdf().get(i).nanos() >= l.cdf().get(i - 1).nanos(), "the CDF only rises: " + l.cdf());
        }
        assertEquals(21.0 / 7 * MS, l.meanNanos(), 0.001 * 3 * MS);
    }

    @Test
    void perPUtilisationIsBusyTimeOverWallTime() {
        AnalysisReport r = analyse(knownSchedule());
        assertEquals(List.of(
                        new AnalysisReport.LaneRow("P0", 3, 23 * MS, 23.0 / 40),
                        new AnalysisReport.LaneRow("P1", 4, 33 * MS, 33.0 / 40)),
                r.lanes());
        List<AnalysisReport.Span> p1 = r.timeline().get(1).spans();
        assertEquals(List.of(2L, 1L, 2L, 2L), p1.stream().map(AnalysisReport.Span::goid).toList(),
                "P1 ran G2, G1, G2, then G2 again after a gap");
        assertEquals(2 * MS, p1.getFirst().fromNanos(), 0.02 * MS);
    }

    @Test
    void mmuIsTheWorstWindowOfEachSize() {
        AnalysisReport r = analyse(knownSchedule());
        Map<Long, Double> mmu = r.mmu().stream()
                .collect(Collectors.toMap(AnalysisReport.MmuPoint::windowNanos, AnalysisReport.MmuPoint::minUtilisation));
        assertEquals(0.0, mmu.get(1 * MS), 1e-9, "0-1 ms: nothing ran");
        assertEquals(0.25, mmu.get(2 * MS), 1e-9, "0-2 ms: one P for 1 of 2 ms");
        assertEquals(0.4, mmu.get(5 * MS), 1e-9, "e.g. 35-40 ms: P0 idle, P1 4 of 5 ms");
        assertEquals(56.0 / 80, mmu.get(40 * MS), 1e-9, "whole run: mean utilisation");
        assertEquals(1_000, r.mmuResolutionNanos());
    }

    @Test
    void goroutinesSeenOnlyAfterTheirCreationAndStillRunningAtTheEndAreCounted() {
        List<SchedEvent> events = List.of(
                new SchedEvent.Gomaxprocs(ms(0), 1, "fjp"),
                new SchedEvent.GoStart(ms(1), 9, -1, 4, 99, -1),
                new SchedEvent.GoPark(ms(3), 9, -1, 4, "park", ""),
                new SchedEvent.GoUnpark(ms(4), 9, -1, "external"),
                new SchedEvent.GoStart(ms(6), 9, -1, 5, 99, -1),
                new SchedEvent.SchedStats(ms(10), 1, 0, 2, 0, 0, 0, "", -1, -1, -1, -1));
        AnalysisReport r = analyse(events);
        assertEquals("fjp", r.arm());
        AnalysisReport.GoroutineRow g = r.topGoroutines().getFirst();
        assertEquals(GoroutineKind.UNKNOWN, g.kind());
        assertEquals(false, g.ended());
        assertEquals(new AnalysisReport.Times(6 * MS, 2 * MS, 1 * MS, 0, 0, 0, 0, 0), g.times());
        assertEquals(1, r.schedLatency().count(), "the second start's latency is seen from the stream");
        assertEquals(2 * MS, r.schedLatency().maxNanos(), 0.001 * 2 * MS);
        assertEquals(List.of("M4", "M5"), r.lanes().stream().map(AnalysisReport.LaneRow::lane).toList(),
                "no Ps in this arm: lanes are carriers");
        assertEquals(-1, r.totals().steals(), "SchedStats says steals are not meaningful here");
        assertEquals(2, r.threads().maxSchedStatsThreads());
    }

    @Test
    void unnamedGoroutinesWithACreationStackAreGroupedByWhereTheyWereStarted() {
        AnalysisReport r = analyse(List.of(
                new SchedEvent.GoCreate(ms(0), 1, -1, 1, "", "com.acme.Server.accept"),
                new SchedEvent.GoCreate(ms(0), 2, -1, 2, "", "com.acme.Server.accept"),
                new SchedEvent.GoCreate(ms(0), 3, -1, 3, "", "com.acme.Batch.run"),
                new SchedEvent.GoCreate(ms(0), 4, -1, 4, "poller-7", "com.acme.Io.start")));
        assertEquals(java.util.Set.of("(started in com.acme.Server.accept)", "(started in com.acme.Batch.run)", "poller-N"),
                r.kinds().stream().map(AnalysisReport.KindRow::kind).collect(Collectors.toSet()));
    }

    @Test
    void withoutEventsThatEndARunGoroutineTimesAreUnavailableNotSummedToTheEnd() {
        // the low-overhead profile: slow GoStarts only, no GoCreate/GoEnd/GoPark/GoSched
        AnalysisReport r = analyse(List.of(
                new SchedEvent.Gomaxprocs(ms(0), 2, "gmp"),
                new SchedEvent.GoStart(ms(1), 1, 0, 0, 1, 6 * MS),
                new SchedEvent.GoStart(ms(2), 2, 1, 1, 2, 7 * MS),
                new SchedEvent.GoStart(ms(1000), 3, 0, 0, 3, 6 * MS)));
        Map<String, Figure> byName = Figure.of(r).stream().collect(Collectors.toMap(Figure::name, Function.identity()));
        assertEquals(-1, byName.get("execution time").value());
        assertEquals(-1, byName.get("scheduling wait").value());
        assertEquals(7 * MS, byName.get("sched latency max").value(), 0.01 * MS);
        Map<String, Figure> full = Figure.of(analyse(knownSchedule())).stream()
                .collect(Collectors.toMap(Figure::name, Function.identity()));
        assertEquals(56 * MS, full.get("execution time").value(), 0.001 * MS);
    }

    @Test
    void anUnparkThatReachesARunningGoroutineChangesNothing() {
        AnalysisReport r = analyse(List.of(
                new SchedEvent.GoCreate(ms(0), 1, -1, 1, "g"),
                new SchedEvent.GoStart(ms(0), 1, 0, 0, 1, 0),
                new SchedEvent.GoUnpark(ms(2), 1, 7, "goroutine"),
                new SchedEvent.GoPark(ms(5), 1, 0, 0, "park", ""),
                new SchedEvent.GoUnpark(ms(6), 1, 7, "goroutine"),
                new SchedEvent.GoStart(ms(8), 1, 0, 0, 1, 2 * MS),
                new SchedEvent.GoEnd(ms(10), 1, 0, 0)));
        assertEquals(new AnalysisReport.Times(7 * MS, 2 * MS, 1 * MS, 0, 0, 0, 0, 0),
                r.topGoroutines().getFirst().times());
    }

    @Test
    void longRunsKeepABoundedNumberOfBuckets() {
        // 2 hours of a goroutine running 1 ms every second: the series merge, memory does not grow.
        GoroutineAnalysis a = new GoroutineAnalysis("long");
        a.accept(new SchedEvent.Gomaxprocs(ms(0), 1, "gmp"));
        for (int s = 0; s < 7200; s++) {
            a.accept(new SchedEvent.GoStart(ms(s * 1000.0), 1, 0, 0, 1, 0));
            a.accept(new SchedEvent.GoSched(ms(s * 1000.0 + 1), 1, 0, 0));
        }
        AnalysisReport r = a.report();
        assertTrue(r.utilisation().size() <= 500, "points: " + r.utilisation().size());
        assertTrue(r.timeline().getFirst().spans().size() <= LaneTimeline.COUNT);
        assertTrue(r.threads().series().size() <= MSeries.COUNT);
        assertEquals(7200 * MS, r.totals().times().execNanos());
        assertEquals(7200.0 / (7199 * 1000 + 1), r.mmu().getLast().minUtilisation(), 1e-6);
    }
}
