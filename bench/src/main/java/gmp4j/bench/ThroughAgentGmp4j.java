package gmp4j.bench;

import org.openjdk.jmh.annotations.Fork;

/** The workloads of {@link ThroughAgent} in a JVM with the gmp4j agent (see there). */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC", ThroughAgent.AGENT})
public class ThroughAgentGmp4j extends ThroughAgent {
    public ThroughAgentGmp4j() {
        super(true);
    }
}
