/*
 * TraceOverhead: what gmp4j's JFR events cost. Twin benchmark methods with their own @Fork set-ups,
 * so one JMH run compares JVM configurations (run from the repository root, as ./gmp4j bench does:
 * the agent and profile paths are relative).
 *
 * Ping-pong (PingPong.parkUnpark on Thread.ofVirtual(): every round trip is two parks, two unparks
 * and two starts, i.e. about six events with gmp4j-trace.jfc):
 *  - pingPongJdk: no agent, the JDK's pool;
 *  - pingPongFjpArm / pingPongFjpArmTraced: scheduler=fjp (the same pool with gmp4j's tracing
 *    hooks), without and with a gmp4j-trace.jfc recording;
 *  - pingPongGmp / pingPongGmpTraced: the gmp4j scheduler, without and with the recording;
 *  - pingPongGmpUntraced: the gmp4j agent built from the commit before tracing existed, copied to
 *    bench/target/gmp4j-agent-untraced.jar (see RESULTS.md), i.e. the scheduler without any hook.
 * Ratios: FjpArm / Jdk and Gmp / GmpUntraced are the cost of the hooks when nothing records;
 * ...Traced / ... the cost of recording every event.
 *
 * Guards (one call of the check that precedes every emission, e.g. Trace.goParkOn()):
 *  - guardWithoutJfr: JFR never started (event classes not instrumented);
 *  - guardJfrRunningEventOff: a recording with the JDK's default.jfc (gmp4j events off);
 *  - emitEnabled: a full GoPark emission with gmp4j-trace.jfc (guard, event object, commit).
 */
package gmp4j.bench;

import gmp4j.runtime.trace.Trace;
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
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@State(Scope.Benchmark)
public class TraceOverhead {
    private static final String TRACE_JFC = "-XX:StartFlightRecording:settings=jfr-profiles/gmp4j-trace.jfc,maxsize=100m";
    private static final String AGENT = "-javaagent:agent/target/gmp4j-agent.jar";

    private final Schedulers vthreads = new Schedulers();
    private final PingPong pingPong = new PingPong();

    @Setup(Level.Trial)
    public void setUp() {
        vthreads.scheduler = "fjp"; // Thread.ofVirtual(): whatever the JVM set-up gives an unmodified app
        vthreads.setUp();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
    public void pingPongJdk() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", AGENT + "=scheduler=fjp"})
    public void pingPongFjpArm() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", AGENT + "=scheduler=fjp", TRACE_JFC})
    public void pingPongFjpArmTraced() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", "-javaagent:bench/target/gmp4j-agent-untraced.jar"})
    public void pingPongGmpUntraced() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", AGENT})
    public void pingPongGmp() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @OperationsPerInvocation(PingPong.ROUND_TRIPS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", AGENT, TRACE_JFC})
    public void pingPongGmpTraced() throws InterruptedException {
        pingPong.parkUnpark(vthreads);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
    public boolean guardWithoutJfr() {
        return Trace.goParkOn();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", "-XX:StartFlightRecording"})
    public boolean guardJfrRunningEventOff() {
        return Trace.goParkOn();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", TRACE_JFC})
    public void emitEnabled() {
        if (Trace.goParkOn()) {
            Trace.goPark(1, 0, 1, "park", "");
        }
    }
}
