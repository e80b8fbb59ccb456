package gmp4j.agent.apps;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Faults an application can run into, one per mode (args[0]); FaultsIT runs each in a child JVM.
 *  - exit CODE: 1,000 virtual threads parked or sleeping, two spinning, then one calls
 *    System.exit(CODE): the JVM must end promptly with that code.
 *  - oome: starts virtual threads that each keep 64 KB and park until the heap runs out (run with
 *    a small -Xmx); catches the OutOfMemoryError, drops the memory, then checks that new virtual
 *    threads still run. Prints "oome after more than 100 threads" and "recovered".
 *  - throwers: 10,000 virtual threads throw from a resumed continuation (after a park); the
 *    default handler sees each once, and work keeps running afterwards.
 *  - exhaust N: N virtual threads block in reads of child-process pipes (calls the JDK marks as
 *    blocking) that answer after 3 s, more than maxmcount carriers; a probe then needs a carrier.
 *    Prints "reads=N" and "probe ran".
 */
public final class Faults {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "exit" -> exit(Integer.parseInt(args[1]));
            case "oome" -> oome();
            case "throwers" -> throwers();
            case "exhaust" -> exhaust(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static volatile boolean stop;

    static void exit(int code) throws Exception {
        for (int i = 0; i < 1000; i++) {
            int k = i;
            Thread.ofVirtual().start(() -> {
                if (k % 2 == 0) {
                    LockSupport.park();
                } else {
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        // not expected
                    }
                }
            });
        }
        for (int i = 0; i < 2; i++) {
            Thread.ofVirtual().start(() -> {
                long x = 0;
                while (!stop) {
                    x += x * 31 + 1;
                }
                System.out.println(x);
            });
        }
        Thread.sleep(100);
        Thread.ofVirtual().start(() -> {
            System.out.println("exiting");
            System.out.flush();
            System.exit(code);
        }).join();
        Thread.sleep(600_000);
        System.out.println("System.exit returned to nobody"); // never reached
    }

    static volatile Object sink;

    /** oome's ballast: one 64 KB array per virtual thread, dropped all at once by the main thread. */
    static byte[][] ballast = new byte[1 << 16][];

    static void oome() throws Exception {
        // Loaded first, as in a monitored app: sysmon probes carriers through java.management,
        // which gmp4j loads lazily, and a class initialiser that fails for want of heap fails for
        // good (sysmon then cannot hand off a P whose carrier is stuck in native code).
        java.lang.management.ManagementFactory.getThreadMXBean();
        // A thread that cannot allocate its ballast just ends; the main thread keeps the default handler.
        Thread.Builder.OfVirtual quiet = Thread.ofVirtual().uncaughtExceptionHandler((t, e) -> { });
        int created = 0;
        try {
            for (; created < ballast.length; created++) {
                int slot = created;
                quiet.start(() -> {
                    ballast[slot] = new byte[64 * 1024];
                    LockSupport.park(); // parked for good: only the ballast is freed
                });
            }
        } catch (OutOfMemoryError e) {
            ballast = null; // frees the memory without waking anybody (waking allocates)
        }
        // Threads started just before the failure may still be taking memory: wait until 1 MB fits.
        for (int attempt = 0; ; attempt++) {
            try {
                sink = new byte[1 << 20];
                break;
            } catch (OutOfMemoryError e) {
                if (attempt == 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        System.out.println("oome after " + (created > 100 ? "more than 100" : created) + " threads");
        AtomicInteger ran = new AtomicInteger();
        List<Thread> fresh = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            fresh.add(Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(100_000);
                ran.incrementAndGet();
            }));
        }
        for (Thread t : fresh) {
            t.join();
        }
        System.out.println(ran.get() == 1000 ? "recovered" : "only " + ran.get() + " of 1000 ran");
    }

    static void throwers() throws Exception {
        AtomicLong handled = new AtomicLong();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (t.isVirtual() && e.getMessage().equals("thrown")) {
                handled.incrementAndGet();
            }
        });
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            int k = i;
            ts.add(Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(10_000);
                if (k % 2 == 0) {
                    throw new IllegalStateException("thrown");
                }
                throw new AssertionError("thrown"); // an Error, too
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        AtomicInteger after = new AtomicInteger();
        List<Thread> more = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            more.add(Thread.ofVirtual().start(() -> {
                Thread.yield();
                after.incrementAndGet();
            }));
        }
        for (Thread t : more) {
            t.join();
        }
        System.out.println("handled=" + handled.get() + " after=" + after.get());
        SchedStats.print();
    }

    static void exhaust(int readers) throws Exception {
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            children.add(new ProcessBuilder("sh", "-c", "sleep 3; printf '*'").start());
        }
        AtomicInteger reads = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (Process p : children) {
            ts.add(Thread.ofVirtual().start(() -> {
                try (InputStream in = p.getInputStream()) {
                    if (in.read() == '*') {
                        reads.incrementAndGet();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }));
        }
        Thread.sleep(500); // every reader is blocked by now
        Thread probe = Thread.ofVirtual().start(() -> System.out.println("probe ran"));
        for (Thread t : ts) {
            t.join();
        }
        probe.join();
        System.out.println("reads=" + reads.get());
        SchedStats.print();
    }
}
