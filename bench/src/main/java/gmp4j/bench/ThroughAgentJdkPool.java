package gmp4j.bench;

import org.openjdk.jmh.annotations.Fork;

/** The workloads of {@link ThroughAgent} in a plain JVM: the JDK's ForkJoinPool (see there). */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class ThroughAgentJdkPool extends ThroughAgent {
    public ThroughAgentJdkPool() {
        super(false);
    }
}
