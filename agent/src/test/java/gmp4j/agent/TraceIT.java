package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.TracedWorkload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child JVMs run TracedWorkload (a G that parks, sleeps, yields, is preempted, blocks in a call,
 * on a monitor, in Object.wait, and starts a child) under JFR, and the recording is checked:
 * the events of EVENTS.md, their goids, reasons and latencies, in both arms.
 */
class TraceIT {
    static final Path TRACE_JFC = Path.of("..", "jfr-profiles", "gmp4j-trace.jfc").toAbsolutePath().normalize();
    static final List<String> NAMES = List.of("parker", "waker", "sleeper", "yielder", "spinner", "syscall",
            "blocked", "waiter", "parent", "child");
    @TempDir
    Path dir;

    /** The gmp4j events of a recording, in time order, and the goids of the workload's threads. */
    record Recording(List<RecordedEvent> events, Map<String, Long> goids) {
        static Recording read(Path file) throws Exception {
            List<RecordedEvent> all = new ArrayList<>(RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().startsWith("gmp4j.")).toList());
            all.sort(Comparator.comparing(RecordedEvent::getStartTime));
            Map<String, Long> goids = new HashMap<>();
            for (RecordedEvent e : all) {
                if (name(e).equals("GoCreate")) {
                    goids.put(e.getString("threadName"), e.getLong("goid"));
                }
            }
            return new Recording(all, goids);
        }

        static String name(RecordedEvent e) {
            return e.getEventType().getName().substring("gmp4j.".length());
        }

        List<RecordedEvent> of(String type) {
            return events.stream().filter(e -> name(e).equals(type)).toList();
        }

        List<RecordedEvent> of(String type, String thread) {
            long goid = goid(thread);
            return of(type).stream().filter(e -> e.getLong("goid") == goid).toList();
        }

        long goid(String thread) {
            Long g = goids.get(thread);
            assertNotNull(g, "no GoCreate for " + thread + " in " + goids);
            return g;
        }

        /** The event types of one G, in time order. */
        List<String> history(String thread) {
            long goid = goid(thread);
            // Hog is a watcher's report about a run, not a step of the G's own history
            return events.stream().filter(e -> e.hasField("goid") && e.getLong("goid") == goid && !name(e).equals("Hog"))
                    .map(Recording::name).toList();
        }

