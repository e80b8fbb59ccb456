package gmp4j.bench;

import org.openjdk.jmh.annotations.Fork;

/** The workloads of {@link Corpus} in one JVM set-up (see {@link Arms}), on a virtual thread. */
@Fork(value = 1, jvmArgsAppend = {Arms.XMS, Arms.XMX, Arms.GC, Arms.VIRTUAL, Arms.FULL})
public class CorpusAgentFull extends Corpus {
    public CorpusAgentFull() {
        super("full");
    }
}
