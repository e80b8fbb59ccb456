package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Wake-up preemption (WakePreempt): a woken G does not wait for a hog's time slice to end when
 * every P runs a hog, and hogs alone get no extra preemptions. The slices here are 200 ms, so
 * that without wake-up preemption a woken G waits tens of milliseconds (the median of a wait for
 * the next of two spread slice ends is a quarter slice, 50 ms); the bounds are far above the
 * 1 ms granule, for a loaded machine.
 */
@Timeout(60)
class WakePreemptTest {
    private static final Duration SLICE = Duration.ofMillis(200);
    private static final long BOUND_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private Sched sched;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> hogs = new ArrayList<>();

    @AfterEach
    void shutdown() throws InterruptedException {
        stop.set(true);
        for (Thread t : hogs) {
            t.join(10_000);
        }
        if (sched != null) {
            sched.shutdown();
        }
    }

    private void start(Duration wakePreempt) {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(2).withTimeSlice(SLICE).withWakePreempt(wakePreempt));
    }

    /** Starts n hogs that poll Preempt.check() as injected code would, and waits until all ran. */
    private void startHogs(int n) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            hogs.add(sched.threadBuilder().start(() -> {
                running.countDown();
                while (!stop.get()) {
                    Preempt.check();
                }
            }));
        }
        assertTrue(running.await(10, TimeUnit.SECONDS), "hogs did not all start: " + sched.snapshot());
    }

    private static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static String millis(List<Long> xs) {
        return xs.stream().map(x -> String.format("%.2f", x / 1e6)).toList() + " ms";
    }

    /**
     * A virtual thread parks; a platform thread unparks it every few milliseconds (as the JDK's
     * I/O poller thread does); returns how long each wake-up waited until the thread ran.
     */
    private List<Long> unparkFromOutside(int times) throws Exception {
        long[] sentAt = new long[1];
        AtomicBoolean parked = new AtomicBoolean();
        List<Long> waits = Collections.synchronizedList(new ArrayList<>());
        Object lock = new Object();
        Thread probe = sched.threadBuilder().start(() -> {
            for (int i = 0; i < times; i++) {
                long sent;
                synchronized (lock) {
                    sentAt[0] = 0;
                }
                parked.set(true);
                do {
                    LockSupport.park();
                    synchronized (lock) {
                        sent = sentAt[0];
                    }
                } while (sent == 0);
                waits.add(System.nanoTime() - sent);
            }
        });
        for (int i = 0; i < times; i++) {
            while (!parked.get()) {
                Thread.sleep(1);
            }
            Thread.sleep(5);
            parked.set(false);
            synchronized (lock) {
                sentAt[0] = System.nanoTime();
            }
            LockSupport.unpark(probe);
        }
        probe.join(30_000);
        assertFalse(probe.isAlive(), "the probe did not finish: " + waits.size() + " wake-ups, " + sched.snapshot());
        return waits;
    }

    @Test
    void aVirtualThreadUnparkedFromOutsideRunsSoonWhileEveryPRunsAHog() throws Exception {
        start(Duration.ofMillis(1));
        startHogs(2);
        List<Long> waits = unparkFromOutside(15);
        assertTrue(median(waits) < BOUND_NS, "waits " + millis(waits) + ", " + sched.snapshot());
        assertTrue(sched.snapshot().wakePreemptRequests() > 0, sched.snapshot().toString());
    }

    @Test
    void aVirtualThreadWhoseTimerFiresOnAPRunningAHogRunsSoon() throws Exception {
        // The probe's timer lands on the heap of the P it ran on, whose M then runs a hog and
        // does not come by to run it: sysmon does, and asks a hog to make room.
        start(Duration.ofMillis(1));
        startHogs(2);
        List<Long> late = new ArrayList<>();
        Thread probe = sched.threadBuilder().start(() -> {
            Thread self = Thread.currentThread();
            for (int i = 0; i < 30; i++) {
                AtomicBoolean fired = new AtomicBoolean();
                long t0 = System.nanoTime();
                sched.schedule(() -> {
                    fired.set(true);
                    LockSupport.unpark(self);
                }, TimeUnit.MILLISECONDS.toNanos(1));
                while (!fired.get()) {
                    LockSupport.park();
                }
                late.add(System.nanoTime() - t0 - TimeUnit.MILLISECONDS.toNanos(1));
            }
        });
        probe.join(30_000);
        assertFalse(probe.isAlive(), "the probe did not finish: " + late.size() + " wake-ups, " + sched.snapshot());
        assertTrue(median(late) < BOUND_NS, "lateness " + millis(late) + ", " + sched.snapshot());
        assertTrue(sched.snapshot().wakePreemptRequests() > 0, sched.snapshot().toString());
    }

    @Test
    void aVirtualThreadReadiedByAHogThatRunsOnDoesNotWaitForTheHogsSlice() throws Exception {
        // The readied G lands in the runnext of the hog's P; no other P would take it (both run
        // hogs), so without wake-up preemption it waits for that hog's slice to end.
        start(Duration.ofMillis(1));
        startHogs(1);
        List<Long> waits = Collections.synchronizedList(new ArrayList<>());
        long[] sentAt = new long[1];
        AtomicBoolean parked = new AtomicBoolean();
        int times = 15;
        Thread waiter = sched.threadBuilder().start(() -> {
            for (int i = 0; i < times; i++) {
                long sent;
                synchronized (sentAt) {
                    sentAt[0] = 0;
                }
                parked.set(true);
                do {
                    LockSupport.park();
                    synchronized (sentAt) {
                        sent = sentAt[0];
                    }
                } while (sent == 0);
                waits.add(System.nanoTime() - sent);
            }
        });
        Thread readier = sched.threadBuilder().start(() -> {
            for (int i = 0; i < times; i++) {
                while (!parked.get()) {
                    Preempt.check();
                }
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                while (System.nanoTime() < until) {
                    Preempt.check(); // a hog for 5 ms before each unpark
                }
                parked.set(false);
                synchronized (sentAt) {
                    sentAt[0] = System.nanoTime();
                }
                LockSupport.unpark(waiter);
                until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                while (System.nanoTime() < until && waits.size() <= i) {
                    Preempt.check(); // and runs on after it
                }
            }
        });
        waiter.join(30_000);
        readier.join(30_000);
        assertFalse(waiter.isAlive(), "the waiter did not finish: " + waits.size() + " wake-ups, " + sched.snapshot());
        assertTrue(median(waits) < BOUND_NS, "waits " + millis(waits) + ", " + sched.snapshot());
    }

    @Test
    void hogsAloneGetNoWakeUpPreemptionsThoughTheyQueueBehindEachOther() throws Exception {
        // Three hogs on two Ps: one is always queued, but none was woken, so only time slices end
        // their runs. The hogs' own start-ups (new Gs from outside) are over before counting.
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(2).withTimeSlice(Duration.ofMillis(10)));
        startHogs(3);
        Thread.sleep(50);
        SchedSnapshot before = sched.snapshot();
        Thread.sleep(400);
        SchedSnapshot after = sched.snapshot();
        assertTrue(after.preemptRequests() - before.preemptRequests() >= 10, after.toString());
        assertEquals(before.wakePreemptRequests(), after.wakePreemptRequests(), after.toString());
    }

    @Test
    void withTheGranuleAtZeroAWakeUpWaitsForASliceEndAsInGo() throws Exception {
        start(Duration.ZERO);
        startHogs(2);
        List<Long> waits = unparkFromOutside(6);
        assertEquals(0, sched.snapshot().wakePreemptRequests(), sched.snapshot().toString());
        // Each wake-up waited for the next slice end of either P (not asserted: a slice may
        // happen to end just after the unpark).
        assertEquals(6, waits.size());
    }
}
