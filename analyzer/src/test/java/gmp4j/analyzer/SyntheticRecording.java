/*
 * SyntheticRecording: writes a .jfr full of gmp4j events from a toy scheduler, for looking at
 * reports and for measuring the analyzer (bench/RESULTS.md). Not a test.
 *
 * GOMAXPROCS platform threads play the Ps. Each takes a runnable goroutine from a shared queue,
 * emits GoStart (with the time it waited), "runs" it by spinning up to spinMicros, then ends the
 * run the way real goroutines do: Gosched, park (woken later by whichever P sees the wake-up
 * time pass), a syscall, a preemption, or exit (and a new goroutine is created). With spinMicros=0
 * it emits as fast as it can, for big recordings.
 *
 * Usage (test class path): SyntheticRecording OUT.jfr EVENTS [GOMAXPROCS] [SCHEDULER] [SPIN_MICROS]
 */
package gmp4j.analyzer;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public final class SyntheticRecording {
    private record Ready(long goid, long since) {}

    private record Sleeper(long goid, long wakeAt) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(wakeAt - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(wakeAt, ((Sleeper) o).wakeAt);
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long events = Long.parseLong(args[1]);
        int procs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String scheduler = args.length > 3 ? args[3] : "gmp";
        int spin = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        long t0 = System.nanoTime();
        TestEvents.record(out, () -> run(events, procs, scheduler, spin));
        System.err.printf("wrote %s: about %d events in %.1f s%n", out, events, (System.nanoTime() - t0) / 1e9);
    }

    static void run(long events, int procs, String scheduler, int spinMicros) {
        boolean fjp = scheduler.equals("fjp");
        ConcurrentLinkedQueue<Ready> runq = new ConcurrentLinkedQueue<>();
        DelayQueue<Sleeper> sleeping = new DelayQueue<>();
        AtomicLong emitted = new AtomicLong();
        AtomicLong nextGoid = new AtomicLong(1);
        TestEvents.gomaxprocs(procs, scheduler);
        for (int i = 0; i < procs * 8; i++) {
            long g = nextGoid.getAndIncrement();
            TestEvents.goCreate(g, -1, 1000 + g, "worker-" + g);
            runq.add(new Ready(g, System.nanoTime()));
        }
        Thread[] ps = new Thread[procs];
        for (int p = 0; p < procs; p++) {
            long pid = p;
            ps[p] = Thread.ofPlatform().name("P" + p).start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                long pField = fjp ? -1 : pid;
                long m = pid + (fjp ? 100 : 0);
                while (emitted.get() < events) {
                    for (Sleeper s; (s = sleeping.poll()) != null; ) {
                        TestEvents.goUnpark(s.goid(), -1, "timer");
                        runq.add(new Ready(s.goid(), System.nanoTime()));
                        emitted.incrementAndGet();
                    }
                    Ready r = runq.poll();
                    if (r == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    long g = r.goid();
                    if (!fjp && rnd.nextInt(50) == 0) {
                        TestEvents.procSteal(pid, (pid + 1) % procs, 1 + rnd.nextInt(4), m);
                    }
                    TestEvents.goStart(g, pField, m, System.nanoTime() - r.since());
                    spin(spinMicros > 0 ? rnd.nextInt(spinMicros) : 0);
                    int what = rnd.nextInt(100);
                    if (what < 45) {
                        TestEvents.goSched(g, pField, m);
                        runq.add(new Ready(g, System.nanoTime()));
                    } else if (what < 75) {
                        String reason = new String[] {"park", "sleep", "monitor", "wait"}[rnd.nextInt(4)];
                        TestEvents.goPark(g, pField, m, reason);
                        sleeping.add(new Sleeper(g, System.nanoTime() + (spinMicros > 0 ? rnd.nextInt(spinMicros * 2) * 1000L : 0)));
                    } else if (what < 85) {
                        TestEvents.goSysCall(g, pField, m);
                        spin(spinMicros > 0 ? rnd.nextInt(spinMicros) : 0);
                        if (rnd.nextBoolean()) {
                            TestEvents.goSysExit(g, pField, m);
                            TestEvents.goSched(g, pField, m);
                        } else {
                            TestEvents.goSysBlock(g, pField, m);
                            TestEvents.goSysExit(g, -1, m);
                        }
                        runq.add(new Ready(g, System.nanoTime()));
                    } else if (what < 95) {
                        TestEvents.goPreempt(g, pField, m, 10_000_000, rnd.nextInt(10) == 0);
                        runq.add(new Ready(g, System.nanoTime()));
                    } else {
                        long child = nextGoid.getAndIncrement();
                        TestEvents.goCreate(child, g, 1000 + child, rnd.nextBoolean() ? "" : "conn-" + child + "-reader");
                        TestEvents.goEnd(g, pField, m);
                        runq.add(new Ready(child, System.nanoTime()));
                    }
                    emitted.addAndGet(3);
                }
            });
        }
        long lastStats = System.nanoTime();
        try {
            for (Thread t : ps) {
                while (t.isAlive()) {
                    t.join(10);
                    if (System.nanoTime() - lastStats > 100_000_000L) {
                        lastStats = System.nanoTime();
                        TestEvents.schedStats(procs, procs + 2, fjp ? -1 : 0, 0);
                    }
                }
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void spin(int micros) {
        long end = System.nanoTime() + micros * 1000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
