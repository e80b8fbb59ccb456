package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.CarrierReport;
import gmp4j.agent.apps.ExitWith;
import gmp4j.agent.apps.Workout;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each test starts a child JVM with -javaagent:gmp4j-agent.jar and checks what it did. */
class AgentIT {

    private static List<String> carriers(ChildJvm.Result r) {
        return r.out().lines().filter(l -> l.startsWith("carrier=")).map(l -> l.substring(8)).toList();
    }

    @Test
    void everyVirtualThreadOfAnUnmodifiedAppRunsOnGmp4jCarriers() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("")), CarrierReport.class);
        assertEquals(0, r.exit(), r.toString());
        List<String> carriers = carriers(r);
        assertFalse(carriers.isEmpty(), r.toString());
        for (String c : carriers) {
            assertTrue(c.matches("gmp4j-m-\\d+"), "carrier " + c + "\n" + r);
        }
    }

    @Test
    void withoutTheAgentTheSameAppRunsOnTheJdkPool() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), CarrierReport.class);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(carriers(r).stream().allMatch(c -> c.startsWith("ForkJoinPool")), r.toString());
    }

    @Test
    void aHealthyStartPrintsNothingAndKeepsTheAppsOutputAndExitCode() throws Exception {
        ChildJvm.Result with = ChildJvm.run(List.of(ChildJvm.agent("")), ExitWith.class, "7");
        ChildJvm.Result without = ChildJvm.run(List.of(), ExitWith.class, "7");
        assertEquals(7, with.exit(), with.toString());
        assertEquals(without.out(), with.out());
        assertEquals(without.err(), with.err());
        assertEquals("out from virtual\n", with.out());
    }

    @Test
    void virtualThreadBehaviourIsIntactUnderTheAgent() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("")), Workout.class);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("ALL OK"), r.toString());
        Matcher m = Pattern.compile("carriers=\\[(.*)]").matcher(r.out());
        assertTrue(m.find(), r.toString());
        for (String c : m.group(1).split(", ")) {
            assertTrue(c.matches("gmp4j-m-\\d+"), "carrier " + c + "\n" + r);
        }
    }

    /** gomaxprocs as schedtrace reports it. */
    private static int gomaxprocsOf(ChildJvm.Result r) {
        Matcher m = Pattern.compile("SCHED \\d+ms: gomaxprocs=(\\d+) ").matcher(r.err());
        assertTrue(m.find(), "no schedtrace line\n" + r);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void gomaxprocsComesFromTheOptionTheSystemPropertyOrTheEnvironmentInThatOrder() throws Exception {
        String trace = ChildJvm.agent("schedtrace=10ms");
        assertEquals(3, gomaxprocsOf(ChildJvm.run(List.of(trace), Map.of("GOMAXPROCS", "3"), Workout.class)));
        assertEquals(5, gomaxprocsOf(ChildJvm.run(List.of("-Dgmp4j.gomaxprocs=5", trace),
                Map.of("GOMAXPROCS", "3"), Workout.class)));
        assertEquals(1, gomaxprocsOf(ChildJvm.run(List.of("-Dgmp4j.gomaxprocs=5",
                ChildJvm.agent("schedtrace=10ms,gomaxprocs=1")), Map.of("GOMAXPROCS", "3"), Workout.class)));
    }

    @Test
    void theJdksParallelismPropertyBecomesGomaxprocsUnlessGmp4jIsToldOtherwise() throws Exception {
        String trace = ChildJvm.agent("schedtrace=10ms");
        String parallelism = "-Djdk.virtualThreadScheduler.parallelism=3";
        assertEquals(3, gomaxprocsOf(ChildJvm.run(List.of(parallelism, trace), Workout.class)));
        assertEquals(2, gomaxprocsOf(ChildJvm.run(List.of(parallelism, "-Djdk.virtualThreadScheduler.maxPoolSize=2",
                trace), Workout.class)), "capped by maxPoolSize, as the JDK caps it");
        assertEquals(1, gomaxprocsOf(ChildJvm.run(List.of(parallelism, trace), Map.of("GOMAXPROCS", "1"),
                Workout.class)), "GOMAXPROCS wins");
    }

    @Test
    void anUnknownOptionIsNamedInOneLineAndTheAppRunsOnTheJdkPool() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=2,colour=blue")), CarrierReport.class);
        assertEquals(0, r.exit(), r.toString());
        List<String> errLines = r.err().lines().toList();
        assertEquals(1, errLines.size(), r.toString());
        assertTrue(errLines.getFirst().contains("unknown option 'colour'"), r.toString());
        assertTrue(errLines.getFirst().contains("gomaxprocs, timeslice"), "lists the valid keys\n" + r);
        assertTrue(carriers(r).stream().allMatch(c -> c.startsWith("ForkJoinPool")), r.toString());
    }

    @Test
    void aBadValueNamesTheKeyAndTheExpectedForm() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("timeslice=fast")), ExitWith.class, "0");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("bad value 'fast' for timeslice: expected a duration such as 10ms"), r.toString());
    }

    @Test
    void strictModeAbortsStartUpOnABadOption() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("strict=true,gomaxprocs=zero")), ExitWith.class, "0");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("bad value 'zero' for gomaxprocs"), r.toString());
        assertFalse(r.out().contains("out from"), "the app must not run\n" + r);
    }

    @Test
    void helpListsEveryOption() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("help")), ExitWith.class, "0");
        assertEquals(0, r.exit(), r.toString());
        for (String key : Arrays.asList("gomaxprocs", "timeslice", "preempt", "include", "exclude", "schedtrace",
                "scheduler", "log", "strict")) {
            assertTrue(r.err().contains("  " + key + " "), key + "\n" + r);
        }
    }

    @Test
    void onAnOlderJdkTheAgentSaysSoInOneLineAndTheAppRuns() throws Exception {
        java.nio.file.Path old = java.nio.file.Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(old), "no JDK 17 here");
        Process p = new ProcessBuilder(old.toString(), ChildJvm.agent(""), "-version").start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(err.startsWith("gmp4j: needs JDK 25 or newer, this is 17; virtual threads stay on the JDK's scheduler\n"),
                err);
    }

    @Test
    void schedulerFjpLeavesTheJdkPoolInPlace() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("scheduler=fjp")), CarrierReport.class);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err());
        assertTrue(carriers(r).stream().allMatch(c -> c.startsWith("ForkJoinPool")), r.toString());
    }
}
