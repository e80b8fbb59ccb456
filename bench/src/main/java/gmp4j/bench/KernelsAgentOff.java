package gmp4j.bench;

import org.openjdk.jmh.annotations.Fork;

/** The kernels of {@link Kernels} in one JVM set-up (see there). */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", Kernels.AGENT + "off"})
public class KernelsAgentOff extends Kernels {
    public KernelsAgentOff() {
        super("off");
    }
}
