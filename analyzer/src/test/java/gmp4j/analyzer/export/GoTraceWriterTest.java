package gmp4j.analyzer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gmp4j.analyzer.SchedEvent;
import gmp4j.analyzer.SchedEvent.GoCreate;
import gmp4j.analyzer.SchedEvent.GoEnd;
import gmp4j.analyzer.SchedEvent.GoPark;
import gmp4j.analyzer.SchedEvent.GoSched;
import gmp4j.analyzer.SchedEvent.GoStart;
import gmp4j.analyzer.SchedEvent.GoSysCall;
import gmp4j.analyzer.SchedEvent.GoUnpark;
import gmp4j.analyzer.SchedEvent.Gomaxprocs;
import gmp4j.analyzer.SchedEvent.ProcStart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GoTraceWriter on in-memory event lists with exact times, checked by GoTraceCheck. */
class GoTraceWriterTest {
    private static final long T0 = 1_000_000_000_000L;

    private static GoTraceCheck export(List<SchedEvent> events, long generationNanos, long[] repairs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GoTraceWriter w = new GoTraceWriter(out, generationNanos);
        for (SchedEvent e : events) {
            w.accept(e);
        }
        w.close();
        if (repairs != null) {
            repairs[0] = w.repairs();
        }
        return GoTraceCheck.check(out.toByteArray());
    }

    @Test
    void newGenerationsRestateEveryLiveGAndPAndKeepExecutionTime() throws IOException {
        List<SchedEvent> ev = new ArrayList<>();
        ev.add(new Gomaxprocs(T0, 2, "gmp"));
        ev.add(new GoCreate(T0 + 1, 1, -1, 1, "spinner"));
        ev.add(new GoCreate(T0 + 2, 2, -1, 2, "sleeper"));
        ev.add(new ProcStart(T0 + 3, 0, 0));
        ev.add(new GoStart(T0 + 4, 2, 0, 0, 2, 1));
        ev.add(new GoPark(T0 + 5, 2, 0, 0, "sleep", ""));
        ev.add(new GoStart(T0 + 10, 1, 0, 0, 1, 1));
        ev.add(new ProcStart(T0 + 20, 1, 1));
        // Generations of 1 µs: one starts at the first event 1 µs after the last start, so G1 runs
        // across two boundaries, G2 waits across the first and is in a syscall across the second.
        ev.add(new GoUnpark(T0 + 50_000, 2, -1, "timer"));
        ev.add(new GoStart(T0 + 50_010, 2, 1, 1, 2, 10));
        ev.add(new GoSysCall(T0 + 50_020, 2, 1, 1));
        ev.add(new GoSched(T0 + 60_000, 1, 0, 0));
        ev.add(new GoEnd(T0 + 60_001, 2, 1, 1)); // ends without GoSysExit: a repair
        ev.add(new GoStart(T0 + 60_002, 1, 0, 0, 1, 2));
        ev.add(new GoEnd(T0 + 60_010, 1, 0, 0));
        long[] repairs = new long[1];
        GoTraceCheck c = export(ev, 1_000, repairs);
        assertEquals(3, c.generations);
        assertEquals(60_000 - 10 + 8, c.execNanos.get(1L), 2 * c.generations);
        assertEquals(1 + 10 + (60_001 - 60_000 - 0), c.execNanos.get(2L), 2 * c.generations);
        assertEquals(1, repairs[0]);
    }

    @Test
    void eventsForUnknownOrInconsistentGoroutinesAreRepairedIntoALegalTrace() throws IOException {
        List<SchedEvent> ev = List.of(
                // no Gomaxprocs, no GoCreate, no ProcStart: the recording started mid-run
                new GoStart(T0, 7, 0, 3, 7, -1),
                new GoStart(T0 + 10, 7, 1, 4, 7, -1),      // runs on another M without stopping
                new GoPark(T0 + 20, 8, 1, 4, "park", ""),  // a G never seen, on an M running G7
                new GoUnpark(T0 + 30, 7, 8, "goroutine"),  // G7 is not waiting: skipped
                new GoEnd(T0 + 40, 7, 0, 3),
                new GoEnd(T0 + 50, 9, 1, 4));
        long[] repairs = new long[1];
        GoTraceCheck c = export(ev, GoTraceWriter.DEFAULT_GENERATION_NANOS, repairs);
        assertTrue(repairs[0] > 0);
        assertEquals(2, c.counts.get("GoDestroy"), c.counts.toString());
        assertEquals(1, c.counts.get("GoBlock"), c.counts.toString());
    }

    @Test
    void batchesLargerThanGosLimitAreSplit() throws IOException {
        List<SchedEvent> ev = new ArrayList<>();
        ev.add(new Gomaxprocs(T0, 1, "gmp"));
        ev.add(new ProcStart(T0, 0, 0));
        long t = T0;
        for (long g = 1; g <= 20_000; g++) {
            ev.add(new GoCreate(++t, g, -1, g, "worker-" + g));
            ev.add(new GoStart(++t, g, 0, 0, g, 1));
            ev.add(new GoEnd(++t, g, 0, 0));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GoTraceWriter w = new GoTraceWriter(out);
        for (SchedEvent e : ev) {
            w.accept(e);
        }
        w.close();
        assertTrue(out.size() > 4 * TraceBuf.MAX_BATCH_SIZE, "size " + out.size());
        GoTraceCheck c = GoTraceCheck.check(out.toByteArray());
        assertEquals(20_000, c.names.size());
        assertEquals(20_000, c.counts.get("GoDestroy"));
    }

    @Test
    void parkReasonsBecomeGosBlockReasons() {
        assertEquals("sleep", GoTraceWriter.blockReason("sleep", ""));
        assertEquals("sync.(*Cond).Wait", GoTraceWriter.blockReason("wait", "java.lang.Object"));
        assertEquals("sync", GoTraceWriter.blockReason("park", "java.util.concurrent.locks.ReentrantLock$NonfairSync"));
        assertEquals("network", GoTraceWriter.blockReason("park", "sun.nio.ch.NioSocketImpl"));
        assertEquals("sync", GoTraceWriter.blockReason("monitor", ""));
        assertEquals("unspecified", GoTraceWriter.blockReason("other", ""));
    }
}
