package gmp4j.bench;

import org.openjdk.jmh.annotations.Fork;

/** The kernels of {@link Kernels} in one JVM set-up (see there). */
@Fork(value = 1, jvmArgsAppend = {Arms.XMS, Arms.XMX, Arms.GC, Arms.OFF})
public class KernelsAgentOff extends Kernels {
    public KernelsAgentOff() {
        super("off");
    }
}
