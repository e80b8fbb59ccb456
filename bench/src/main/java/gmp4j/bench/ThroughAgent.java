/*
 * ThroughAgent: the scheduler benchmarks for an unmodified program, i.e. on Thread.ofVirtual(),
 * in three JVM set-ups. Each subclass is one set-up with its own @Fork, so one JMH run
 * (`./gmp4j bench ThroughAgent`) measures every workload in each and the ratios come from one run:
 *   ThroughAgentJdkPool           plain JVM: the JDK's ForkJoinPool
 *   ThroughAgentJdkPoolWithAgent  the JDK's ForkJoinPool, agent loaded with scheduler=fjp
 *   ThroughAgentGmp4j             -javaagent:agent/target/gmp4j-agent.jar: gmp4j, GOMAXPROCS = CPUs (or $GOMAXPROCS)
 * The workloads are the bodies of PingPong.parkUnpark, PingPong.synchronousQueue, Skynet.skynet,
 * FanOut.fanOut and YieldStorm.yieldStorm, with their units and operation counts. The agent path
 * is relative: run from the repository root (./gmp4j bench does). Identical heap and GC flags in
 * every arm. -Dgmp4j.bench.skynet=N shrinks skynet (a power of 10).
 */
package gmp4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 8, time = 5)
@State(Scope.Benchmark)
public abstract class ThroughAgent {
    static final String AGENT = "-javaagent:agent/target/gmp4j-agent.jar";

    private final Schedulers vthreads = new Schedulers();
    private final PingPong pingPong = new PingPong();
    private final Skynet skynet = new Skynet();
    private final FanOut fanOut = new FanOut();
    private final YieldStorm yieldStorm = new YieldStorm();
    /** Whether the subclass's @Fork loads the agent. */
    private final boolean agent;

    ThroughAgent(boolean agent) {
        this.agent = agent;
    }

    @Setup(Level.Trial)
    public void setUp() {
        checkArm();
        vthreads.scheduler = "fjp"; // Thread.ofVirtual(): whatever the JVM gives an unmodified app
        vthreads.setUp();
        skynet.size = Integer.getInteger("gmp4j.bench.skynet", 1_000_000);
        skynet.check();
    }

    /** Fails the run if virtual threads are (not) on gmp4j when the arm's name says otherwise. */
    private void checkArm() {
        if (Boolean.getBoolean("gmp4j.bench.inProcess")) {
            return; // BenchmarksSmokeTest runs every arm in-process, without forks
        }
        if (agent != onGmp4j()) {
            throw new IllegalStateException(getClass().getSimpleName() + " runs in a JVM whose virtual threads are "
                    + (agent ? "not " : "") + "on gmp4j");
        }
    }

    /** Whether the gmp4j agent installed its scheduler (reflection: no compile-time tie to the agent). */
    static boolean onGmp4j() {
        try {
            return Class.forName("gmp4j.agent.Installer").getMethod("sched").invoke(null) != null;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    public void pingPong() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    public void synchronousQueue() throws InterruptedException {
        pingPong.synchronousQueue(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long skynet() throws InterruptedException {
        return skynet.skynet(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(FanOut.REQUESTS)
    public long fanOut() throws InterruptedException {
        return fanOut.fanOut(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void yieldStorm() throws InterruptedException {
        yieldStorm.yieldStorm(vthreads);
    }
}
