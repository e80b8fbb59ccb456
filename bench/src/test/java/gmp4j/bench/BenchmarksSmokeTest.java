/*
 * Runs every JMH benchmark of this module once, in-process (forks(0): the surefire JVM already
 * has java.lang opened), with one ~100 ms warmup and one ~100 ms measurement iteration and a
 * small skynet, and checks that each benchmark method produced a finite positive score for both
 * scheduler arms. It does not measure anything (no fork, no fixed heap, tiny iterations: the
 * printed scores mean nothing); it catches a benchmark that fails (shouldFailOnError: a failed
 * assertion inside a benchmark throws here), hangs (a 30 s per-iteration timeout interrupts it)
 * or gets lost from the generated BenchmarkList (the expected names are listed below).
 */
package gmp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

class BenchmarksSmokeTest {

    /** Every benchmark method the module must have; a lost or renamed one fails the test. */
    private static final Set<String> BENCHMARKS = Set.of(
            "gmp4j.bench.PingPong.parkUnpark",
            "gmp4j.bench.PingPong.synchronousQueue",
            "gmp4j.bench.Skynet.skynet",
            "gmp4j.bench.FanOut.fanOut",
            "gmp4j.bench.YieldStorm.yieldStorm");

    private static final Set<String> ARMS = Set.of("fjp", "gmp");

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyBenchmarkRunsOnBothSchedulers() throws Exception {
        Options opts = smoke(new OptionsBuilder()
                .include("^gmp4j\\.bench\\.")
                .exclude("ThroughAgent")
                .exclude("Kernels")
                .exclude("LoopCheckShapes")
                .exclude("LoopZoo")
                .exclude("Corpus")
                .exclude("TraceOverhead")
                .param("size", "10000")); // skynet: 11 111 threads instead of 1.1 M

        Collection<RunResult> results = new Runner(opts).run();

        Map<String, Set<String>> arms = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String arm = r.getParams().getParam("scheduler");
            double score = r.getPrimaryResult().getScore();
            System.out.printf("%-40s %s %12.3f %s%n", name, arm, score, r.getPrimaryResult().getScoreUnit());
            if (!(score > 0) || Double.isInfinite(score)) {
                fail(name + " [" + arm + "] scored " + score);
            }
            arms.computeIfAbsent(name, k -> new TreeSet<>()).add(arm);
        }
        assertEquals(new TreeSet<>(BENCHMARKS), arms.keySet(), "benchmarks that produced a result");
        arms.forEach((name, seen) -> assertEquals(ARMS, seen, name + ": arms with a result"));
        assertEquals(BENCHMARKS.size() * ARMS.size(), results.size(), "one result per benchmark and arm");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theThroughAgentSuiteRunsEveryWorkloadInEveryArm() throws Exception {
        System.setProperty("gmp4j.bench.skynet", "10000");
        assertEveryArmRunsEveryMethod("^gmp4j\\.bench\\.ThroughAgent",
                Set.of("ThroughAgentJdkPool", "ThroughAgentJdkPoolWithAgent", "ThroughAgentGmp4j"),
                Set.of("pingPong", "synchronousQueue", "skynet", "fanOut", "yieldStorm"));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theKernelSuiteRunsEveryKernelInEveryArm() throws Exception {
        assertEveryArmRunsEveryMethod("^gmp4j\\.bench\\.Kernels", Set.of("KernelsNoAgent", "KernelsAgentOff", "KernelsAgentFull"),
                Set.of("vectorAdd", "reduction", "matrixMultiply", "fib", "hashMapChurn", "stringBuilding", "sort", "parser"));
    }

    /**
     * Runs a suite whose arms are subclasses (one JVM set-up each) and checks that every arm
     * produced a score for every benchmark method. In-process the arms' -javaagent fork flags do
     * not apply: this checks the bodies and the sets, not the agent (each arm checks its own JVM
     * set-up when forked, which gmp4j.bench.inProcess turns off here).
     */
    private static void assertEveryArmRunsEveryMethod(String include, Set<String> arms, Set<String> methods)
            throws Exception {
        System.setProperty("gmp4j.bench.inProcess", "true");
        Set<String> seenArms = new TreeSet<>();
        Set<String> seenMethods = new TreeSet<>();
        Collection<RunResult> results = new Runner(smoke(new OptionsBuilder().include(include))).run();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            assertTrue(r.getPrimaryResult().getScore() > 0, name);
            String cls = name.substring(0, name.lastIndexOf('.'));
            seenArms.add(cls.substring(cls.lastIndexOf('.') + 1));
            seenMethods.add(name.substring(name.lastIndexOf('.') + 1));
        }
        assertEquals(arms, seenArms);
        assertEquals(methods, seenMethods);
        assertEquals(arms.size() * methods.size(), results.size());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theLoopZooRunsEveryShapeInOneArm() throws Exception {
        assertOneArmRunsEveryBenchmarkOf(LoopZoo.class, "LoopZooNoAgent");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theCorpusRunsEveryLibraryWorkloadInOneArm() throws Exception {
        assertOneArmRunsEveryBenchmarkOf(Corpus.class, "CorpusNoAgent");
    }

    /**
     * Runs one arm of a suite in-process and checks that every @Benchmark method of the suite's
     * base class gave a positive score (the names come from the class, so a method missing from
     * the generated BenchmarkList fails here).
     */
    static void assertOneArmRunsEveryBenchmarkOf(Class<?> suite, String arm) throws Exception {
        System.setProperty("gmp4j.bench.inProcess", "true");
        Set<String> expected = new TreeSet<>();
        for (java.lang.reflect.Method m : suite.getDeclaredMethods()) {
            if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                expected.add(m.getName());
            }
        }
        Set<String> seen = new TreeSet<>();
        for (RunResult r : new Runner(smoke(new OptionsBuilder().include("^gmp4j\\.bench\\." + arm + "\\."))).run()) {
            String name = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            assertTrue(score > 0 && !Double.isInfinite(score), name + " scored " + score);
            seen.add(name.substring(name.lastIndexOf('.') + 1));
        }
        assertTrue(expected.size() > 0, suite + " has no benchmarks");
        assertEquals(expected, seen, arm + ": benchmarks with a result");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theTraceOverheadTwinsRun() throws Exception {
        // In-process: the fork flags (agent, recording) do not apply; this checks the bodies and the set.
        Options opts = smoke(new OptionsBuilder().include("^gmp4j\\.bench\\.TraceOverhead\\."));
        Set<String> names = new TreeSet<>();
        for (RunResult r : new Runner(opts).run()) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
            names.add(r.getParams().getBenchmark().substring("gmp4j.bench.TraceOverhead.".length()));
        }
        assertEquals(Set.of("pingPongJdk", "pingPongFjpArm", "pingPongFjpArmTraced", "pingPongGmpUntraced",
                "pingPongGmp", "pingPongGmpTraced", "guardWithoutJfr", "guardJfrRunningEventOff", "emitEnabled"), names);
    }

    /** In-process, one short warm-up and measurement iteration, failing on any benchmark error. */
    private static Options smoke(ChainedOptionsBuilder b) {
        return b.forks(0)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeout(TimeValue.seconds(30))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
    }
}
