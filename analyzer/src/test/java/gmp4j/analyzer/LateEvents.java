/*
 * LateEvents: counts the events JFR writes into a later flush segment than their timestamps
 * belong to, and checks that RecordingReader still hands every event out in time order. Not a
 * test: whether a late event happens at all depends on the OS taking a thread off the CPU between
 * an event's timestamp and its write just as the recorder flushes (TimeOrder's comment;
 * bench/RESULTS.md has the counts).
 *
 * THREADS platform threads (more than the cores, so that the OS preempts them) each emit
 * EVENTS GoSched events, with m counting up per thread, and sleep 100 ms four times on the way so
 * the recording spans several one-second flushes. Prints one line: the events that came out
 * older than an event before them, through EventStream's own ordered mode and through
 * RecordingReader, and RecordingReader's breaks of a thread's own order. Exits 1 if
 * RecordingReader got any order wrong.
 *
 * Usage (test class path): LateEvents OUT.jfr [THREADS] [EVENTS]   (defaults 8, 2000000)
 */
package gmp4j.analyzer;

import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.consumer.EventStream;

public final class LateEvents {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
        TestEvents.record(out, () -> {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                long id = t;
                ts[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < events; i++) {
                        if (i % (events / 4) == 0) {
                            sleep(100);
                        }
                        TestEvents.goSched(id, 0, i);
                    }
                });
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });

        Late jfr = new Late();
        try (EventStream s = EventStream.openFile(out)) {
            s.setOrdered(true);
            s.onEvent("gmp4j.GoSched", e -> {
                Instant t = e.getStartTime();
                jfr.see(t.getEpochSecond() * 1_000_000_000L + t.getNano());
            });
            s.start();
        }
        Late reader = new Late();
        long[] nextM = new long[threads];
        long[] threadOrderBreaks = {0};
        RecordingReader.read(out, e -> {
            reader.see(e.time());
            SchedEvent.GoSched g = (SchedEvent.GoSched) e;
            if (nextM[(int) g.goid()]++ != g.m()) {
                threadOrderBreaks[0]++;
            }
        }, Progress.NONE);
        System.out.printf("events=%d eventstream_late=%d eventstream_worst_ms=%.3f reader_late=%d reader_thread_order_breaks=%d%n",
                reader.count, jfr.late, jfr.worst / 1e6, reader.late, threadOrderBreaks[0]);
        System.exit(reader.late == 0 && threadOrderBreaks[0] == 0 ? 0 : 1);
    }

    /** Counts events older than the newest one before them, and by how much the worst was. */
    private static final class Late {
        long newest = Long.MIN_VALUE;
        long count;
        long late;
        long worst;

        void see(long t) {
            count++;
            if (t < newest) {
                late++;
                worst = Math.max(worst, newest - t);
            }
            newest = Math.max(newest, t);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
