/*
 * ThroughAgent: ping-pong and skynet for an unmodified program, i.e. on Thread.ofVirtual(),
 * once in a plain JVM (the JDK's ForkJoinPool) and once in a JVM started with
 * -javaagent:agent/target/gmp4j-agent.jar (gmp4j, with the agent's own G per virtual thread
 * instead of the scheduler-only lookup table). Twin methods, each with its own @Fork, so one JMH
 * run measures both. The agent path is relative: run from the repository root (./gmp4j bench
 * does). The bodies are PingPong.parkUnpark, PingPong.synchronousQueue and Skynet.skynet.
 */
package gmp4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
public class ThroughAgent {
    private final Schedulers vthreads = new Schedulers();
    private final PingPong pingPong = new PingPong();
    private final Skynet skynet = new Skynet();

    @Setup(Level.Trial)
    public void setUp() {
        vthreads.scheduler = "fjp"; // Thread.ofVirtual(): whatever the JVM gives an unmodified app
        vthreads.setUp();
        skynet.size = Integer.getInteger("gmp4j.bench.skynet", 1_000_000);
        skynet.check();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
    public void pingPongJdkPool() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", "-javaagent:agent/target/gmp4j-agent.jar"})
    public void pingPongGmp4jAgent() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
    public void synchronousQueueJdkPool() throws InterruptedException {
        pingPong.synchronousQueue(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", "-javaagent:agent/target/gmp4j-agent.jar"})
    public void synchronousQueueGmp4jAgent() throws InterruptedException {
        pingPong.synchronousQueue(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
    public long skynetJdkPool() throws InterruptedException {
        return skynet.skynet(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", "-javaagent:agent/target/gmp4j-agent.jar"})
    public long skynetGmp4jAgent() throws InterruptedException {
        return skynet.skynet(vthreads);
    }
}
