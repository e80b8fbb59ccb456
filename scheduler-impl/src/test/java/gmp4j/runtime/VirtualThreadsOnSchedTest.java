package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real virtual threads on the scheduler, without the agent: they are built through the JDK's
 * VirtualThreadBuilder(Executor) (Sched.threadBuilder), so everything the JDK does around them
 * (park, sleep, monitors, wait, interrupt, join, yield) runs through Sched.execute.
 */
@Timeout(60)
class VirtualThreadsOnSchedTest {
    private Sched sched;
    private Thread.Builder.OfVirtual vthreads;

    @BeforeEach
    void start() {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(2));
        vthreads = sched.threadBuilder();
    }

    @AfterEach
    void stop() throws InterruptedException {
        SchedSnapshot snap = sched.snapshot();
        sched.shutdown();
        assertTrue(sched.awaitTermination(10, TimeUnit.SECONDS), "carriers exit after shutdown");
        assertEquals(0, snap.badStarts(), "no G was started twice");
    }

    @Test
    void everyVirtualThreadRunsOnAGmp4jCarrier() throws Exception {
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ts.add(vthreads.start(() -> {
                String s = Thread.currentThread().toString(); // VirtualThread[#id]/runnable@carrier
                carriers.add(s.substring(s.indexOf('@') + 1));
                LockSupport.parkNanos(100_000);
                String after = Thread.currentThread().toString();
                carriers.add(after.substring(after.indexOf('@') + 1));
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertFalse(carriers.isEmpty());
        for (String c : carriers) {
            assertTrue(c.matches("gmp4j-m-\\d+"), "carrier " + c);
        }
    }

    @Test
    void parkAndUnparkHandOffBetweenVirtualThreads() throws Exception {
        int rounds = 20_000;
        AtomicInteger turn = new AtomicInteger();
        Thread[] t = new Thread[2];
        for (int me = 0; me < 2; me++) {
            int self = me;
            t[me] = vthreads.unstarted(() -> {
                for (int i = 0; i < rounds; i++) {
                    while (turn.get() != self) {
                        LockSupport.park();
                    }
                    turn.set(1 - self);
                    LockSupport.unpark(t[1 - self]);
                }
            });
        }
        t[0].start();
        t[1].start();
        t[0].join();
        t[1].join();
        assertTrue(sched.snapshot().gStarts() >= rounds, "the hand-offs went through the scheduler");
    }

    @Test
    void sleepLastsAtLeastAsLongAsAsked() throws Exception {
        AtomicReference<Long> slept = new AtomicReference<>();
        vthreads.start(() -> {
            long t0 = System.nanoTime();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            slept.set(System.nanoTime() - t0);
        }).join();
        assertTrue(slept.get() >= TimeUnit.MILLISECONDS.toNanos(50), "slept " + slept.get() + " ns");
        assertTrue(slept.get() < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void contendedMonitorsKeepMutualExclusion() throws Exception {
        Object lock = new Object();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicBoolean overlap = new AtomicBoolean();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ts.add(vthreads.start(() -> {
                for (int k = 0; k < 200; k++) {
                    synchronized (lock) {
                        if (inside.incrementAndGet() != 1) {
                            overlap.set(true);
                        }
                        counter[0]++;
                        if (k % 50 == 0) {
                            Thread.yield(); // unmounts while holding the monitor (JDK 24+)
                        }
                        inside.decrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        assertFalse(overlap.get());
        assertEquals(100 * 200, counter[0]);
    }

    @Test
    void waitAndNotifyWakeTheWaiter() throws Exception {
        Object lock = new Object();
        boolean[] ready = {false};
        CountDownLatch waiting = new CountDownLatch(1);
        Thread waiter = vthreads.start(() -> {
            synchronized (lock) {
                waiting.countDown();
                while (!ready[0]) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }
            }
        });
        waiting.await();
        vthreads.start(() -> {
            synchronized (lock) {
                ready[0] = true;
                lock.notifyAll();
            }
        }).join();
        assertTrue(waiter.join(java.time.Duration.ofSeconds(10)));
    }

    @Test
    void timedWaitReturnsAfterTheTimeout() throws Exception {
        AtomicReference<Long> waited = new AtomicReference<>();
        vthreads.start(() -> {
            Object o = new Object();
            long t0 = System.nanoTime();
            synchronized (o) {
                try {
                    o.wait(30);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }
            waited.set(System.nanoTime() - t0);
        }).join();
        assertTrue(waited.get() >= TimeUnit.MILLISECONDS.toNanos(30), "waited " + waited.get());
    }

    @Test
    void interruptWakesASleepingVirtualThread() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread sleeper = vthreads.start(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        started.await();
        Thread.sleep(20);
        sleeper.interrupt();
        assertTrue(sleeper.join(java.time.Duration.ofSeconds(10)), "interrupted sleeper ended");
        assertTrue(interrupted.get());
    }

    @Test
    void joinFromAVirtualThreadWaitsForTheOther() throws Exception {
        AtomicBoolean childDone = new AtomicBoolean();
        AtomicBoolean sawChildDone = new AtomicBoolean();
        vthreads.start(() -> {
            Thread child = vthreads.start(() -> {
                LockSupport.parkNanos(10_000_000);
                childDone.set(true);
            });
            try {
                child.join();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            sawChildDone.set(childDone.get());
        }).join();
        assertTrue(sawChildDone.get());
    }

    @Test
    void yieldLetsAnotherVirtualThreadRunOnASingleP() throws Exception {
        sched.setGomaxprocs(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger otherRan = new AtomicInteger();
        CountDownLatch spinnerStarted = new CountDownLatch(1);
        Thread spinner = vthreads.start(() -> {
            spinnerStarted.countDown();
            while (!stop.get()) {
                Thread.yield();
            }
        });
        spinnerStarted.await();
        Thread other = vthreads.start(() -> {
            otherRan.incrementAndGet();
            stop.set(true);
        });
        assertTrue(other.join(java.time.Duration.ofSeconds(10)), "the other thread got the P");
        assertTrue(spinner.join(java.time.Duration.ofSeconds(10)));
        assertEquals(1, otherRan.get());
        assertTrue(sched.snapshot().goscheds() > 0);
    }

    @Test
    void lockSupportParkNanosAndReentrantLockHandOff() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        AtomicInteger sum = new AtomicInteger();
        try (ExecutorService ex = Executors.newThreadPerTaskExecutor(vthreads.factory())) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                fs.add(ex.submit(() -> {
                    for (int k = 0; k < 20; k++) {
                        lock.lock();
                        try {
                            sum.incrementAndGet();
                            LockSupport.parkNanos(1_000);
                        } finally {
                            lock.unlock();
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(500 * 20, sum.get());
    }

    @Test
    void hundredThousandShortLivedThreadsAllRunAndNoneIsLost() throws Exception {
        int n = 100_000;
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger ran = new AtomicInteger();
        Thread spawner = vthreads.start(() -> {
            for (int i = 0; i < n; i++) {
                vthreads.start(() -> {
                    ran.incrementAndGet();
                    done.countDown();
                });
            }
        });
        spawner.join();
        assertTrue(done.await(60, TimeUnit.SECONDS), "left: " + done.getCount());
        assertEquals(n, ran.get());
        SchedSnapshot snap = sched.snapshot();
        assertTrue(snap.goroutines() >= n + 1);
        assertEquals(0, snap.badStarts());
    }

    @Test
    void aVirtualThreadCarriesItsGFromItsFirstSubmissionOn() throws Exception {
        AtomicReference<Object> before = new AtomicReference<>();
        AtomicReference<Object> after = new AtomicReference<>();
        Thread t = vthreads.start(() -> {
            before.set(JdkAccess.currentTask());
            LockSupport.parkNanos(1_000_000); // resubmitted by a timer: must come back as the same G
            after.set(JdkAccess.currentTask());
        });
        t.join();
        assertInstanceOf(G.class, before.get(), "runContinuation was replaced by the thread's G");
        assertSame(before.get(), after.get());
        assertEquals(0, sched.liveGs(), "no table entry for a thread that carries its G");
    }

    @Test
    void withoutTaskSwapsFinishedVirtualThreadsLeaveNoTableEntryBehind() throws Exception {
        sched.allgs.swapTasks = false; // the fallback for a JDK that refuses the field write
        Thread parked = vthreads.start(LockSupport::park);
        while (parked.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        assertEquals(1, sched.liveGs(), "the parked thread's G is in the table");
        LockSupport.unpark(parked);
        parked.join();
        for (int i = 0; i < 1000; i++) {
            vthreads.start(() -> LockSupport.parkNanos(1000)).join();
        }
        // Each G's table entry goes away when its M sees the thread terminate.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sched.liveGs() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(0, sched.liveGs());
    }
}
