package gmp4j.jfr;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import org.junit.jupiter.api.Test;

/** Both .jfc files parse as JFR configurations, keep the JDK's defaults, and set gmp4j's events as documented. */
class ProfilesTest {
    /** Every event of EVENTS.md. */
    static final List<String> EVENTS = List.of("GoCreate", "GoStart", "GoEnd", "GoSched", "GoPreempt", "GoPark",
            "GoUnpark", "GoSysCall", "GoSysExit", "GoSysBlock", "ProcStart", "ProcStop", "ProcSteal", "Gomaxprocs",
            "SchedStats", "Hog");
    static final List<String> LOW_OVERHEAD = List.of("GoStart", "GoPreempt", "GoSysBlock", "Gomaxprocs", "SchedStats",
            "Hog");

    static Configuration parse(String name) throws Exception {
        return Configuration.create(Path.of(name)); // the module's directory is the test's working directory
    }

    static Map<String, String> settings(String name) throws Exception {
        return parse(name).getSettings();
    }

    @Test
    void theTraceProfileEnablesEveryGmp4jEventWithNoLatencyThreshold() throws Exception {
        Map<String, String> s = settings("gmp4j-trace.jfc");
        for (String e : EVENTS) {
            assertEquals("true", s.get("gmp4j." + e + "#enabled"), e);
        }
        assertEquals("0 ns", s.get("gmp4j.GoStart#latencyThreshold"));
        assertEquals("1 s", s.get("gmp4j.SchedStats#period"));
        assertEquals("beginChunk", s.get("gmp4j.Gomaxprocs#period"));
    }

    @Test
    void theLowOverheadProfileEnablesOnlyStatsPreemptionsHandoffsAndSlowStarts() throws Exception {
        Map<String, String> s = settings("gmp4j.jfc");
        for (String e : EVENTS) {
            assertEquals(String.valueOf(LOW_OVERHEAD.contains(e)), s.get("gmp4j." + e + "#enabled"), e);
        }
        assertEquals("5 ms", s.get("gmp4j.GoStart#latencyThreshold"));
    }

    @Test
    void bothProfilesKeepEveryJdkDefaultSetting() throws Exception {
        Map<String, String> jdk = Configuration.getConfiguration("default").getSettings();
        assertTrue(jdk.size() > 100, "the JDK's default.jfc: " + jdk.size() + " settings");
        for (String name : List.of("gmp4j.jfc", "gmp4j-trace.jfc")) {
            Map<String, String> ours = settings(name);
            jdk.forEach((k, v) -> assertEquals(v, ours.get(k), name + ": " + k));
        }
    }

    @Test
    void bothProfilesEnableTheWriterSyncFiller() throws Exception {
        for (String name : List.of("gmp4j.jfc", "gmp4j-trace.jfc")) {
            assertEquals("true", settings(name).get("gmp4j.Sync#enabled"), name);
        }
    }

    @Test
    void theLatencyThresholdIsAControlOption() throws Exception {
        for (String name : List.of("gmp4j.jfc", "gmp4j-trace.jfc")) {
            String xml = parse(name).getContents();
            assertTrue(xml.contains("control=\"gmp4j-latency-threshold\""), name);
            assertTrue(xml.contains("<text name=\"gmp4j-latency-threshold\""), name);
        }
    }

    @Test
    void bothProfilesCatchHogsAtTwentyMillisecondsThroughAControlOption() throws Exception {
        for (String name : List.of("gmp4j.jfc", "gmp4j-trace.jfc")) {
            assertEquals("20 ms", settings(name).get("gmp4j.Hog#hogThreshold"), name);
            String xml = parse(name).getContents();
            assertTrue(xml.contains("control=\"gmp4j-hog-threshold\""), name);
            assertTrue(xml.contains("<text name=\"gmp4j-hog-threshold\""), name);
        }
    }

    @Test
    void theProfilesArePackagedAsResources() {
        for (String name : List.of("gmp4j.jfc", "gmp4j-trace.jfc")) {
            assertNotNull(getClass().getResource("/gmp4j/jfr/" + name), name);
        }
    }
}
