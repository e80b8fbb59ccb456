package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.BlockedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A virtual thread blocked in a read must not stop the others: with one P, gmp4j hands the P to
 * another carrier (Go's handoffp), as sysmon sees the blocked one in a syscall or in native code.
 */
class SyscallHandoffIT {
    @TempDir
    Path dir;
    Path fifo;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = dir.resolve("pipe");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        assertTrue(Files.exists(fifo));
    }

    private static long field(ChildJvm.Result r, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(r.out());
        assertTrue(m.find(), name + " missing\n" + r);
        return Long.parseLong(m.group(1));
    }

    @Test
    void theJdkPoolWithOneCarrierStallsEveryoneBehindABlockedFifoRead() throws Exception {
        // The baseline that makes the tests below meaningful (a probe that the JDK pool blocks).
        ChildJvm.Result r = ChildJvm.run(List.of("-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1"), BlockedReader.class, "fifo", fifo.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(0, field(r, "probe"), r.toString());
        assertEquals(42, field(r, "read"));
    }

    @Test
    void aVirtualThreadBlockedInAnUnmarkedNativeReadLosesItsPToTheOthers() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=1")), BlockedReader.class, "fifo",
                fifo.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(field(r, "probe") >= 200, "the probe kept running\n" + r);
        assertEquals(42, field(r, "read"));
        assertTrue(field(r, "nativeHandoffs") >= 1, r.toString());
    }

    @Test
    void aVirtualThreadThatComputesAfterItsPWasHandedOffIsPreemptedBackOntoAP() throws Exception {
        // After the read returns, the reader runs Java code on a carrier without a P; only a
        // preemption request brings it back through the scheduler to take a P again.
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=1")), BlockedReader.class, "fifo",
                fifo.toString(), "hog");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(42, field(r, "read"));
        assertTrue(field(r, "nativeHandoffs") >= 1, r.toString());
        Matcher m = Pattern.compile("preempt=(\\d+)/(\\d+)/").matcher(r.out());
        assertTrue(m.find(), r.toString());
        assertTrue(Long.parseLong(m.group(2)) >= 1, "the P-less reader yielded to a preemption request\n" + r);
    }

    @Test
    void aVirtualThreadBlockedInABlockerMarkedReadEntersASyscallAndItsPIsHandedOff() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent("gomaxprocs=1")), BlockedReader.class, "process");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(field(r, "probe") >= 200, "the probe kept running\n" + r);
        assertEquals(42, field(r, "read"));
        assertTrue(field(r, "syscalls") >= 1, r.toString());
        assertTrue(field(r, "syscallHandoffs") >= 1, r.toString());
    }
}
