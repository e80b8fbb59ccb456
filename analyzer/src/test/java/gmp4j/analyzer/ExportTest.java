package gmp4j.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gmp4j.analyzer.export.Exporters;
import gmp4j.analyzer.export.GoTraceCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `export --format go|perfetto` on real .jfr recordings of scripted schedules (TestEvents). */
class ExportTest {
    @TempDir
    Path dir;

    /** Two Ps, three Ms: creation by a platform thread and by a G, park/unpark, Gosched, preemption, a syscall that loses its P. */
    private Path gmpRecording() throws IOException {
        return TestEvents.record(dir.resolve("gmp.jfr"), () -> {
            TestEvents.gomaxprocs(2, "gmp");
            TestEvents.goCreate(1, -1, 101, "main-vt");
            TestEvents.procStart(0, 0);
            TestEvents.goStart(1, 0, 0, 500);
            TestEvents.goCreate(2, 1, 102, "child");
            TestEvents.procStart(1, 1);
            TestEvents.goStart(2, 1, 1, 700);
            spin(2);
            TestEvents.goPark(1, 0, 0, "park");
            TestEvents.goUnpark(1, 2, "goroutine");
            TestEvents.goSysCall(2, 1, 1);
            TestEvents.goSysBlock(2, 1, 1);
            TestEvents.procStart(1, 2);
            TestEvents.goStart(1, 1, 2, 300);
            spin(1);
            TestEvents.goSysExit(2, -1, 1);
            TestEvents.goSched(1, 1, 2);
            TestEvents.goStart(2, 0, 0, 400);
            spin(3);
            TestEvents.goPreempt(2, 0, 0, 10_000_000, false);
            TestEvents.goStart(1, 1, 2, 100);
            TestEvents.goPark(1, 1, 2, "sleep");
            TestEvents.goStart(2, 0, 0, 100);
            TestEvents.goPreempt(2, 0, 0, 10_000_000, true);
            TestEvents.goEnd(2, 0, 0);
            TestEvents.goUnpark(1, -1, "timer");
            TestEvents.goStart(1, 1, 2, 200);
            TestEvents.procSteal(0, 1, 1, 0);
            TestEvents.schedStats(2, 3, 1, 1);
            spin(1);
            TestEvents.goEnd(1, 1, 2);
            TestEvents.procStop(1, 2);
            TestEvents.procStop(0, 0);
        });
    }

    /** The ForkJoinPool arm: no Ps (p = -1), carriers 5 and 6. */
    private Path fjpRecording() throws IOException {
        return TestEvents.record(dir.resolve("fjp.jfr"), () -> {
            TestEvents.gomaxprocs(2, "fjp");
            TestEvents.goCreate(10, -1, 110, "a");
            TestEvents.goCreate(11, -1, 111, "");
            TestEvents.goStart(10, -1, 5, 10);
            TestEvents.goStart(11, -1, 6, 10);
            spin(1);
            TestEvents.goPark(10, -1, 5, "monitor");
            TestEvents.goUnpark(10, 11, "goroutine");
            TestEvents.goEnd(11, -1, 6);
            TestEvents.goStart(10, -1, 6, 10);
            TestEvents.goEnd(10, -1, 6);
        });
    }

    private static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** gmp4j's own figures: execution time per G from GoroutineAnalysis. */
    private static Map<Long, Long> analysedExec(Path rec) {
        GoroutineAnalysis a = new GoroutineAnalysis(rec.toString());
        RecordingReader.read(rec, a, Progress.NONE);
        Map<Long, Long> exec = new HashMap<>();
        for (AnalysisReport.GoroutineRow r : a.report().topGoroutines()) {
            exec.put(r.goid(), r.times().execNanos());
        }
        return exec;
    }

