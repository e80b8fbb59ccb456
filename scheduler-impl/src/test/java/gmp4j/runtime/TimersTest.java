package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-P timers (what the agent routes VirtualThread.schedule to). */
@Timeout(30)
class TimersTest {
    private final Sched sched = new Sched(SchedConfig.defaults().withGomaxprocs(2));

    @AfterEach
    void stop() {
        sched.shutdown();
    }

    @Test
    void aTimerFiresNoEarlierThanItsDelayEvenWhenEveryPIsIdle() throws Exception {
        Thread.sleep(50); // sysmon in its deep sleep: the timer must bound it
        CountDownLatch fired = new CountDownLatch(1);
        long t0 = System.nanoTime();
        long[] at = new long[1];
        sched.schedule(() -> {
            at[0] = System.nanoTime();
            fired.countDown();
        }, TimeUnit.MILLISECONDS.toNanos(20));
        assertTrue(fired.await(5, TimeUnit.SECONDS));
        assertTrue(at[0] - t0 >= TimeUnit.MILLISECONDS.toNanos(20));
        assertTrue(at[0] - t0 < TimeUnit.MILLISECONDS.toNanos(500), "late: " + (at[0] - t0));
    }

    @Test
    void aCancelledTimerNeverFires() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        Future<?> f = sched.schedule(() -> fired.set(true), TimeUnit.MILLISECONDS.toNanos(20));
        assertTrue(f.cancel(false));
        Thread.sleep(100);
        assertFalse(fired.get());
        assertTrue(f.isCancelled());
    }

    @Test
    void timersFireInDeadlineOrder() throws Exception {
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(5);
        for (int i : new int[] {50, 10, 40, 20, 30}) {
            sched.schedule(() -> {
                order.add(i);
                all.countDown();
            }, TimeUnit.MILLISECONDS.toNanos(i));
        }
        assertTrue(all.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(10, 20, 30, 40, 50), order);
    }

    @Test
    void timersAddedFromVirtualThreadsGoToTheirPAndWakeTheirGoroutines() throws Exception {
        int n = 2000;
        AtomicInteger woken = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(sched.threadBuilder().start(() -> {
                Thread t = Thread.currentThread();
                sched.schedule(() -> java.util.concurrent.locks.LockSupport.unpark(t), 2_000_000);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
                woken.incrementAndGet();
            }));
        }
        for (Thread t : ts) {
            assertTrue(t.join(java.time.Duration.ofSeconds(10)));
        }
        assertEquals(n, woken.get());
    }

    @Test
    void cancelledTimersAreSweptOutOfTheHeap() {
        Timers timers = new Timers();
        List<Timers.Timer> ts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Timers.Timer t = new Timers.Timer(() -> {}, System.nanoTime() + TimeUnit.HOURS.toNanos(1));
            timers.add(t);
            ts.add(t);
        }
        ts.forEach(t -> t.cancel(false));
        timers.add(new Timers.Timer(() -> {}, System.nanoTime() + TimeUnit.HOURS.toNanos(1)));
        assertEquals(1, timers.size(), "a heap that is mostly cancelled timers is swept on the next add");
    }
}
