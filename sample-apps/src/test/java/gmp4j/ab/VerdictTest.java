package gmp4j.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gmp4j.analyzer.Figure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict rules on fixed A/B figures (no child JVM, no recording). */
class VerdictTest {

    private static AbResult result(String scenario, String duration, Map<String, Object> fjp, Map<String, Object> gmp) {
        List<AbResult.Row> analyzer = List.of(
                new AbResult.Row("wall time", Figure.Unit.NANOS, new double[] {3.2e9}, new double[] {3.2e9}),
                new AbResult.Row("sched latency p99", Figure.Unit.NANOS, new double[] {2e6}, new double[] {11e6}),
                new AbResult.Row("preemptions", Figure.Unit.COUNT, new double[] {0}, new double[] {290}),
                new AbResult.Row("wake-up preemptions", Figure.Unit.COUNT, new double[] {0}, new double[] {480}));
        AbCommand.Settings settings = new AbCommand.Settings(duration, 2, 1, "1g", "trace", Path.of("unused"), List.of());
        return new AbResult(Scenario.named(scenario), settings, List.of(new ArmRun(Arm.FJP, 1, fjp, null, 0)),
                List.of(new ArmRun(Arm.GMP, 1, gmp, null, 0)), analyzer, null);
    }

    private static Map<String, Object> figures(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", "x");
        m.put("carrier", "c");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        m.put("params", "duration_ms");
        m.put("duration_ms", 3000);
        return m;
    }

    private static Map<String, Object> probe(long wakeups, double p99, double max) {
        return figures("wakeups", wakeups, "lateness_p50_us", p99 / 3, "lateness_p99_us", p99, "lateness_p999_us", max,
                "lateness_max_us", max, "lateness_n", wakeups, "lateness_cdf", wakeups == 0 ? "" : "80.0:0.0000 " + p99 + ":0.9900 "
                        + max + ":1.0000", "cpu_ms", 6000);
    }

    @Test
    void aProbeThatNeverWokeOnTheForkJoinPoolIsCalledStarvedWithTheOtherArmsWakeUpsAndP99() {
        AbResult r = result("hog-latency", "3s", probe(0, 0, 0), probe(513, 10_900, 14_000));
        assertEquals("ForkJoinPool: probe starved, 0 wake-ups in 3.0 s; gmp4j: 513 wake-ups, p99 10.9ms late.",
                r.verdict.sentence());
        assertTrue(Verdict.starved(r, "lateness", Arm.FJP));
        assertFalse(Verdict.starved(r, "lateness", Arm.GMP));
        assertTrue(r.verdict.plot().cdf());
        assertEquals(List.of("lateness"), r.verdict.plot().keys());
        assertEquals("wakeups", r.verdict.headlines().getFirst().name());
        Verdict.Headline p99 = r.verdict.headlines().get(2);
        assertEquals(List.of("lateness p99", "no samples", "10.9ms", "-"), List.of(p99.name(), p99.fjp(), p99.gmp(), p99.ratio()));
    }

    @Test
    void aProbeWithAFewWakeUpsButAWaitOfHalfTheRunIsStarvedToo() {
        AbResult r = result("hog-latency", "3s", probe(600, 2_000_000, 2_900_000), probe(513, 10_900, 14_000));
        assertTrue(r.verdict.sentence().startsWith("ForkJoinPool: probe starved, 600 wake-ups in 3.0 s, worst 2.9s late;"),
                r.verdict.sentence());
        assertEquals("starved: waited 2.9s of a 3.0 s run", Verdict.starvedBecause(r, "lateness", Arm.FJP));
    }

    @Test
    void anArmWithUnderATenthOfTheOthersSamplesIsStarvedAndOneWithMoreIsNot() {
        AbResult few = result("hog-latency", "3s", probe(40, 900, 1_000), probe(513, 10_900, 14_000));
        assertEquals("starved: 40 samples vs 513", Verdict.starvedBecause(few, "lateness", Arm.FJP));
        AbResult enough = result("hog-latency", "3s", probe(60, 900, 1_000), probe(513, 10_900, 14_000));
        assertFalse(Verdict.starved(enough, "lateness", Arm.FJP));
        assertEquals("ForkJoinPool: 60 wake-ups, p99 900us late; gmp4j: 513 wake-ups, p99 10.9ms late"
                + " (wake-ups gmp4j/FJP 8.55x).", enough.verdict.sentence());
    }

    private static Map<String, Object> mixed(double sleepRps, double sleepP99, double cpuRps, long sleepRequests) {
        return figures("sleep_requests", sleepRequests, "sleep_req_per_s", sleepRps, "sleep_p50_us", 1100.0,
                "sleep_p99_us", sleepP99, "sleep_max_us", sleepP99 * 2, "sleep_errors", 0, "cpu_requests", 200,
                "cpu_req_per_s", cpuRps, "cpu_p99_us", 90_000.0, "cpu_max_us", 100_000.0, "cpu_errors", 0);
    }

