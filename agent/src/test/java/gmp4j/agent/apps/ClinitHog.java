package gmp4j.agent.apps;

import gmp4j.agent.Installer;
import gmp4j.runtime.SchedSnapshot;

/**
 * A virtual thread initialises a class whose static initialiser computes for ~300 ms through
 * instrumented methods. Class initialisation pins the virtual thread, so the injected checks
 * cannot yield: each request must be counted as a failed preemption, not retried in a loop.
 * A second virtual thread, started once the burn has begun, waits for the P meanwhile (run with
 * gomaxprocs=1): sysmon asks a G to yield only while another waits.
 */
public final class ClinitHog {
    static volatile boolean burning;

    static final class Slow {
        static final long VALUE = burn(300);

        static long burn(long millis) {
            long end = System.nanoTime() + millis * 1_000_000;
            long x = 0;
            burning = true;
            while (System.nanoTime() < end) {
                x = x * 31 + 7;
            }
            return x;
        }
    }

    public static void main(String[] args) throws Exception {
        Thread t = Thread.ofVirtual().start(() -> System.out.println("value " + (Slow.VALUE != 1)));
        while (!burning) {
            Thread.onSpinWait();
        }
        Thread waiter = Thread.ofVirtual().start(() -> { });
        t.join();
        waiter.join();
        SchedSnapshot c = Installer.sched().snapshot();
        System.out.println("preemptRequests=" + c.preemptRequests() + " preemptions=" + c.preemptions()
                + " preemptFailures=" + c.preemptFailures());
    }
}
