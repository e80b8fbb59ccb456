package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The kernel's view of a carrier, which tells a descheduled busy thread from a blocked one. */
class NativeProbeTest {

    @Test
    void theKernelSaysABusyThreadIsRunnableAndAParkedOneIsSleeping() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
        NativeProbe probe = new NativeProbe();
        CountDownLatch started = new CountDownLatch(2);
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = Thread.ofPlatform().name("probe-busy-" + System.nanoTime() % 1000).start(() -> {
            started.countDown();
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() & 1;
                Thread.onSpinWait();
            }
        });
        Thread parked = Thread.ofPlatform().name("probe-parked-" + System.nanoTime() % 1000).start(() -> {
            started.countDown();
            LockSupport.park();
        });
        try {
            started.await();
            Thread.sleep(50);
            assertEquals('R', probe.state(busy));
            assertTrue("SD".indexOf(probe.state(parked)) >= 0, "parked: " + probe.state(parked));
        } finally {
            stop.set(true);
            LockSupport.unpark(parked);
            busy.join();
            parked.join();
        }
    }
}