    @Test
    void theMixedServerVerdictGivesShortRequestsThroughputAndP99OfEachArmAndTheCpuThroughputRatio() {
        AbResult r = result("server-mixed", "5s", mixed(1200, 250_000, 40.9, 6000), mixed(9000, 3100, 40.1, 45_000));
        assertEquals("Short requests (/sleep): ForkJoinPool 1,200 req/s, p99 250ms; gmp4j 9,000 req/s, p99 3.1ms"
                + " (p99 gmp4j/FJP 0.01x). CPU-bound requests (/cpu): throughput gmp4j/FJP 0.98x (40.1 vs 40.9 req/s).",
                r.verdict.sentence());
        assertFalse(r.verdict.plot().cdf());
        assertEquals(List.of("sleep_req_per_s", "cpu_req_per_s"), r.verdict.plot().keys());
        assertEquals(6, r.verdict.headlines().size());
        AbResult starved = result("server-mixed", "5s", mixed(100, 4_000_000, 40.9, 500), mixed(9000, 3100, 40.1, 45_000));
        assertTrue(starved.verdict.sentence().startsWith("Short requests (/sleep): ForkJoinPool starved them, 100 req/s"),
                starved.verdict.sentence());
    }

    @Test
    void theServerVerdictGivesThroughputAndP99RatiosPerEndpoint() {
        Map<String, Object> fjp = figures("hello_requests", 60_000, "hello_req_per_s", 20_000.0, "hello_p99_us", 1200.0,
                "hello_max_us", 9000.0, "io_requests", 30_000, "io_req_per_s", 10_000.0, "io_p99_us", 4000.0, "io_max_us", 9000.0);
        Map<String, Object> gmp = figures("hello_requests", 57_000, "hello_req_per_s", 19_000.0, "hello_p99_us", 1300.0,
                "hello_max_us", 9000.0, "io_requests", 30_000, "io_req_per_s", 10_500.0, "io_p99_us", 3000.0, "io_max_us", 9000.0);
        AbResult r = result("server", "3s", fjp, gmp);
        assertEquals("ForkJoinPool vs gmp4j (ratio gmp4j/FJP): /hello 20,000 vs 19,000 req/s (0.95x), p99 1.2ms vs 1.3ms"
                + " (1.08x); /io 10,000 vs 10,500 req/s (1.05x), p99 4ms vs 3ms (0.75x).", r.verdict.sentence());
        assertEquals(List.of("hello_req_per_s", "io_req_per_s"), r.verdict.plot().keys());
        assertEquals(4, r.verdict.headlines().size());
    }

    @Test
    void anyOtherScenarioGetsItsMainFigurePerArmWithTheRatioAndItsFirstLatencysP99() {
        Map<String, Object> fjp = figures("round_trips", 300_000, "round_trips_per_s", 100_000.0, "round_trip_p50_us", 8.0,
                "round_trip_p99_us", 20.0, "round_trip_max_us", 900.0, "round_trip_n", 300_000, "cpu_ms", 3000);
        Map<String, Object> gmp = figures("round_trips", 360_000, "round_trips_per_s", 120_000.0, "round_trip_p50_us", 7.0,
                "round_trip_p99_us", 15.0, "round_trip_max_us", 800.0, "round_trip_n", 360_000, "cpu_ms", 3000);
        AbResult r = result("ping-pong", "3s", fjp, gmp);
        assertEquals("round trips/s: ForkJoinPool 100,000, gmp4j 120,000 (gmp4j/FJP 1.20x); round trip p99 20us vs 15us"
                + " (0.75x).", r.verdict.sentence());
        assertTrue(r.verdict.plot().cdf());
        int n = r.verdict.headlines().size();
        assertTrue(n >= 3 && n <= 6, r.verdict.headlines().toString());
    }

    @Test
    void aScenarioWithoutThroughputOrLatencyIsJudgedByItsMeanTimeShownAsBars() {
        AbResult r = result("skynet", null, figures("threads", 1000, "time_ms_mean", 120.0, "cpu_ms", 900),
                figures("threads", 1000, "time_ms_mean", 90.0, "cpu_ms", 800));
        assertEquals("time ms mean: ForkJoinPool 120, gmp4j 90 (gmp4j/FJP 0.75x).", r.verdict.sentence());
        assertFalse(r.verdict.plot().cdf());
        assertEquals(List.of("time_ms_mean"), r.verdict.plot().keys());
    }

    @Test
    void theLeadsPlotLegendGivesEachArmsSampleCountAndFlagsTheStarvedOneAndEscapesNames() {
        AbResult r = result("hog-latency", "3s", probe(0, 0, 0), probe(513, 10_900, 14_000));
        String lead = AbHtml.lead(r);
        assertTrue(lead.contains("ForkJoinPool (n=0), Starved: 0 samples vs 513"), lead);
        assertTrue(lead.contains("gmp4j (n=513)</p>"), lead);
        assertTrue(lead.contains("<polyline"), lead);
        AbResult hostile = result("ping-pong", "3s", figures("<script>x</script>_per_s", 1.0), figures("<script>x</script>_per_s", 2.0));
        String page = AbHtml.lead(hostile);
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("&lt;script&gt;"), page);
    }
}
