package gmp4j.agent.apps;

import gmp4j.agent.Installer;
import gmp4j.runtime.SchedSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two virtual threads spin in loops without calls (plus one platform thread running the same
 * instrumented loop), while a probe virtual thread sleeps 1 ms at a time. Prints how often the
 * probe woke while the hogs ran, how far the platform hog got, and the scheduler's preemption
 * counters. Args: [hog millis].
 */
public final class HogProbe {
    static volatile boolean stop;
    static volatile boolean hogsRunning;

    static long spin(long x) {
        while (!stop) {
            x = x * 31 + 7;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        AtomicLong wakeups = new AtomicLong();
        Thread probe = Thread.ofVirtual().start(() -> {
            while (!stop) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
                if (hogsRunning) {
                    wakeups.incrementAndGet();
                }
            }
        });
        Thread.sleep(20);
        AtomicLong platformProgress = new AtomicLong();
        Thread platform = Thread.ofPlatform().start(() -> {
            while (!stop) {
                platformProgress.incrementAndGet();
                spin(platformProgress.get());
            }
        });
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hogs.add(Thread.ofVirtual().start(() -> spin(1)));
        }
        Thread.sleep(50); // the hogs hold both Ps now
        hogsRunning = true;
        Thread.sleep(millis);
        hogsRunning = false;
        stop = true;
        for (Thread h : hogs) {
            h.join();
        }
        platform.join();
        probe.join();
        System.out.println("wakeups=" + wakeups.get());
        System.out.println("platformLoops=" + platformProgress.get());
        if (Installer.sched() != null) {
            SchedSnapshot c = Installer.sched().snapshot();
            System.out.println("preemptRequests=" + c.preemptRequests() + " preemptions=" + c.preemptions()
                    + " preemptFailures=" + c.preemptFailures() + " wakePreemptRequests=" + c.wakePreemptRequests());
        }
    }
}
