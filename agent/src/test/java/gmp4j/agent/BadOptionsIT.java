package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.ExitWith;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad option strings given to the real agent: one line on stderr, and the app runs as without it. */
class BadOptionsIT {
    /** Shapes the fuzz test (AgentOptionsFuzzTest) found or covers: line breaks, overflow, stray separators. */
    private static final List<String> BAD = List.of("gomaxprocs=2,,=x", "time\nslice=1ms", "timeslice=99999999999999999m",
            "preempt=full\r\nlog=debug", "maxmcount=-1,include=**");

    @Test
    void eachBadOptionStringGivesOneGmp4jLineAndTheAppKeepsItsOutputAndExitCode() throws Exception {
        for (String options : BAD) {
            ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent(options)), ExitWith.class, "7");
            assertEquals(7, r.exit(), r.toString());
            assertEquals("out from virtual\n", r.out(), r.toString());
            List<String> gmp4j = r.err().lines().filter(l -> !l.equals("err line")).toList();
            assertEquals(1, gmp4j.size(), r.toString());
            assertTrue(gmp4j.getFirst().startsWith("gmp4j: "), r.toString());
        }
    }

    @Test
    void withStrictEachBadOptionStringStopsTheJvmWithExitCodeTwo() throws Exception {
        for (String options : BAD) {
            ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("strict=true," + options)), ExitWith.class, "7");
            assertEquals(2, r.exit(), r.toString());
            assertEquals("", r.out(), "the app must not run\n" + r);
            assertTrue(r.err().lines().allMatch(l -> l.startsWith("gmp4j: ")), r.toString());
        }
    }
}
