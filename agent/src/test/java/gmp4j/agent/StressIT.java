package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.Stress;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * apps.Stress under the agent, short variant (500,000 virtual threads; the long one is in
 * bench/RESULTS.md): park/unpark turns, yields, sleeps, monitors, file reads and CPU loops while
 * GOMAXPROCS changes and preemption runs. The app checks for lost wake-ups, threads left alive,
 * broken mutual exclusion and the scheduler's invariants, and fails on any of them.
 */
class StressIT {

    private static long figure(ChildJvm.Result r, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(r.out());
        assertTrue(m.find(), name + " missing\n" + r);
        return Long.parseLong(m.group(1));
    }

    @Test
    void halfAMillionThreadsUnderChangingGomaxprocsLoseNoWakeupAndLeaveTheSchedulerConsistent()
            throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Xmx512m", ChildJvm.agent("")), Stress.class);
        System.out.println(r.out()); // throughput and longest wait, for the build log
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("stress: OK"), r.toString());
        assertEquals(500_000, figure(r, "threads"));
        assertTrue(figure(r, "resizes") >= 1, "GOMAXPROCS never changed\n" + r);
        assertTrue(figure(r, "fileReads") >= 1, r.toString());
        assertEquals(0, figure(r, "badStarts"), r.toString());
    }
}
