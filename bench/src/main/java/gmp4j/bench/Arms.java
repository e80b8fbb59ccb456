/*
 * Arms: the three JVM set-ups that the single-threaded suites (Kernels, LoopZoo, Corpus) are
 * measured in, shared so that every suite's arms are the same JVMs:
 *   ...NoAgent    plain JVM
 *   ...AgentOff   -javaagent ...=preempt=off  (the agent without checks)
 *   ...AgentFull  -javaagent ...=preempt=full (prologue and loop checks)
 * A suite is an abstract class extending Arms with its @Benchmark methods; each arm is a leaf
 * subclass whose @Fork lists these constants (annotation values must be compile-time constants,
 * so the arrays themselves cannot be shared). JMH's own harness and generated stubs are excluded
 * from instrumentation, so the checks measured are the suite's own (and those of the libraries it
 * calls). The agent path is relative: run from the repository root (./gmp4j bench does).
 * `./gmp4j bench-ratios` (BenchRatios) recognises the three suffixes and prints the ratios.
 */
package gmp4j.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

public abstract class Arms {
    /** Identical heap and GC flags in every arm. */
    static final String XMS = "-Xms1g";
    static final String XMX = "-Xmx1g";
    static final String GC = "-XX:+UseParallelGC";
    static final String AGENT = "-javaagent:agent/target/gmp4j-agent.jar=exclude=org.openjdk.jmh.**;**.jmh_generated.**,preempt=";
    static final String FULL = AGENT + "full";
    static final String OFF = AGENT + "off";
    /** JMH runs each benchmark thread as a virtual thread (JMH 1.37's ExecutorType.VIRTUAL). */
    static final String VIRTUAL = "-Djmh.executor=VIRTUAL";

    /** "none", "off" or "full": the agent set-up the subclass's @Fork gives. */
    final String arm;

    Arms(String arm) {
        this.arm = arm;
    }

    /** Fails the run if the JVM's agent set-up is not what the arm's name says. */
    @Setup(Level.Trial)
    public void checkArm() {
        if (Boolean.getBoolean("gmp4j.bench.inProcess")) {
            return; // the smoke tests run the arms in their own JVM, without forks
        }
        long n = instrumentedClasses();
        boolean ok = switch (arm) {
            case "none" -> n == -1;
            case "off" -> n == 0;
            default -> n > 0;
        };
        if (!ok) {
            throw new IllegalStateException(getClass().getSimpleName() + " runs in a JVM whose agent set-up does not"
                    + " match (classes instrumented: " + n + ", -1 = no agent)");
        }
    }

    /** How many classes the agent instrumented, or -1 without the agent (reflection: no compile-time tie). */
    static long instrumentedClasses() {
        try {
            return (long) Class.forName("gmp4j.agent.Installer").getMethod("instrumentedClasses").invoke(null);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}
