package gmp4j.agent.apps;

import gmp4j.runtime.Preempt;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A scripted workload for the JFR tests: one named virtual thread per kind of stop, all started
 * by main (a platform thread) except "child", started by "parent". It prints "ok" at the end.
 *  - parker:  LockSupport.park until "waker" (a virtual thread) unparks it;
 *  - sleeper: Thread.sleep(20);
 *  - yielder: Thread.yield() three times;
 *  - spinner: spins 150 ms calling Preempt.check() in its loop (preempted on gmp4j);
 *  - syscall: reads a process pipe the child answers after 300 ms (jdk.internal.misc.Blocker);
 *  - blocked: enters a monitor main holds for 50 ms;
 *  - waiter:  Object.wait until main notifies;
 *  - parent:  starts and joins "child".
 * Then main sleeps long enough for one periodic SchedStats (1 s) to be recorded.
 */
public final class TracedWorkload {
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        Object monitor = new Object();
        Object waitLock = new Object();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread parker = Thread.ofVirtual().name("parker").start(LockSupport::park);
        Thread waker = Thread.ofVirtual().name("waker").unstarted(() -> {
            while (parker.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            LockSupport.unpark(parker);
        });
        waker.start();
        Thread sleeper = Thread.ofVirtual().name("sleeper").start(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        Thread yielder = Thread.ofVirtual().name("yielder").start(() -> {
            for (int i = 0; i < 3; i++) {
                Thread.yield();
            }
        });
        Thread spinner = Thread.ofVirtual().name("spinner").start(() -> {
            long end = System.nanoTime() + 150_000_000L;
            long n = 0;
            while (System.nanoTime() < end) {
                n++;
                Preempt.check();
            }
            sink = n;
        });
        Process child = new ProcessBuilder("sh", "-c", "sleep 0.3; printf '*'").start();
        Thread syscall = Thread.ofVirtual().name("syscall").start(() -> {
            try (InputStream in = child.getInputStream()) {
                sink = in.read();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread blocked;
        synchronized (monitor) {
            blocked = Thread.ofVirtual().name("blocked").start(() -> {
                synchronized (monitor) {
                    sink++;
                }
            });
            Thread.sleep(50);
        }
        Thread waiter = Thread.ofVirtual().name("waiter").start(() -> {
            synchronized (waitLock) {
                waiting.countDown();
                try {
                    waitLock.wait();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }
        });
        waiting.await();
        Thread.sleep(10);
        synchronized (waitLock) {
            waitLock.notifyAll();
        }
        Thread parent = Thread.ofVirtual().name("parent").start(() -> {
            Thread c = Thread.ofVirtual().name("child").start(() -> sink++);
            try {
                c.join();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        for (Thread t : new Thread[] {parker, waker, sleeper, yielder, spinner, syscall, blocked, waiter, parent}) {
            t.join();
        }
        Thread.sleep(1200); // one SchedStats period
        System.out.println("ok");
    }
}
