package gmp4j.agent.apps;

import gmp4j.agent.Installer;
import gmp4j.runtime.Sched;
import gmp4j.runtime.SchedSnapshot;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Stress: many short-lived virtual threads in pairs. The two threads of a pair take turns through
 * park/unpark for ROUNDS rounds; between turns each does one random thing: Thread.yield, a short
 * sleep, a contended monitor, a blocking read of a temp file, or a short CPU loop. Meanwhile two
 * hog virtual threads compute in 20 ms bursts every 100 ms (so that preemption has something to
 * take back) and, under the agent, a platform thread changes GOMAXPROCS between 1 and 4 every 50 ms.
 *
 * Checked: no lost wake-up (every pair keeps making progress: a watchdog samples each live pair's
 * progress counter and ends the run with exit code 3 if one stalls for STALL_LIMIT_S); every
 * thread ends (a thread dump at the end lists none of them); the monitors kept mutual exclusion; under the agent no G was started while not
 * runnable (badStarts, which also catches a G running on two carriers at once), the scheduler is
 * idle at the end with empty queues, and its counters are consistent (see checkSnapshot). Any
 * violation prints "FAIL ..." and exits 1.
 *
 * Reports the throughput (turns and operations per second) and the longest wait any thread saw
 * between being made runnable (unparked by its partner, or its sleep ending) and running.
 *
 * Usage: Stress [pairs] [max live pairs] (defaults 250,000 and 5,000); -Dstress.resize=false keeps
 * GOMAXPROCS fixed, for a like-for-like comparison with the JDK's pool. StressIT runs the default
 * (500,000 threads); the long variant in bench/RESULTS.md runs 1,000,000 pairs:
 *   java -Xmx1g -javaagent:agent/target/gmp4j-agent.jar -cp agent/target/test-classes gmp4j.agent.apps.Stress 1000000
 *   (add -Dstress.resize=false -javaagent:agent/target/gmp4j-agent.jar=gomaxprocs=2 for a fixed GOMAXPROCS)
 *   java -Xmx1g -cp agent/target/test-classes gmp4j.agent.apps.Stress 1000000        (the JDK's pool)
 */
public final class Stress {
    static final int ROUNDS = 4;
    static final int LOCKS = 8;
    static final long STALL_LIMIT_S = 30;

    static final Object[] locks = new Object[LOCKS];
    static final long[] lockCounts = new long[LOCKS];
    static final LongAdder lockEntries = new LongAdder();
    static final LongAdder ops = new LongAdder();
    static final LongAdder turns = new LongAdder();
    static final LongAdder fileReads = new LongAdder();
    static final LongAccumulator longestWakeNs = new LongAccumulator(Math::max, 0);
    static final AtomicInteger failures = new AtomicInteger();
    static final Set<Pair> live = ConcurrentHashMap.newKeySet();
    static final List<Path> files = new ArrayList<>();
    static volatile boolean stop;
    static volatile long sink;

    static void fail(String why) {
        failures.incrementAndGet();
        System.out.println("FAIL " + why);
    }

    /** Two threads taking turns; `turn` says whose it is, `handedAt` when the turn was handed over. */
    static final class Pair {
        final Thread[] t = new Thread[2];
        volatile int turn;
        volatile long handedAt;
        volatile long progressAt = System.nanoTime();
        final AtomicInteger done = new AtomicInteger();
        final Semaphore slots;

        Pair(Semaphore slots) {
            this.slots = slots;
        }

        void play(int self) {
            for (int round = 0; round < ROUNDS; round++) {
                while (turn != self) {
                    LockSupport.park(this); // may return spuriously: re-check the turn
                }
                long woke = System.nanoTime();
                if (handedAt != 0) {
                    longestWakeNs.accumulate(woke - handedAt);
                }
                progressAt = woke;
                turns.increment();
                randomOp(self);
                handedAt = System.nanoTime();
                turn = 1 - self;
                LockSupport.unpark(t[1 - self]);
            }
            if (done.incrementAndGet() == 2) {
                live.remove(this);
                slots.release();
            }
        }
    }

    static void randomOp(int self) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int what = r.nextInt(100);
        try {
            if (what < 30) {
                Thread.yield();
            } else if (what < 45) {
                long ms = 1 + r.nextInt(3);
                long t0 = System.nanoTime();
                Thread.sleep(ms);
                longestWakeNs.accumulate(System.nanoTime() - t0 - TimeUnit.MILLISECONDS.toNanos(ms));
            } else if (what < 70) {
                int k = r.nextInt(LOCKS);
                synchronized (locks[k]) {
                    lockCounts[k]++;
                    if (what < 50) {
                        Thread.yield();
                    }
                }
                lockEntries.increment();
            } else if (what < 80) {
                Path f = files.get(r.nextInt(files.size()));
                try (FileInputStream in = new FileInputStream(f.toFile())) {
                    if (in.readAllBytes().length != 4096) {
                        fail("short read of " + f);
                    }
                }
                fileReads.increment();
            } else {
                sink += spin(1000 + r.nextInt(20_000));
            }
        } catch (InterruptedException | IOException e) {
            fail(e.toString());
        }
        ops.increment();
    }

    static long spin(int n) {
        long x = n;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
        int maxLive = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
        for (int i = 0; i < 4; i++) {
            Path f = Files.createTempFile("gmp4j-stress", ".bin");
            f.toFile().deleteOnExit();
            Files.write(f, new byte[4096]);
            files.add(f);
        }
        Sched sched = schedOrNull();
        AtomicLong hogBursts = new AtomicLong();
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hogs.add(Thread.ofVirtual().name("hog-" + i).start(() -> {
                while (!stop) {
                    long end = System.nanoTime() + 20_000_000L;
                    long x = 0;
                    while (System.nanoTime() < end) {
                        x = x * 31 + spin(100);
                    }
                    sink += x;
                    hogBursts.incrementAndGet();
                    LockSupport.parkNanos(80_000_000L);
                }
            }));
        }
        AtomicInteger resizes = new AtomicInteger();
        boolean resize = sched != null && Boolean.parseBoolean(System.getProperty("stress.resize", "true"));
        Thread resizer = !resize ? null : Thread.ofPlatform().daemon().name("resizer").start(() -> {
            while (!stop) {
                sched.setGomaxprocs(1 + ThreadLocalRandom.current().nextInt(4));
                resizes.incrementAndGet();
                LockSupport.parkNanos(50_000_000L);
            }
        });
        LongAccumulator longestStallNs = new LongAccumulator(Math::max, 0);
        Thread watchdog = Thread.ofPlatform().daemon().name("watchdog").start(() -> watch(longestStallNs));

        long t0 = System.nanoTime();
        Semaphore slots = new Semaphore(maxLive);
        Thread.Builder.OfVirtual builder = Thread.ofVirtual().name("stress-", 0);
        for (int i = 0; i < pairs; i++) {
            slots.acquire();
            Pair p = new Pair(slots);
            p.t[0] = builder.unstarted(() -> p.play(0));
            p.t[1] = builder.unstarted(() -> p.play(1));
            live.add(p);
            p.t[0].start();
            p.t[1].start();
        }
        slots.acquire(maxLive); // every pair has finished
        long elapsedNs = System.nanoTime() - t0;
        stop = true;
        for (Thread h : hogs) {
            h.join();
        }
        if (resizer != null) {
            resizer.join();
            sched.setGomaxprocs(2);
        }
        watchdog.interrupt();

        String left = stressThreadsInDump();
        if (!left.isEmpty()) {
            fail("threads still alive at the end: " + left);
        }
        long lockTotal = 0;
        for (long c : lockCounts) {
            lockTotal += c;
        }
        if (lockTotal != lockEntries.sum()) {
            fail("monitor counts " + lockTotal + " != " + lockEntries.sum() + " entries: mutual exclusion broken");
        }
        if (turns.sum() != 2L * ROUNDS * pairs) {
            fail("turns " + turns.sum() + " != " + 2L * ROUNDS * pairs);
        }
        double secs = elapsedNs / 1e9;
        System.out.printf("threads=%d seconds=%.1f turns/s=%.0f ops/s=%.0f threads/s=%.0f%n", 2L * pairs, secs,
                turns.sum() / secs, ops.sum() / secs, 2L * pairs / secs);
        System.out.printf("longestWakeMs=%.1f longestStallMs=%.0f hogBursts=%d fileReads=%d resizes=%d%n",
                longestWakeNs.get() / 1e6, longestStallNs.get() / 1e6, hogBursts.get(), fileReads.sum(),
                resizes.get());
        if (sched != null) {
            checkSnapshot(sched, 2L * pairs + hogs.size());
        }
        System.out.println(failures.get() == 0 ? "stress: OK" : "stress: " + failures.get() + " FAILED");
        System.exit(failures.get() == 0 ? 0 : 1);
    }

    /** Names of "stress-" threads a thread dump still lists (a finished thread may take a moment to end). */
    static String stressThreadsInDump() throws IOException, InterruptedException {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("\"(stress-\\d+)\"");
        List<String> found = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            Path dump = Files.createTempFile("gmp4j-stress", ".json");
            Files.delete(dump);
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String text = Files.readString(dump);
            Files.delete(dump);
            found = name.matcher(text).results().map(m -> m.group(1)).limit(5).toList();
            if (found.isEmpty()) {
                return "";
            }
            Thread.sleep(100);
        }
        return String.join(", ", found);
    }

    /** The agent's scheduler, or null on the JDK's pool (the agent's classes are not on the class path then). */
    static Sched schedOrNull() {
        try {
            Class.forName("gmp4j.agent.Installer");
        } catch (ClassNotFoundException e) {
            return null;
        }
        return Installer.sched();
    }

    /** Samples each live pair's progress once a second; a pair stalled for STALL_LIMIT_S lost a wake-up. */
    static void watch(LongAccumulator longestStallNs) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Pair p : live) {
                long stalled = now - p.progressAt;
                longestStallNs.accumulate(stalled);
                if (stalled > TimeUnit.SECONDS.toNanos(STALL_LIMIT_S)) {
                    Thread stuck = p.t[p.turn];
                    System.out.println("FAIL lost wake-up: a pair made no progress for " + STALL_LIMIT_S
                            + " s; turn=" + p.turn + " states=" + p.t[0].getState() + "/" + p.t[1].getState()
                            + " live pairs=" + live.size() + " stuck " + stuck + " at "
                            + java.util.Arrays.toString(stuck.getStackTrace()));
                    Sched sched = schedOrNull();
                    if (sched != null) {
                        System.out.println("sched=" + sched.snapshot());
                    }
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                }
            }
        }
    }

    /**
     * Scheduler invariants at the end, once the scheduler has gone idle:
     *  - badStarts == 0: M.execute counts a G that was not _Grunnable when dequeued, which is what
     *    a G queued twice, or started while running on another carrier, looks like;
     *  - every P idle, no spinning M, empty global and local queues: nothing was left behind;
     *  - goroutines >= the virtual threads started here and gStarts >= goroutines started (each
     *    started at least once);
     *  - stolenGs >= steals (a steal moves at least one G); syscallExitsWithoutP and
     *    syscallHandoffs <= syscalls (each counts at most once per entered syscall).
     */
    static void checkSnapshot(Sched sched, long started) throws InterruptedException {
        SchedSnapshot s = sched.snapshot();
        for (int i = 0; i < 500 && (s.idleprocs() != s.gomaxprocs() || s.spinningthreads() != 0); i++) {
            Thread.sleep(10);
            s = sched.snapshot();
        }
        System.out.println("sched=" + s);
        if (s.badStarts() != 0) {
            fail("badStarts=" + s.badStarts());
        }
        if (s.idleprocs() != s.gomaxprocs() || s.spinningthreads() != 0) {
            fail("scheduler not idle at the end");
        }
        if (s.runqueue() != 0 || java.util.Arrays.stream(s.localRunqueues()).sum() != 0) {
            fail("Gs left in run queues");
        }
        if (s.goroutines() < started || s.gStarts() < started) {
            fail("goroutines=" + s.goroutines() + " gStarts=" + s.gStarts() + " < " + started + " started");
        }
        if (s.stolenGs() < s.steals()) {
            fail("stolenGs < steals");
        }
        if (s.syscallExitsWithoutP() > s.syscalls() || s.syscallHandoffs() > s.syscalls()) {
            fail("syscall counters exceed syscalls");
        }
        if (s.preemptions() == 0) {
            fail("no preemption although hogs ran 20 ms bursts");
        }
    }
}