        @Override
        public String toString() {
            return events.stream().map(e -> name(e) + e.getFields().stream()
                            .filter(f -> !f.getName().equals("startTime") && !f.getName().equals("eventThread"))
                            .map(f -> " " + f.getName() + "=" + e.getValue(f.getName())).collect(Collectors.joining()))
                    .collect(Collectors.joining("\n"));
        }
    }

    /**
     * -XX:StartFlightRecording with gmp4j-trace.jfc. The JDK's jdk.ThreadSleep and jdk.FileRead are
     * turned off: a virtual thread committing them makes JFR drop its carrier's next event (see
     * gmp4j.runtime.trace.TraceState), which would hide the GoEnd of "sleeper" and "syscall".
     */
    private List<String> startFlightRecording(Path file) {
        return List.of("-XX:StartFlightRecording:settings=" + TRACE_JFC + ",filename=" + file
                + ",gmp4j-stats-period=200ms,jdk.ThreadSleep#enabled=false,jdk.FileRead#enabled=false");
    }

    private Recording run(List<String> jvmArgs, Path file) throws Exception {
        ChildJvm.Result r = ChildJvm.run(jvmArgs, TracedWorkload.class);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("ok"), r.toString());
        assertTrue(Files.isRegularFile(file), "no recording\n" + r);
        return Recording.read(file);
    }

    /** What both arms record the same way. */
    private static void assertCommonShape(Recording rec) {
        for (String n : NAMES) {
            List<String> h = rec.history(n);
            assertEquals("GoCreate", h.getFirst(), n + ": " + h + "\n" + rec);
            assertEquals("GoEnd", h.getLast(), n + ": " + h + "\n" + rec);
            assertTrue(h.contains("GoStart"), n + ": " + h);
        }
        for (RecordedEvent e : rec.of("GoStart")) {
            assertTrue(e.getDuration("schedLatency").compareTo(Duration.ZERO) >= 0, e.toString());
            assertTrue(rec.goids().containsValue(e.getLong("goid")) || e.getLong("goid") > 0, e.toString());
        }
        assertEquals(rec.goid("parent"), rec.of("GoCreate", "child").getFirst().getLong("parentGoid"));
        assertEquals(-1, rec.of("GoCreate", "parker").getFirst().getLong("parentGoid"));
        assertEquals(List.of("park"), reasons(rec, "parker"));
        assertEquals(List.of("sleep"), reasons(rec, "sleeper"));
        assertEquals(List.of("wait"), reasons(rec, "waiter"));
        RecordedEvent unpark = rec.of("GoUnpark", "parker").getFirst();
        assertEquals(rec.goid("waker"), unpark.getLong("byGoid"));
        assertEquals("goroutine", unpark.getString("source"));
        assertEquals("timer", rec.of("GoUnpark", "sleeper").getFirst().getString("source"));
        assertEquals("external", rec.of("GoUnpark", "waiter").getFirst().getString("source"));
        assertEquals(3, rec.of("GoSched", "yielder").size(), rec.toString());
        assertFalse(rec.of("SchedStats").isEmpty(), "no SchedStats");
    }

    private static List<String> reasons(Recording rec, String thread) {
        return rec.of("GoPark", thread).stream().map(e -> e.getString("reason")).toList();
    }

    @Test
    void theGmpArmRecordsEveryKindOfStopWithConsistentGoids() throws Exception {
        Path file = dir.resolve("gmp.jfr");
        List<String> args = new ArrayList<>(startFlightRecording(file));
        args.add(ChildJvm.agent("gomaxprocs=1,timeslice=5ms"));
        Recording rec = run(args, file);
        assertCommonShape(rec);
        RecordedEvent procs = rec.of("Gomaxprocs").getFirst();
        assertEquals("gmp", procs.getString("scheduler"));
        assertEquals(1, procs.getLong("procs"));
        assertEquals(List.of("monitor"), reasons(rec, "blocked"));
        List<RecordedEvent> preempts = rec.of("GoPreempt", "spinner");
        assertFalse(preempts.isEmpty(), rec.toString());
        for (RecordedEvent e : preempts) {
            assertFalse(e.getBoolean("failed"));
            assertTrue(e.getDuration("ranFor").toNanos() > 0, e.toString());
        }
        assertEquals(1, rec.of("GoSysCall", "syscall").size(), rec.toString());
        assertEquals(1, rec.of("GoSysExit", "syscall").size(), rec.toString());
        assertFalse(rec.of("GoSysBlock", "syscall").isEmpty(), "sysmon hands off the P of a 300 ms read\n" + rec);
        for (RecordedEvent e : rec.of("GoStart")) {
            assertEquals(0, e.getLong("p"));
        }
        assertFalse(rec.of("ProcStart").isEmpty());
        RecordedEvent stats = rec.of("SchedStats").getLast();
        assertEquals(1, stats.getLong("gomaxprocs"));
        assertTrue(stats.getLong("preemptions") >= preempts.size(), stats.toString());
        assertEquals("[0]", stats.getString("localRunqueues"));
    }

    @Test
    void theFjpArmRecordsTheSameEventsOnTheJdksPoolWithMinusOneForWhatHasNoMeaning() throws Exception {
        Path file = dir.resolve("fjp.jfr");
        List<String> args = new ArrayList<>(startFlightRecording(file));
        args.add(ChildJvm.agent("scheduler=fjp"));
        Recording rec = run(args, file);
        assertCommonShape(rec);
        assertEquals("fjp", rec.of("Gomaxprocs").getFirst().getString("scheduler"));
        for (String gmpOnly : List.of("GoPreempt", "GoSysCall", "GoSysExit", "GoSysBlock", "ProcStart", "ProcStop",
                "ProcSteal")) {
            assertTrue(rec.of(gmpOnly).isEmpty(), gmpOnly + "\n" + rec);
        }
        for (RecordedEvent e : rec.of("GoStart")) {
            assertEquals(e.getLong("goid"), e.getLong("threadId"), "goid is the thread id");
            assertTrue(e.getLong("p") >= 0, "p is the carrier's pool index: " + e);
            assertTrue(e.getLong("m") > 0, e.toString());
        }
        RecordedEvent stats = rec.of("SchedStats").getLast();
        assertEquals(-1, stats.getLong("spinningthreads"));
        assertEquals(-1, stats.getLong("preemptions"));
        assertEquals("", stats.getString("localRunqueues"));
    }

    @Test
    void recordWritesTheRecordingAtExitWithTheChosenProfile() throws Exception {
        Path trace = dir.resolve("trace.jfr");
        Recording all = run(List.of(ChildJvm.agent("gomaxprocs=1,timeslice=5ms,record=" + trace + ",profile=trace")),
                trace);
        assertEquals(NAMES.size(), all.goids().size(), all.goids().toString());
        assertFalse(all.of("SchedStats").isEmpty());
        assertEquals("gmp", all.of("Gomaxprocs").getFirst().getString("scheduler"));

        Path low = dir.resolve("low.jfr");
        Recording few = run(List.of(ChildJvm.agent("gomaxprocs=1,timeslice=5ms,record=" + low)), low);
        assertTrue(few.goids().isEmpty(), "gmp4j.jfc records no GoCreate");
        assertTrue(few.of("GoPark").isEmpty() && few.of("GoUnpark").isEmpty(), few.toString());
        assertFalse(few.of("GoPreempt").isEmpty(), few.toString());
        assertFalse(few.of("SchedStats").isEmpty());
        for (RecordedEvent e : few.of("GoStart")) {
            assertTrue(e.getDuration("schedLatency").toMillis() >= 5, "below the 5 ms threshold: " + e);
        }
    }

    @Test
    void theLatencyThresholdIsAJfcOptionOfTheLowOverheadProfile() throws Exception {
        Path file = dir.resolve("low0.jfr");
        Path jfc = TRACE_JFC.resolveSibling("gmp4j.jfc");
        Recording rec = run(List.of("-XX:StartFlightRecording:settings=" + jfc + ",gmp4j-latency-threshold=0ms,filename="
                + file, ChildJvm.agent("gomaxprocs=1,timeslice=5ms")), file);
        assertTrue(rec.of("GoStart").size() >= NAMES.size(), "every start is kept at 0 ms\n" + rec);
        assertTrue(rec.of("GoCreate").isEmpty() && rec.of("GoPark").isEmpty(), rec.toString());
    }
}
