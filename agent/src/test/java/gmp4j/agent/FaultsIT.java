package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.Faults;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Faults an app under the agent runs into (apps.Faults), each in a child JVM. */
class FaultsIT {

    @Test
    void systemExitFromAVirtualThreadEndsTheJvmPromptlyWithItsCodeWhileOthersParkSleepAndSpin() throws Exception {
        for (String options : List.of("", "gomaxprocs=1")) {
            long t0 = System.nanoTime();
            ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent(options)), Faults.class, "exit", "42");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(42, r.exit(), r.toString());
            assertEquals("exiting\n", r.out(), r.toString());
            assertTrue(ms < 60_000, ms + " ms"); // the parked, sleeping and spinning threads hold nothing up
        }
    }

    @Test
    void runningOutOfHeapWhileStartingVirtualThreadsIsCatchableAndTheSchedulerRecovers() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("-Xmx48m", ChildJvm.agent("")), Faults.class, "oome");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("oome after more than 100 threads\nrecovered\n", r.out(), r.toString());
    }

    @Test
    void exceptionsAndErrorsThrownByResumedVirtualThreadsReachTheHandlerAndBreakNoCarrier() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("")), Faults.class, "throwers");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("handled=10000 after=1000"), r.toString());
        assertTrue(r.out().contains("badStarts=0"), r.toString());
        assertEquals("", r.err(), "no carrier died");
    }

    @Test
    void carriersBlockedInSyscallsBeyondMaxmcountEndTheJvmWithGosThreadExhaustionError() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=1,maxmcount=3")), Faults.class,
                "exhaust", "6");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("gmp4j: fatal error: thread exhaustion: program exceeds 3-thread limit (maxmcount), every"
                + " carrier is blocked in a system or native call; raise maxmcount\n", r.err());
    }

    @Test
    void carriersBlockedInSyscallsBelowMaxmcountAreReplacedAndEverythingRuns() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=1,maxmcount=8")), Faults.class,
                "exhaust", "6");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("probe ran"), r.toString());
        assertTrue(r.out().contains("reads=6"), r.toString());
        assertTrue(r.out().contains("syscallHandoffs="), r.toString());
        assertEquals("", r.err());
    }
}
