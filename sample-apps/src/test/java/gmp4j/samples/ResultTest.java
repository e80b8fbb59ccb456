package gmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What a latency adds to a sample's result for the A/B report's plots: its sample count and a coarse CDF. */
class ResultTest {

    @Test
    void aLatencyGivesItsSampleCountAndAnAscendingCdfEndingAtItsMaximum() {
        Histogram h = new Histogram(3);
        for (long ms = 1; ms <= 200; ms++) {
            h.recordValue(ms * 1_000_000);
        }
        Result r = new Result("t").latency("wait", "wait", h);
        assertEquals(200L, r.get("wait_n"));
        String[] pairs = ((String) r.get("wait_cdf")).split(" ");
        assertEquals(11, pairs.length);
        double prevUs = 0;
        double prevFraction = -1;
        for (String p : pairs) {
            double us = Double.parseDouble(p.split(":")[0]);
            double fraction = Double.parseDouble(p.split(":")[1]);
            assertTrue(us >= prevUs && fraction > prevFraction, String.join(" ", pairs));
            prevUs = us;
            prevFraction = fraction;
        }
        assertEquals(1.0, prevFraction);
        assertEquals((Double) r.get("wait_max_us"), prevUs);
        assertTrue(Double.parseDouble(pairs[0].split(":")[0]) < 1_010, pairs[0]);
    }

    @Test
    void aLatencyWithoutSamplesHasCountZeroAndAnEmptyCdf() {
        Result r = new Result("t").latency("wait", "wait", new Histogram(3));
        assertEquals(0L, r.get("wait_n"));
        assertEquals("", r.get("wait_cdf"));
    }
}
