package gmp4j.bench;

import org.openjdk.jmh.annotations.Fork;

/** The loop shapes of {@link LoopZoo} in one JVM set-up (see {@link Arms}). */
@Fork(value = 1, jvmArgsAppend = {Arms.XMS, Arms.XMX, Arms.GC})
public class LoopZooNoAgent extends LoopZoo {
    public LoopZooNoAgent() {
        super("none");
    }
}
