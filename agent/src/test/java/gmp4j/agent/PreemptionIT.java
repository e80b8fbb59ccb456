package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.ClinitHog;
import gmp4j.agent.apps.HogProbe;
import gmp4j.agent.apps.Shapes;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Preemption through injected checks, in child JVMs with -javaagent. */
class PreemptionIT {

    private static long figure(ChildJvm.Result r, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(r.out());
        assertTrue(m.find(), name + " missing\n" + r);
        return Long.parseLong(m.group(1));
    }

    private static ChildJvm.Result hogs(String preempt) throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=2,preempt=" + preempt)), HogProbe.class, "1000");
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    @Test
    void underFullPreemptionTwoSpinningVirtualThreadsLeaveTheProbeItsWakeups() throws Exception {
        ChildJvm.Result r = hogs("full");
        // A 10 ms time slice lets the probe in about every 5-10 ms; far fewer means no preemption.
        assertTrue(figure(r, "wakeups") >= 30, r.toString());
        assertTrue(figure(r, "preemptions") >= 30, r.toString());
        assertTrue(figure(r, "platformLoops") >= 1, "the platform thread's loop never ran\n" + r);
    }

    @Test
    void aSleepingVirtualThreadWakesSoonWhileHogsHoldBothPsForLongSlices() throws Exception {
        // With 200 ms slices, slice ends alone let the probe in 10-20 times in the 1 s (two Ps
        // whose slice ends are spread); wake-up preemption lets it in after about each 1 ms sleep
        // (its timer is due on a P running a hog: sysmon runs it and asks a hog to yield).
        ChildJvm.Result on = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=2,timeslice=200ms")), HogProbe.class,
                "1000");
        assertEquals(0, on.exit(), on.toString());
        assertTrue(figure(on, "wakePreemptRequests") >= 1, on.toString());
        assertTrue(figure(on, "wakeups") >= 50, on.toString());
        ChildJvm.Result off = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=2,timeslice=200ms,wakepreempt=0")),
                HogProbe.class, "1000");
        assertEquals(0, off.exit(), off.toString());
        assertEquals(0, figure(off, "wakePreemptRequests"), off.toString());
    }

    @Test
    void withPreemptOffOrOnlyPrologueChecksSpinningLoopsKeepTheirCarriers() throws Exception {
        for (String mode : List.of("off", "cooperative")) {
            ChildJvm.Result r = hogs(mode);
            assertTrue(figure(r, "wakeups") <= 2, mode + "\n" + r);
            // off: no check exists; cooperative: only at method entries, which a thread the OS
            // delayed at its start may meet with a request already raised (a loaded machine).
            assertTrue(figure(r, "preemptions") <= (mode.equals("off") ? 0 : 2), mode + "\n" + r);
        }
    }

    @Test
    void aCheckThatCannotYieldBecauseTheThreadIsPinnedCountsAsAFailedPreemption() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=1")), ClinitHog.class);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("value true"), r.toString());
        long failures = figure(r, "preemptFailures");
        assertTrue(failures >= 1, r.toString());
        // Not retried in a tight loop: about one request per 10 ms time slice of the 300 ms burn.
        assertTrue(failures <= 40, r.toString());
    }

    @Test
    void instrumentedCodeOfOddShapesComputesWhatItComputesWithoutTheAgent() throws Exception {
        ChildJvm.Result plain = ChildJvm.run(List.of("-Xshare:auto"), Shapes.class);
        ChildJvm.Result full = ChildJvm.run(List.of(ChildJvm.agent("preempt=full")), Shapes.class);
        ChildJvm.Result coop = ChildJvm.run(List.of(ChildJvm.agent("preempt=cooperative")), Shapes.class);
        assertEquals(0, plain.exit(), plain.toString());
        assertFalse(plain.out().isBlank());
        assertEquals(plain.out(), full.out(), full.toString());
        assertEquals(plain.out(), coop.out(), coop.toString());
        assertEquals("", full.err(), "a class was left without checks or the agent complained");
    }

    @Test
    void onlyApplicationClassesAreInstrumentedAndExcludeGlobsAreHonoured() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("log=debug,exclude=gmp4j.agent.apps.Hog*")),
                Shapes.class);
        assertEquals(0, r.exit(), r.toString());
        List<String> instrumented = r.err().lines().filter(l -> l.startsWith("gmp4j: instrumented "))
                .map(l -> l.split(" ")[2]).toList();
        assertTrue(instrumented.contains("gmp4j.agent.apps.Shapes"), r.toString());
        for (String c : instrumented) {
            assertFalse(c.matches("(java|javax|jdk|sun|com\\.sun|gmp4j\\.(runtime|agent\\.[A-Z]|bridge))\\..*"),
                    "instrumented " + c + "\n" + r);
        }
        ChildJvm.Result excluded = ChildJvm.run(List.of(ChildJvm.agent("log=debug,exclude=gmp4j.agent.apps.*")),
                Shapes.class);
        assertFalse(excluded.err().contains("instrumented gmp4j.agent.apps.Shapes"), excluded.toString());
    }
}