    private static void assertExecAgrees(Map<Long, Long> expected, Map<Long, Long> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            // Go's reader moves equal timestamps apart by 1 ns per event; allow a few.
            long diff = Math.abs(e.getValue() - actual.get(e.getKey()));
            assertTrue(diff <= 20, "G" + e.getKey() + " exec " + actual.get(e.getKey()) + " vs " + e.getValue());
        }
    }

    @Test
    void goExportOfGmpArmReplaysLegallyAndKeepsEachGsExecutionTime() throws IOException {
        Path rec = gmpRecording();
        Path out = dir.resolve("gmp.trace");
        Exporters.Result r = Exporters.convert(rec, "go", out);
        GoTraceCheck c = GoTraceCheck.check(Files.readAllBytes(out));
        assertEquals(0, r.repairs(), "a complete schedule needs no repairs");
        assertEquals(Map.of(1L, "main-vt", 2L, "child"), c.names);
        assertEquals(2, c.counts.get("GoDestroy"));
        assertEquals(2, c.counts.get("GoBlock"));
        assertEquals(2, c.counts.get("GoStop"), "one Gosched and one successful preemption");
        assertEquals(1, c.counts.get("GoSyscallBegin"));
        assertEquals(Set.of(0L, 1L, 2L), c.procs, "P0, P1 and the outside P, numbered densely");
        assertExecAgrees(analysedExec(rec), c.execNanos);
    }

    @Test
    void goExportOfFjpArmGivesEachCarrierItsOwnP() throws IOException {
        Path rec = fjpRecording();
        Path out = dir.resolve("fjp.trace");
        Exporters.convert(rec, "go", out);
        GoTraceCheck c = GoTraceCheck.check(Files.readAllBytes(out));
        assertEquals(Map.of(10L, "a", 11L, "virtual thread"), c.names);
        assertEquals(Set.of(0L, 1L, 2L), c.procs, "the outside P and one per carrier, numbered densely");
        assertExecAgrees(analysedExec(rec), c.execNanos);
    }

    /** Two handlers and two pollers, all unnamed, each started by its own method. */
    private Path twoKindsRecording() throws IOException {
        return TestEvents.record(dir.resolve("kinds.jfr"), true, () -> {
            TestEvents.gomaxprocs(1, "gmp");
            startHandler(1);
            startHandler(2);
            startPoller(3);
            startPoller(4);
            TestEvents.procStart(0, 0);
            for (long g = 1; g <= 4; g++) {
                TestEvents.goStart(g, 0, 0, 100);
                spin(1);
                TestEvents.goEnd(g, 0, 0);
            }
            TestEvents.procStop(0, 0);
        });
    }

    private static void startHandler(long goid) {
        TestEvents.GoCreate e = new TestEvents.GoCreate();
        e.goid = goid; e.parentGoid = -1; e.threadId = 100 + goid; e.threadName = "";
        e.commit();
    }

    private static void startPoller(long goid) {
        TestEvents.GoCreate e = new TestEvents.GoCreate();
        e.goid = goid; e.parentGoid = -1; e.threadId = 100 + goid; e.threadName = "";
        e.commit();
    }

    @Test
    void goExportGroupsUnnamedGoroutinesByWhereTheyWereStarted() throws Exception {
        Path rec = twoKindsRecording();
        Path out = dir.resolve("kinds.trace");
        Exporters.convert(rec, "go", out);
        Map<Long, String> names = GoTraceCheck.check(Files.readAllBytes(out)).names;
        String handler = ExportTest.class.getName() + ".startHandler";
        String poller = ExportTest.class.getName() + ".startPoller";
        assertEquals(Map.of(1L, handler, 2L, handler, 3L, poller, 4L, poller), names);
        Path go = findGo();
        if (go != null) { // Go's own goroutine analysis shows the same two groups
            assertEquals(java.util.Set.of(handler, poller), goroutinePage(go, out).keySet());
        }
    }

    @Test
    void goToolTraceParsesTheExportAndAgreesOnExecutionTime() throws Exception {
        Path go = findGo();
        Assumptions.assumeTrue(go != null, "no Go 1.23 toolchain (PATH or /usr/lib/go-1.23/bin/go): go tool trace check skipped");
        for (Path rec : List.of(gmpRecording(), fjpRecording())) {
            Path out = dir.resolve(rec.getFileName() + ".trace");
            Exporters.convert(rec, "go", out);
            Process p = new ProcessBuilder(go.toString(), "tool", "trace", "-d=1", out.toString())
                    .redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), dump);
            assertFalse(dump.contains("broken trace"), dump);
            Map<Long, Long> exec = analysedExec(rec);
            assertExecAgrees(exec, execFromGoDump(dump));
            // Go's own goroutine analysis (the web UI's goroutine page) groups Gs by name.
            Map<String, Long> byName = new HashMap<>();
            Map<Long, String> names = GoTraceCheck.check(Files.readAllBytes(out)).names;
            exec.forEach((g, ns) -> byName.merge(names.get(g), ns, Long::sum));
            Map<String, Long> page = goroutinePage(go, out);
            assertEquals(byName.keySet(), page.keySet(), page.toString());
            byName.forEach((name, ns) -> assertEquals(ns, page.get(name), 20 + ns * 1e-6, name));
        }
    }

    /**
     * Runs `go tool trace -http` on the trace and reads its goroutine page: start location (our
     * thread name) -> total execution time. The viewer gets 4 GB of address space at most and
     * is always stopped with its children.
     */
    static Map<String, Long> goroutinePage(Path go, Path trace) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "ulimit -v 4000000; exec \"$0\" tool trace -http=127.0.0.1:0 \"$1\"",
                go.toString(), trace.toString()).redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String url = null;
            for (String l; url == null && (l = lines.readLine()) != null; ) {
                var m = java.util.regex.Pattern.compile("listening on (http://\\S+)").matcher(l);
                url = m.find() ? m.group(1) : null;
            }
            assertTrue(url != null, "go tool trace -http did not start");
            var client = java.net.http.HttpClient.newHttpClient();
            String html = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/goroutines"))
                    .timeout(java.time.Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Long> page = new HashMap<>();
            var row = java.util.regex.Pattern.compile(
                    "<a href=\"/goroutine\\?name=[^\"]*\">([^<]*)</a>\\s*(?:</code>)?\\s*</td>\\s*<td>\\s*(\\d+)\\s*</td>\\s*<td>\\s*([^<\\s]+)\\s*</td>")
                    .matcher(html);
            while (row.find()) {
                page.put(row.group(1).strip(), goDuration(row.group(3)));
            }
            return page;
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor();
        }
    }

    /** Go's time.Duration.String(): "1.15µs", "2.5ms", "2.499999274s", "1m2.5s". */
    static long goDuration(String s) {
        long ns = 0;
        var m = java.util.regex.Pattern.compile("([\\d.]+)(ns|µs|us|ms|s|m|h)").matcher(s);
        while (m.find()) {
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "µs", "us" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            ns += Math.round(Double.parseDouble(m.group(1)) * unit);
        }
        return ns;
    }

    @Test
    void goExportOfAConcurrentlyRecordedScheduleReplaysLegally() throws Exception {
        for (String arm : List.of("gmp", "fjp")) {
            Path rec = TestEvents.record(dir.resolve(arm + "-synthetic.jfr"), () -> SyntheticRecording.run(20_000, 2, arm, 0));
            Path out = dir.resolve(arm + "-synthetic.trace");
            Exporters.Result r = Exporters.convert(rec, "go", out);
            GoTraceCheck c = GoTraceCheck.check(Files.readAllBytes(out));
            assertTrue(r.eventsRead() > 10_000, "events " + r.eventsRead()); // the generator stops "about" there
            Path go = findGo();
            if (go != null) {
                Process p = new ProcessBuilder(go.toString(), "tool", "trace", "-d=1", out.toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve(arm + ".dump").toFile()).start();
                assertEquals(0, p.waitFor(), Files.readString(dir.resolve(arm + ".dump")).lines().limit(5).toList().toString());
                Map<Long, Long> goExec = execFromGoDump(Files.readString(dir.resolve(arm + ".dump")));
                // Go's reader moves events with equal times apart by 1 ns each: at most 1 ns per event.
                assertEquals(sum(c.execNanos), sum(goExec), r.eventsWritten(), "total exec, Go vs GoTraceCheck");
            }
        }
    }

    private static long sum(Map<Long, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Sums Running time per goroutine from `go tool trace -d=1` StateTransition lines. */
    static Map<Long, Long> execFromGoDump(String dump) {
        Map<Long, Long> since = new HashMap<>();
        Map<Long, Long> exec = new HashMap<>();
        var pat = java.util.regex.Pattern.compile("Time=(\\d+) Resource=Goroutine\\((\\d+)\\).* (\\w+)->(\\w+)$");
        for (String line : dump.split("\n")) {
            var m = pat.matcher(line);
            if (!m.find()) {
                continue;
            }
            long t = Long.parseLong(m.group(1));
            long g = Long.parseLong(m.group(2));
            if (m.group(3).equals("Running") && !m.group(4).equals("Running")) {
                exec.merge(g, t - since.remove(g), Long::sum);
            } else if (m.group(4).equals("Running") && !m.group(3).equals("Running")) {
                since.put(g, t);
            }
        }
        return exec;
    }

    static Path findGo() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(d, "go");
            if (Files.isExecutable(p) && goVersionOk(p)) {
                return p;
            }
        }
        Path p = Path.of("/usr/lib/go-1.23/bin/go");
        return Files.isExecutable(p) && goVersionOk(p) ? p : null;
    }

    private static boolean goVersionOk(Path go) {
        try {
            Process p = new ProcessBuilder(go.toString(), "version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            var m = java.util.regex.Pattern.compile("go1\\.(\\d+)").matcher(v);
            return p.waitFor() == 0 && m.find() && Integer.parseInt(m.group(1)) >= 23;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void perfettoExportIsTraceEventJsonWithTracksSlicesFlowsAndCounters() throws IOException {
        Path out = dir.resolve("gmp.json");
        Exporters.convert(gmpRecording(), "perfetto", out);
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        JsonNode events = root.get("traceEvents");
        assertTrue(events.isArray());
        Set<String> tracks = new HashSet<>();
        Map<String, Integer> phases = new HashMap<>();
        Set<Long> flowStarts = new HashSet<>();
        Set<Long> flowEnds = new HashSet<>();
        for (JsonNode e : events) {
            String ph = e.get("ph").asText();
            phases.merge(ph, 1, Integer::sum);
            assertTrue(e.has("pid") && e.has("name"), e.toString());
            if (ph.equals("M") && e.get("name").asText().equals("thread_name")) {
                tracks.add(e.get("args").get("name").asText());
            }
            if (!ph.equals("M")) {
                assertTrue(e.get("ts").asDouble() >= 0, e.toString());
            }
            if (ph.equals("X")) {
                assertTrue(e.get("dur").asDouble() >= 0, e.toString());
            }
            if (ph.equals("s")) {
                flowStarts.add(e.get("id").asLong());
            }
            if (ph.equals("f")) {
                flowEnds.add(e.get("id").asLong());
                assertEquals("e", e.get("bp").asText());
            }
        }
        assertTrue(tracks.containsAll(List.of("P 0", "P 1", "M 0", "M 1", "M 2")), tracks.toString());
        assertEquals(flowStarts, flowEnds, "every unpark arrow ends at the G's next start");
        assertEquals(2, flowStarts.size());
        long runs = 0;
        for (JsonNode e : events) {
            if (e.get("ph").asText().equals("X") && e.get("name").asText().startsWith("main-vt g1")
                    && e.get("pid").asInt() == 1) {
                runs++;
            }
        }
        assertEquals(4, runs, "G1 ran four times on Ps");
        assertTrue(phases.getOrDefault("C", 0) >= 9, "SchedStats counters");
        assertTrue(phases.getOrDefault("i", 0) >= 2, "steal and failed-preemption instants");
    }

    @Test
    void foreignInputIsBadInputInOneLineAndLeavesNoOutput() throws IOException {
        Path notJfr = Files.writeString(dir.resolve("notes.txt"), "hello, not a recording\n");
        for (String format : Exporters.FORMATS) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> Exporters.convert(notJfr, format, dir.resolve("y.out")));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith(notJfr.toString()), e.getMessage());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(notJfr), files.toList());
        }
    }
}
