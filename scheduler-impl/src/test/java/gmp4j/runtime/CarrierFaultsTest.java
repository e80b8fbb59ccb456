package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the scheduler does when a carrier breaks or work arrives after shutdown. */
@Timeout(60)
class CarrierFaultsTest {
    private Sched sched;

    @AfterEach
    void shutdown() {
        if (sched != null) {
            sched.shutdown();
        }
    }

    /** True if two virtual threads of sched were seen running at the same time (two Ps at work). */
    private boolean twoRunAtOnce() throws InterruptedException {
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger sawBoth = new AtomicInteger();
        Runnable meet = () -> {
            arrived.incrementAndGet();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (arrived.get() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // no park, no yield: only a second P can run the other one
            }
            if (arrived.get() == 2) {
                sawBoth.incrementAndGet();
            }
        };
        Thread a = sched.threadBuilder().start(meet);
        Thread b = sched.threadBuilder().start(meet);
        a.join();
        b.join();
        return sawBoth.get() == 2;
    }

    @Test
    void anErrorThrownOnACarrierEndsThatMOnlyAndNoPIsLost() throws Exception {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(2));
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        AtomicInteger carrierDeaths = new AtomicInteger();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (t.getName().startsWith("gmp4j-m-") && e.getMessage().equals("breaks the carrier")) {
                carrierDeaths.incrementAndGet();
            }
        });
        try {
            for (int i = 0; i < 20; i++) {
                sched.execute(() -> {
                    throw new Error("breaks the carrier");
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (carrierDeaths.get() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertEquals(20, carrierDeaths.get(), "each Error ends the M that ran it");
        assertTrue(twoRunAtOnce(), "both Ps run work again: " + sched.snapshot());
        SchedSnapshot s = sched.snapshot();
        assertEquals(0, s.badStarts());
        assertTrue(s.threads() <= 4, "dead Ms are not counted: " + s);
    }

    @Test
    void aParkedVirtualThreadUnparkedAfterShutdownIsRejectedToTheUnparker() throws Exception {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(1));
        Thread parked = sched.threadBuilder().start(LockSupport::park);
        while (parked.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        sched.shutdown();
        assertTrue(sched.awaitTermination(10, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> LockSupport.unpark(parked));
        assertEquals(0, sched.snapshot().threads(), "no carrier came back for it");
    }
}
