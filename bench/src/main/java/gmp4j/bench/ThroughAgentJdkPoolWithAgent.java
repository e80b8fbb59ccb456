package gmp4j.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The workloads of {@link ThroughAgent} on the JDK's ForkJoinPool in a JVM that loads the gmp4j
 * agent with scheduler=fjp: what the A/B runner compares gmp4j with. Any -javaagent makes the JDK
 * report every virtual-thread mount and unmount to JVMTI (README), so this arm, not the plain
 * JVM, isolates the scheduler.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", ThroughAgent.AGENT + "=scheduler=fjp"})
public class ThroughAgentJdkPoolWithAgent extends ThroughAgent {
    public ThroughAgentJdkPoolWithAgent() {
        super(false);
    }
}
