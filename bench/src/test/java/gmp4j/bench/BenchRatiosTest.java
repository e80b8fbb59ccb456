package gmp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchRatiosTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BenchRatiosTest.class.getResource("/" + name).toURI());
    }

    /**
     * ratios-fixture.json: suite Demo, alpha (full 3,4,5; off 2,2,2; none 1,2,3), beta (8 in every
     * arm, two forks), ops (throughput: full 50, none 100, no off arm), and PingPong (no arm suffix).
     */
    @Test
    void armsAreRecognisedByClassSuffixAndOtherBenchmarksSkipped() throws Exception {
        Map<String, Map<String, BenchRatios.Score>> r = BenchRatios.load(List.of(resource("ratios-fixture.json")));
        assertEquals(List.of("Demo.alpha", "Demo.beta", "Demo.ops"), List.copyOf(r.keySet()));
        assertEquals(4.0, r.get("Demo.alpha").get("full").mean(), 1e-12);
        assertEquals(2.0, r.get("Demo.alpha").get("none").mean(), 1e-12);
        assertEquals(6, r.get("Demo.beta").get("off").n(), "both forks' iterations");
        assertNull(r.get("Demo.ops").get("off"));
        assertTrue(r.get("Demo.ops").get("full").throughput());
    }

    @Test
    void ratiosAreOfTimesAndThroughputIsInverted() throws Exception {
        Map<String, Map<String, BenchRatios.Score>> r = BenchRatios.load(List.of(resource("ratios-fixture.json")));
        Map<String, BenchRatios.Score> alpha = r.get("Demo.alpha");
        assertEquals(2.0, BenchRatios.ratio(alpha.get("full"), alpha.get("off")).value(), 1e-12);
        assertEquals(1.0, BenchRatios.ratio(alpha.get("off"), alpha.get("none")).value(), 1e-12);
        Map<String, BenchRatios.Score> ops = r.get("Demo.ops");
        assertEquals(2.0, BenchRatios.ratio(ops.get("full"), ops.get("none")).value(), 1e-12, "half the ops/us: twice the time");
    }

    @Test
    void aRatiosSpreadIsTheRangeBothIntervalsAllow() {
        BenchRatios.Score num = new BenchRatios.Score(10, 1, 5, "us/op", false);
        BenchRatios.Score den = new BenchRatios.Score(5, 1, 5, "us/op", false);
        BenchRatios.Ratio q = BenchRatios.ratio(num, den);
        assertEquals(2.0, q.value(), 1e-12);
        assertEquals(9.0 / 6.0, q.lo(), 1e-12);
        assertEquals(11.0 / 4.0, q.hi(), 1e-12);
        BenchRatios.Ratio open = BenchRatios.ratio(num, new BenchRatios.Score(5, 6, 5, "us/op", false));
        assertEquals(Double.POSITIVE_INFINITY, open.hi());
    }

    @Test
    void theReportGivesEachRatiosGeomeanAndWorst() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BenchRatios.print(BenchRatios.load(List.of(resource("ratios-fixture.json"))), true,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        String geo = line(out, "| geomean");
        // full/off: alpha 2, beta 1; full/noagent: alpha 2, beta 1, ops 2; off/noagent: alpha 1, beta 1
        assertTrue(geo.contains("| 1.414 (n=2) | 1.587 (n=3) | 1.000 (n=2) |"), geo);
        String worst = line(out, "| worst");
        assertTrue(worst.contains("| 2.000 Demo.alpha | 2.000 Demo.alpha | 1.000 Demo.alpha |"), worst);
        assertTrue(line(out, "| Demo.ops").contains("| - |"), "ops has no off arm: " + out);
        assertFalse(out.contains("PingPong"), out);
    }

    @Test
    void severalFilesArePooledPerBenchmark() throws Exception {
        Path f = resource("ratios-fixture.json");
        Map<String, Map<String, BenchRatios.Score>> twice = BenchRatios.load(List.of(f, f));
        assertEquals(6, twice.get("Demo.alpha").get("full").n());
        assertEquals(4.0, twice.get("Demo.alpha").get("full").mean(), 1e-12);
    }

    /** On a real JMH result the recomputed mean and error are JMH's own score and scoreError. */
    @Test
    void scoresRecomputedFromRawDataMatchJmhsOwn() throws Exception {
        Path f = resource("kernels-2026-11-23-excerpt.json");
        Map<String, Map<String, BenchRatios.Score>> r = BenchRatios.load(List.of(f));
        int checked = 0;
        for (JsonNode b : new ObjectMapper().readTree(f.toFile())) {
            String name = b.path("benchmark").asText(); // gmp4j.bench.KernelsAgentFull.fib
            String cls = name.split("\\.")[2];
            String arm = cls.endsWith("NoAgent") ? "none" : cls.endsWith("AgentOff") ? "off" : "full";
            BenchRatios.Score s = r.get("Kernels." + name.substring(name.lastIndexOf('.') + 1)).get(arm);
            double score = b.path("primaryMetric").path("score").asDouble();
            double error = b.path("primaryMetric").path("scoreError").asDouble();
            assertEquals(score, s.mean(), score * 1e-9, name);
            assertEquals(error, s.error(), error * 1e-9, name);
            checked++;
        }
        assertEquals(6, checked);
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no line " + prefix + ") in " + text);
    }
}
