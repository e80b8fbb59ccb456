package gmp4j.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingReaderTest {
    @TempDir
    Path dir;

    /** The model event with its time zeroed, to compare field values only. */
    private static String fieldsOf(SchedEvent e) {
        return e.toString().replaceFirst("time=\\d+", "time=0");
    }

    @Test
    void everyEventTypeIsReadWithTheFieldsOfTheSchema() throws IOException {
        Path file = TestEvents.record(dir.resolve("all.jfr"), () -> {
            TestEvents.gomaxprocs(4, "gmp");
            TestEvents.goCreate(7, -1, 77, "worker-1");
            TestEvents.goStart(7, 2, 3, 1500);
            TestEvents.goSched(7, 2, 3);
            TestEvents.goPreempt(7, 2, 3, 10_000_000, true);
            TestEvents.goPark(7, 2, 3, "sleep");
            TestEvents.goUnpark(7, 9, "timer");
            TestEvents.goSysCall(7, 1, 4);
            TestEvents.goSysBlock(7, 1, 4);
            TestEvents.goSysExit(7, -1, 4);
            TestEvents.goEnd(7, 0, 5);
            TestEvents.procStart(1, 4);
            TestEvents.procStop(1, 4);
            TestEvents.procSteal(0, 1, 3, 5);
            TestEvents.schedStats(4, 6, 11, 12);
        });
        List<SchedEvent> events = new ArrayList<>();
        RecordingInfo info = RecordingReader.read(file, events::add, Progress.NONE);

        List<String> expected = List.of(
                new SchedEvent.Gomaxprocs(0, 4, "gmp"),
                new SchedEvent.GoCreate(0, 7, -1, 77, "worker-1"),
                new SchedEvent.GoStart(0, 7, 2, 3, 1007, 1500),
                new SchedEvent.GoSched(0, 7, 2, 3),
                new SchedEvent.GoPreempt(0, 7, 2, 3, 10_000_000, true),
                new SchedEvent.GoPark(0, 7, 2, 3, "sleep", "java.lang.Object"),
                new SchedEvent.GoUnpark(0, 7, 9, "timer"),
                new SchedEvent.GoSysCall(0, 7, 1, 4),
                new SchedEvent.GoSysBlock(0, 7, 1, 4),
                new SchedEvent.GoSysExit(0, 7, -1, 4),
                new SchedEvent.GoEnd(0, 7, 0, 5),
                new SchedEvent.ProcStart(0, 1, 4),
                new SchedEvent.ProcStop(0, 1, 4),
                new SchedEvent.ProcSteal(0, 0, 1, 3, 5),
                new SchedEvent.SchedStats(0, 4, 0, 6, 0, 0, 0, "[0 0]", 11, 12, 0, 0))
                .stream().map(RecordingReaderTest::fieldsOf).toList();
        assertEquals(expected, events.stream().map(RecordingReaderTest::fieldsOf).toList());
        for (SchedEvent e : events) {
            assertTrue(e.time() >= info.startNanos() && e.time() <= info.endNanos(),
                    "event time inside the chunk's span: " + e);
        }
    }

    @Test
    void eventsFromManyThreadsAndSeveralChunksComeOutInTimeOrder() throws Exception {
        int threads = 4;
        int chunks = 3;
        int perThread = 2000 * chunks;
        CyclicBarrier rotate = new CyclicBarrier(threads + 1);
        Path file = TestEvents.record(dir.resolve("threads.jfr"), () -> {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                long id = t;
                ts[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        TestEvents.goSched(id, id, i);
                        if (i % 500 == 0) {
                            Thread.yield();
                        }
                        if ((i + 1) % (perThread / chunks) == 0 && i + 1 < perThread) {
                            await(rotate);
                            await(rotate);
                        }
                    }
                });
            }
            for (int c = 1; c < chunks; c++) {
                await(rotate); // every thread has written its part of this chunk
                try (Recording other = new Recording()) {
                    other.start(); // a recording starting makes JFR begin a new chunk
                }
                await(rotate);
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
        long[] last = {Long.MIN_VALUE};
        long[] count = new long[threads];
        long[] nextM = new long[threads];
        List<Double> progress = new ArrayList<>();
        RecordingInfo info = RecordingReader.read(file, e -> {
            assertTrue(e.time() >= last[0], "time order");
            last[0] = e.time();
            SchedEvent.GoSched s = (SchedEvent.GoSched) e;
            int g = (int) s.goid();
            assertEquals(nextM[g]++, s.m(), "each thread's own events keep their order");
            count[g]++;
        }, progress::add);
        assertTrue(info.chunks() >= chunks, "chunks: " + info.chunks());
        long[] expected = new long[threads];
        Arrays.fill(expected, perThread);
        assertTrue(Arrays.equals(expected, count), Arrays.toString(count));
        assertEquals(1.0, progress.getLast(), "progress ends at 1");
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anExceptionFromTheConsumerStopsReadingAndIsRethrown() throws IOException {
        Path file = TestEvents.record(dir.resolve("three.jfr"), () -> {
            for (int i = 0; i < 3; i++) {
                TestEvents.goSched(i, 0, 0);
            }
        });
        List<SchedEvent> seen = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RecordingReader.read(file, ev -> {
            seen.add(ev);
            throw new IllegalStateException("consumer failed");
        }, Progress.NONE));
        assertEquals("consumer failed", e.getMessage());
        assertEquals(1, seen.size(), "no event after the failure");
    }

    /** A gmp4j.GoEnd whose goid is a String: not the schema's type. */
    @jdk.jfr.Name("gmp4j.GoEnd")
    @jdk.jfr.StackTrace(false)
    static final class MistypedGoEnd extends jdk.jfr.Event {
        String goid = "seven";
    }

    @Test
    void eventsOfAnotherSchemaAreBadInput() throws IOException {
        Path f = dir.resolve("mistyped.jfr");
        try (Recording r = new Recording()) {
            r.enable(MistypedGoEnd.class);
            r.start();
            new MistypedGoEnd().commit();
            r.stop();
            r.dump(f);
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> RecordingReader.read(f, x -> { }, Progress.NONE));
        assertTrue(e.getMessage().contains("gmp4j.GoEnd events do not match the gmp4j schema"), e.getMessage());
    }

    @Test
    void missingFileIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> RecordingReader.read(dir.resolve("nope.jfr"), x -> { }, Progress.NONE));
        assertEquals(dir.resolve("nope.jfr") + ": no such file", e.getMessage());
    }

    @Test
    void directoryIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> RecordingReader.read(dir, x -> { }, Progress.NONE));
        assertTrue(e.getMessage().endsWith("is a directory, not a JFR recording"), e.getMessage());
    }

    @Test
    void textFileIsNotAJfrRecording() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.jfr"), "hello, this is text\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> RecordingReader.read(f, x -> { }, Progress.NONE));
        assertTrue(e.getMessage().contains("not a JFR recording"), e.getMessage());
    }

    @Test
    void emptyFileIsNotAJfrRecording() throws IOException {
        Path f = Files.createFile(dir.resolve("empty.jfr"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> RecordingReader.read(f, x -> { }, Progress.NONE));
        assertTrue(e.getMessage().contains("not a JFR recording"), e.getMessage());
    }

    @Test
    void truncatedRecordingIsReportedAsTruncated() throws IOException {
        Path full = TestEvents.record(dir.resolve("full.jfr"), () -> {
            for (int i = 0; i < 1000; i++) {
                TestEvents.goSched(i, 0, 0);
            }
        });
        byte[] bytes = Files.readAllBytes(full);
        for (int cut : new int[] {bytes.length / 2, 40}) {
            Path f = Files.write(dir.resolve("cut" + cut + ".jfr"), Arrays.copyOf(bytes, cut));
            BadInputException e = assertThrows(BadInputException.class,
                    () -> RecordingReader.read(f, x -> { }, Progress.NONE));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
    }

    @Test
    void recordingWithoutGmp4jEventsIsBadInput() throws IOException {
        Path f = dir.resolve("plain.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ThreadSleep").withThreshold(java.time.Duration.ZERO);
            r.start();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            r.stop();
            r.dump(f);
        }
        BadInputException e = assertThrows(BadInputException.class,
                () -> RecordingReader.read(f, x -> { }, Progress.NONE));
        assertTrue(e.getMessage().contains("no gmp4j events"), e.getMessage());
    }

    @Test
    void inspectGivesTheRecordingsTimeSpan() throws IOException {
        long before = System.currentTimeMillis() * 1_000_000L;
        Path f = TestEvents.record(dir.resolve("span.jfr"), () -> TestEvents.gomaxprocs(2, "fjp"));
        long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
        RecordingInfo info = RecordingReader.inspect(f);
        assertEquals(Files.size(f), info.sizeBytes());
        assertTrue(info.chunks() >= 1);
        assertTrue(info.startNanos() >= before - 1_000_000_000L && info.endNanos() <= after,
                info + " within [" + before + ", " + after + "]");
        assertTrue(info.durationNanos() >= 0);
    }
}
