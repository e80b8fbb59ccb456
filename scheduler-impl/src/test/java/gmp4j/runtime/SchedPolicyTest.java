package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's scheduling policies, each checked so that a wrong policy fails the test. */
@Timeout(60)
class SchedPolicyTest {
    private Sched sched;

    private Sched sched(int gomaxprocs) {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(gomaxprocs));
        return sched;
    }

    @AfterEach
    void shutdown() throws InterruptedException {
        if (sched != null) {
            sched.shutdown();
            assertTrue(sched.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(0, sched.snapshot().badStarts(), "no G was started twice");
        }
    }

    @Test
    void aGoroutineStartedByARunningOneRunsNextAndDisplacesTheEarlierOne() throws Exception {
        Sched s = sched(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Thread parent = s.threadBuilder().start(() -> {
            s.threadBuilder().start(() -> order.add("B"));
            s.threadBuilder().start(() -> order.add("C"));
            order.add("A done");
        });
        parent.join();
        awaitSize(order, 3);
        // newproc puts each child in runnext: C displaces B to the tail, so C runs first
        // (a FIFO pool, like the JDK's, would run B first).
        assertEquals(List.of("A done", "C", "B"), order);
    }

    @Test
    void aGoroutineKnowsOfQueuedWorkOnItsPOnlyWhileAnotherWaitsThere() throws Exception {
        Sched s = sched(1); // one P: the queued G can run nowhere else, so the answer is Go's
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread parent = s.threadBuilder().start(() -> {
            seen.add("alone " + s.hasKnownQueuedWork());
            Thread child = s.threadBuilder().start(() -> seen.add("child " + s.hasKnownQueuedWork()));
            seen.add("after start " + s.hasKnownQueuedWork()); // the child waits in runnext
            try {
                child.join();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        parent.join();
        assertEquals(List.of("alone false", "after start true", "child false"), seen);
        assertFalse(s.hasKnownQueuedWork(), "a platform thread has no P");
    }

    @Test
    void aGoroutineAboutToSpinWaitForTheOneItReadiedHandsItToAnIdlePAndBothRunAtOnce() throws Exception {
        Sched s = sched(2);
        AtomicReference<Thread> childCarrier = new AtomicReference<>();
        AtomicReference<Thread> parentCarrier = new AtomicReference<>();
        List<Boolean> answers = Collections.synchronizedList(new ArrayList<>());
        Thread parent = s.threadBuilder().start(() -> {
            Thread child = s.threadBuilder().start(() -> childCarrier.set(JdkAccess.currentCarrierThread()));
            // The child waits in runnext; the other P is idle (or its M spinning).
            answers.add(s.hasKnownQueuedWork());
            // Spin-wait, as LinkedTransferQueue does after a false answer: meanwhile the child
            // can only run on the other P.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (childCarrier.get() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            parentCarrier.set(JdkAccess.currentCarrierThread());
            try {
                child.join();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        parent.join();
        assertEquals(List.of(false), answers, "spin, do not park");
        assertNotNull(childCarrier.get());
        assertNotSame(parentCarrier.get(), childCarrier.get(), "the child ran on the other carrier");
    }

    @Test
    void everySixtyFirstScheduleTakesFromTheGlobalQueueFirst() throws Exception {
        Sched s = sched(1);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch parentRunning = new CountDownLatch(1);
        CountDownLatch markerQueued = new CountDownLatch(1);
        int children = 100;
        s.threadBuilder().start(() -> {
            parentRunning.countDown();
            // Keep the only P busy (no park) until the marker sits in the global queue.
            while (markerQueued.getCount() > 0) {
                Thread.onSpinWait();
            }
            // Then fill the local run queue. (Queued the other way round, the test failed once
            // with the marker last. That fits children that ran, past the 61st schedule, before
            // the marker existed: possible if sysmon took the spinning parent for blocked in
            // native code and handed the P to another M. Not confirmed.)
            for (int i = 0; i < children; i++) {
                int id = i;
                s.threadBuilder().start(() -> order.add(id));
            }
        });
        assertTrue(parentRunning.await(10, TimeUnit.SECONDS));
        s.threadBuilder().start(() -> order.add(-1)); // from a platform thread: global queue
        markerQueued.countDown();
        awaitSize(order, children + 1);
        int markerAt = order.indexOf(-1);
        // Local work alone would keep the marker waiting behind all 100 children.
        assertTrue(markerAt <= 62, "global G ran at position " + markerAt + " of " + order.size()
                + ", " + s.snapshot());
    }

    @Test
    void threadYieldPutsTheGoroutineOnTheGlobalQueueBehindOthers() throws Exception {
        Sched s = sched(1);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        Runnable body = () -> {
            try {
                ready.await();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            for (int i = 0; i < 3; i++) {
                order.add(Thread.currentThread().getName() + i);
                Thread.yield();
            }
        };
        Thread a = s.threadBuilder().name("a").start(body);
        Thread b = s.threadBuilder().name("b").start(body);
        Thread.sleep(50);
        long goschedsBefore = s.snapshot().goscheds();
        ready.countDown();
        a.join();
        b.join();
        // Gosched: the yielding G goes behind the other runnable G, so the two alternate.
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), order);
        assertEquals(6, s.snapshot().goscheds() - goschedsBefore);
    }

    @Test
    void globrunqgetTakesAFairShareCappedAtHalfALocalQueue() {
        Sched s = sched(2);
        P pp = s.allps()[0];
        s.lock.lock();
        try {
            for (int i = 1; i <= 100; i++) {
                s.globrunqput(new G(i));
            }
            // n = min(len/gomaxprocs + 1, len, 128) = min(51, 100, 128)
            assertEquals(1, s.globrunqgetLocked(pp, 0).goid);
            assertEquals(50, pp.runq.size());
            assertEquals(49, s.runqsize());
            // with max = 1 (the every-61st-tick check) only one G moves
            assertEquals(52, s.globrunqgetLocked(pp, 1).goid);
            assertEquals(50, pp.runq.size());
            drainGlobalQueue(s, pp);
            for (int i = 1; i <= 400; i++) {
                s.globrunqput(new G(i));
            }
            // min(400/2 + 1, 400, 128): capped at half a local queue
            assertEquals(1, s.globrunqgetLocked(pp, 0).goid);
            assertEquals(127, pp.runq.size());
            assertEquals(272, s.runqsize());
            drainGlobalQueue(s, pp); // these Gs have no task: no M may find them after the test
        } finally {
            s.lock.unlock();
        }
    }

    private static void drainGlobalQueue(Sched s, P pp) {
        while (s.runqsize() > 0) {
            s.globrunqgetLocked(pp, 0);
            pp.runq.drainTo(g -> {});
        }
        pp.runq.drainTo(g -> {});
    }

    @Test
    void anMMayStartSpinningOnlyWhileSpinningMsAreFewerThanHalfTheBusyPs() {
        Sched s = sched(8);
        assertFalse(s.mayStartSpinning(), "all 8 Ps idle: nobody to steal from");
        s.lock.lock();
        try {
            for (int i = 0; i < 4; i++) {
                s.pidleget(); // 4 busy Ps
            }
        } finally {
            s.lock.unlock();
        }
        assertTrue(s.mayStartSpinning(), "0 spinning, 4 busy");
        s.nmspinning.set(1);
        assertTrue(s.mayStartSpinning(), "1 spinning, 4 busy");
        s.nmspinning.set(2);
        assertFalse(s.mayStartSpinning(), "2 spinning is half of 4 busy: enough");
        s.nmspinning.set(0);
    }

    @Test
    void gomaxprocsCanGrowAndShrinkWhileRunningWithoutLosingGoroutines() throws Exception {
        Sched s = sched(2);
        int n = 2000;
        AtomicInteger done = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger phase = new AtomicInteger(); // 0: free, 1: measuring parallelism at gomaxprocs=1
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            threads.add(s.threadBuilder().start(() -> {
                for (int k = 0; k < 20; k++) {
                    int r = running.incrementAndGet();
                    if (phase.get() == 1) {
                        maxRunning.accumulateAndGet(r, Math::max);
                    }
                    long t = System.nanoTime() + 5_000;
                    while (System.nanoTime() < t) {
                        Thread.onSpinWait();
                    }
                    running.decrementAndGet();
                    Thread.yield();
                }
                done.incrementAndGet();
            }));
        }
        s.setGomaxprocs(4);
        assertEquals(4, s.gomaxprocs());
        Thread.sleep(30);
        s.setGomaxprocs(1);
        Thread.sleep(30); // running Ps above 1 retire at their next scheduling point
        phase.set(1);
        Thread.sleep(100);
        phase.set(0);
        s.setGomaxprocs(3);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(n, done.get(), "every goroutine finished");
        assertEquals(1, maxRunning.get(), "with gomaxprocs=1 only one G runs at a time");
        SchedSnapshot snap = s.snapshot();
        assertEquals(3, snap.gomaxprocs());
        assertEquals(3, snap.localRunqueues().length);
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(size, list.size(), "list: " + list);
    }
}
