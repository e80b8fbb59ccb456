package gmp4j.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * When each event of a scripted workload was committed: JFR stamps an instant event inside
     * commit(), so its time lies between the nanoTime read before and the one read after.
     */
    static final class Stamps {
        final long[] before = new long[16];
        final long[] after = new long[16];
        int n;

        void emit(Runnable commit) {
            before[n] = System.nanoTime();
            commit.run();
            after[n++] = System.nanoTime();
        }

        /** The least and most time that can have passed between events i and j. */
        long[] between(int i, int j) {
            return new long[] {before[j] - after[i], after[j] - before[i]};
        }
    }

    /** One goroutine: runs ~50 ms on P0, sleeps ~30 ms, waits ~20 ms for a P, runs ~40 ms on P1, ends. */
    Path knownWorkload(String name, Stamps s) throws IOException {
        return TestEvents.record(dir.resolve(name), () -> {
            s.emit(() -> TestEvents.gomaxprocs(2, "gmp"));      // 0
            s.emit(() -> TestEvents.goCreate(1, -1, 11, "worker-1")); // 1
            s.emit(() -> TestEvents.goStart(1, 0, 0, 0));       // 2
            sleep(50);
            s.emit(() -> TestEvents.goPark(1, 0, 0, "sleep"));  // 3
            sleep(30);
            s.emit(() -> TestEvents.goUnpark(1, -1, "timer"));  // 4
            sleep(20);
            s.emit(() -> TestEvents.goStart(1, 1, 1, 20 * MS)); // 5
            sleep(40);
            s.emit(() -> TestEvents.goEnd(1, 1, 1));            // 6
        });
    }

    Path knownWorkload(String name) throws IOException {
        return knownWorkload(name, new Stamps());
    }

    /** actual lies within the sum of the given [least, most] intervals, give or take 0.5 ms of clock skew. */
    static void assertWithin(long actual, String what, long[]... intervals) {
        long lo = 0;
        long hi = 0;
        for (long[] iv : intervals) {
            lo += iv[0];
            hi += iv[1];
        }
        assertTrue(actual >= lo - MS / 2 && actual <= hi + MS / 2,
                what + ": " + actual + " ns, expected within [" + lo + ", " + hi + "]");
    }

    @Test
    void analyzeJsonGivesTheFiguresOfAKnownWorkload() throws IOException {
        Stamps s = new Stamps();
        Path f = knownWorkload("known.jfr", s);
        Result r = run("analyze", f.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("gmp", j.get("arm").asText());
        assertEquals(2, j.get("gomaxprocs").asLong());
        JsonNode times = j.get("totals").get("times");
        assertWithin(times.get("execNanos").asLong(), "execution", s.between(2, 3), s.between(5, 6));
        assertWithin(times.get("blockSleepNanos").asLong(), "sleep", s.between(3, 4));
        assertWithin(times.get("schedWaitNanos").asLong(), "scheduling wait", s.between(1, 2), s.between(4, 5));
        assertTrue(times.get("execNanos").asLong() >= 90 * MS, "the sleeps inside the runs");
        assertEquals(2, j.get("schedLatency").get("count").asLong());
        assertEquals(20 * MS, j.get("schedLatency").get("maxNanos").asLong(), 0.001 * 20 * MS);
        assertEquals("worker-N", j.get("kinds").get(0).get("kind").asText());
        assertEquals(List.of("P0", "P1"), j.get("lanes").findValuesAsText("lane"));
        assertWithin(j.get("lanes").get(0).get("busyNanos").asLong(), "P0 busy", s.between(2, 3));
        assertWithin(j.get("lanes").get(1).get("busyNanos").asLong(), "P1 busy", s.between(5, 6));
        assertWithin(j.get("wallNanos").asLong(), "wall", s.between(0, 6));
        assertFalse(j.has("timeline"), "the downsampled timeline is for the HTML report only");
    }

    @Test
    void analyzeTextPrintsAlignedTables() throws IOException {
        Path f = knownWorkload("text.jfr");
        Result r = run("analyze", f.toString());
        assertEquals(0, r.code(), r.err());
        for (String s : List.of("arm gmp, GOMAXPROCS 2", "Summary", "Goroutines by kind", "worker-N",
                "sched latency p99.9", "Minimum mutator utilisation", "P0", "P1", "Ms: 2 distinct")) {
            assertTrue(r.out().contains(s), "output has " + s + ":\n" + r.out());
        }
        // Every row of the kinds table has its columns at the same places as the header.
        List<String> lines = r.out().lines().toList();
        int h = lines.indexOf(lines.stream().filter(l -> l.startsWith("  kind ")).findFirst().orElseThrow());
        assertEquals(lines.get(h).indexOf("exec") + 4, lines.get(h + 1).indexOf("ms", lines.get(h).indexOf("exec") - 6) + 2,
                "exec column right-aligned:\n" + lines.get(h) + "\n" + lines.get(h + 1));
    }

    /** A recording with `preemptions` preemptions and every goroutine start waiting latencyMs. */
    Path armWith(String name, String scheduler, int preemptions, long latencyMs, String threadName) throws IOException {
        return TestEvents.record(dir.resolve(name), () -> {
            TestEvents.gomaxprocs(1, scheduler);
            TestEvents.goCreate(5, -1, 55, threadName);
            for (int i = 0; i < preemptions; i++) {
                TestEvents.goStart(5, 0, 0, latencyMs * MS);
                TestEvents.goPreempt(5, 0, 0, MS, false);
            }
            TestEvents.goStart(5, 0, 0, latencyMs * MS);
            TestEvents.goEnd(5, 0, 0);
        });
    }

    @Test
    void compareGivesRatiosOfBOverA() throws IOException {
        Path a = armWith("a.jfr", "fjp", 2, 1, "w-1");
        Path b = armWith("b.jfr", "gmp", 6, 4, "w-2");
        Result r = run("compare", a.toString(), b.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("fjp", j.get("a").get("arm").asText());
        assertEquals("gmp", j.get("b").get("arm").asText());
        JsonNode preempt = row(j, "preemptions");
        assertEquals(2, preempt.get("a").asLong());
        assertEquals(6, preempt.get("b").asLong());
        assertEquals(3.0, preempt.get("ratio").asDouble(), 1e-9);
        assertEquals(4.0, row(j, "sched latency p50").get("ratio").asDouble(), 0.01);
        assertEquals(7.0 / 3, row(j, "goroutine starts").get("ratio").asDouble(), 1e-9);

        Result text = run("compare", a.toString(), b.toString());
        assertEquals(0, text.code(), text.err());
        String line = text.out().lines().filter(l -> l.strip().startsWith("preemptions")).findFirst().orElseThrow();
        assertEquals(List.of("preemptions", "2", "6", "3.00x"), Arrays.asList(line.strip().split("\\s+")));
    }

    private static JsonNode row(JsonNode comparison, String figure) {
        for (JsonNode r : comparison.get("rows")) {
            if (r.get("figure").asText().equals(figure)) {
                return r;
            }
        }
        throw new AssertionError("no row " + figure);
    }

    @Test
    void htmlReportEscapesEveryStringFromTheRecording() throws IOException {
        String evil = "<script>alert(1)</script>";
        Path a = armWith("plain.jfr", "fjp", 1, 1, "worker-1");
        Path b = armWith("b<img src=x onerror=alert(2)>.jfr", "gmp\"><script>alert(3)</script>", 1, 2, evil);
        Path out = dir.resolve("report.html");
        Result r = run("compare", a.toString(), b.toString(), "--html", out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out);
        assertFalse(html.toLowerCase().contains("<script"), "no script element");
        assertFalse(html.contains("<img"), "no img element from the file name");
        assertTrue(html.contains("&lt;script&gt;alert(N)&lt;/script&gt;"), "the kind shows as text");
        assertTrue(html.contains("b&lt;img src=x onerror=alert(2)&gt;.jfr"), "the file name shows as text");
        assertTrue(html.contains("gmp&quot;&gt;&lt;script&gt;"), "the arm name shows as text");
        assertTrue(html.contains("Content-Security-Policy"));
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src=\""),
                "self-contained: nothing loaded from elsewhere");
        assertTrue(html.contains("<svg") && html.contains("<polyline"), "plots are inline SVG");
    }

    /** Renders the report in headless Chromium when it is installed (skipped otherwise). */
    @Test
    void htmlReportRendersInChromiumAndAThreadNamedLikeAScriptDoesNotRun() throws Exception {
        Path chromium = java.util.stream.Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(n -> java.util.stream.Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, n)))
                .filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "chromium not installed");
        Path a = armWith("fjp.jfr", "fjp", 3, 1, "worker-1");
        Path b = armWith("gmp.jfr", "gmp", 3, 2, "<script>document.body.setAttribute('data-pwned','yes')</script>");
        Path html = dir.resolve("r.html");
        assertEquals(0, run("compare", a.toString(), b.toString(), "--html", html.toString()).code());
        Path png = dir.resolve("r.png");
        String dom = chromium(chromium, "--dump-dom", html.toUri().toString());
        assertTrue(dom.contains("gmp4j compare"), dom);
        assertFalse(dom.contains("data-pwned=\""), "the script in the thread name did not run");
        assertTrue(dom.contains("&lt;script&gt;document.body.setAttribute"), "it shows as text");
        chromium(chromium, "--screenshot=" + png, "--window-size=1100,2400", html.toUri().toString());
        assertTrue(Files.size(png) > 10_000, "a screenshot with content: " + Files.size(png) + " bytes");
    }

    /** Runs headless Chromium; skips the test if it does not finish in time (a loaded machine). */
    private String chromium(Path chromium, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu"));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            org.junit.jupiter.api.Assumptions.abort("chromium did not finish in 180 s");
        }
        assertEquals(0, p.exitValue(), "chromium exit code");
        return Files.readString(stdout);
    }

    @Test
    void htmlEscapeCoversMarkupAndQuotes() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
                HtmlReport.escape("<a href=\"x\" title='y'>&amp;</a>"));
    }

    static void assertBadInput(Result r, String expectedInMessage) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err());
        assertEquals(1, r.err().lines().count(), "one line on stderr: " + r.err());
        assertTrue(r.err().contains(expectedInMessage), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingFileIsOneLineAndExitCode2() {
        assertBadInput(run("analyze", dir.resolve("missing.jfr").toString()), "missing.jfr: no such file");
        assertBadInput(run("compare", dir.resolve("x.jfr").toString(), dir.resolve("y.jfr").toString()),
                "x.jfr: no such file");
    }

    @Test
    void notAJfrFileIsOneLineAndExitCode2() throws IOException {
        Path f = Files.writeString(dir.resolve("text.jfr"), "not a recording\n".repeat(100));
        assertBadInput(run("analyze", f.toString()), "not a JFR recording");
    }

    @Test
    void truncatedFileIsOneLineAndExitCode2() throws IOException {
        byte[] full = Files.readAllBytes(knownWorkload("full.jfr"));
        Path f = Files.write(dir.resolve("cut.jfr"), Arrays.copyOf(full, full.length * 2 / 3));
        assertBadInput(run("analyze", f.toString(), "--json"), "truncated");
    }

    @Test
    void recordingWithoutGmp4jEventsIsOneLineAndExitCode2() throws IOException {
        Path f = dir.resolve("empty.jfr");
        try (jdk.jfr.Recording rec = new jdk.jfr.Recording()) {
            rec.start();
            rec.stop();
            rec.dump(f);
        }
        assertBadInput(run("analyze", f.toString()), "no gmp4j events");
    }

    @Test
    void unreadablePathIsOneLineAndExitCode2() throws IOException {
        assertBadInput(run("analyze", dir.toString()), "is a directory");
        Path locked = Files.copy(knownWorkload("locked.jfr"), dir.resolve("locked2.jfr"));
        if (locked.toFile().setReadable(false, false) && !Files.isReadable(locked)) {
            assertBadInput(run("analyze", locked.toString()), "permission denied");
        } // else: running as root, every file is readable
    }

    @Test
    void htmlOutputIntoAMissingDirectoryIsBadInput() throws IOException {
        Path a = armWith("a.jfr", "fjp", 1, 1, "w");
        assertBadInput(run("compare", a.toString(), a.toString(), "--html", dir.resolve("no/such/dir/r.html").toString()),
                "cannot write the HTML report");
    }

    @Test
    void misuseIsOneLineAndExitCode2() {
        assertBadInput(run(), "missing command");
        assertBadInput(run("analyse", "x.jfr"), "Unmatched argument");
        assertBadInput(run("analyze"), "Missing required parameter");
        assertBadInput(run("analyze", "x.jfr", "--bogus"), "Unknown option");
        assertBadInput(run("compare", "a.jfr"), "Missing required parameter");
        assertBadInput(run("export", "x.jfr"), "Missing required option");
    }

    @Test
    void exportWritesBothFormats() throws IOException {
        Path f = knownWorkload("e.jfr");
        for (String format : List.of("go", "perfetto")) {
            Path out = dir.resolve("o." + format);
            Result r = run("export", f.toString(), "--format", format, "-o", out.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err());
            assertTrue(Files.size(out) > 0);
        }
        gmp4j.analyzer.export.GoTraceCheck.check(Files.readAllBytes(dir.resolve("o.go")));
        new ObjectMapper().readTree(dir.resolve("o.perfetto").toFile());
    }

    @Test
    void exportOfBadInputIsOneLineAndExitCode2() throws IOException {
        Path f = knownWorkload("e.jfr");
        Path text = Files.writeString(dir.resolve("t.txt"), "not a recording");
        String out = dir.resolve("o.trace").toString();
        assertBadInput(run("export", f.toString(), "--format", "pprof", "-o", out), "unknown export format 'pprof'");
        assertBadInput(run("export", text.toString(), "--format", "go", "-o", out), text.toString());
        assertBadInput(run("export", dir.resolve("nope.jfr").toString(), "--format", "perfetto", "-o", out), "no such file");
        assertBadInput(run("export", f.toString(), "--format", "go", "-o", dir.resolve("no/dir/o").toString()), "does not exist");
        assertFalse(Files.exists(Path.of(out)));
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"analyze", "--help"},
                new String[] {"compare", "--help"}, new String[] {"export", "--help"}, new String[] {"help", "compare"})) {
            Result r = run(args);
            assertEquals(0, r.code(), Arrays.toString(args));
            assertTrue(r.out().startsWith("Usage: gmp4j"), r.out());
        }
        assertTrue(run("--help").out().contains("analyze") && run("--help").out().contains("export"));
    }
}
