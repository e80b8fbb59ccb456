package gmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The A/B runner and the demo, end to end with tiny durations, in child JVMs. */
class AbIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATHS = List.of("-Dgmp4j.agent.jar=" + SampleRun.AGENT_JAR.toAbsolutePath(),
            "-Dgmp4j.samples.jar=" + SampleRun.SAMPLES_JAR.toAbsolutePath());

    private static SampleRun ab(String main, String... args) throws IOException, InterruptedException {
        return SampleRun.run(PATHS, main, List.of(args));
    }

    @Test
    void abRunsBothArmsWithTheSameFlagsAndSetsTheirFiguresSideBySide(@TempDir Path dir) throws Exception {
        SampleRun r = ab("gmp4j.ab.AbCommand", "ping-pong", "--duration", "300ms", "--out", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        for (String row : List.of("ForkJoinPool", "gmp4j/FJP", "round_trips_per_s", "cpu_ms", "sched latency p99", "parks")) {
            assertTrue(r.out().contains(row), row + " missing\n" + r);
        }
        assertTrue(!r.out().contains("warmup_ms"), "settings are not figures\n" + r);
        for (String arm : List.of("fjp", "gmp")) {
            assertTrue(Files.size(dir.resolve("ping-pong-" + arm + "-1.jfr")) > 0, arm);
            String out = Files.readString(dir.resolve("ping-pong-" + arm + "-1.out"));
            assertTrue(out.contains(arm.equals("fjp") ? "carrier=ForkJoinPool" : "carrier=gmp4j-m"), out);
        }
        Path html = dir.resolve("ping-pong.html");
        String page = Files.readString(html);
        assertTrue(page.contains("gmp4j A/B: ping-pong") && page.contains("<svg"), "report without plots");
        assertTrue(r.out().contains("HTML report: " + html.toAbsolutePath()), r.toString());
        renderIfChromiumIsHere(html, dir.resolve("ping-pong.png"));
    }

    @Test
    void abServerLoadsEachEndpointWithWrkInItsOwnProcessInBothArms(@TempDir Path dir) throws Exception {
        assumeTrue(wrkIsInstalled(), "wrk is not installed (apt-get install wrk): the server scenario cannot run");
        SampleRun r = ab("gmp4j.ab.AbCommand", "server", "--duration", "2s", "--warmup", "0s", "--out", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("load: wrk -t1 /hello on 50 connections, then /sleep on 50 connections, then /io on 50"
                + " connections; 2 s each after 0 s of warm-up"), r.toString());
        for (String endpoint : List.of("hello", "sleep", "io")) {
            for (String figure : List.of("_requests", "_req_per_s", "_p50_us", "_p90_us", "_p99_us", "_p999_us", "_max_us", "_errors")) {
                assertTrue(r.out().contains("\n" + endpoint + figure + " "), endpoint + figure + " missing\n" + r);
            }
        }
        assertTrue(r.out().contains("sched latency p99"), "the analyzer's figures follow\n" + r);
        List<Long> cpuWork = new ArrayList<>();
        for (String arm : List.of("fjp", "gmp")) {
            String server = Files.readString(dir.resolve("server-" + arm + "-1.out"));
            JsonNode result = JSON.readTree(server.lines().filter(l -> l.startsWith("GMP4J-RESULT ")).findFirst()
                    .orElseThrow(() -> new AssertionError(arm + ": no result\n" + server)).substring("GMP4J-RESULT ".length()));
            assertEquals(arm.equals("fjp") ? "ForkJoinPool-1-worker" : "gmp4j-m", result.get("handler_carrier").asText(), server);
            cpuWork.add(result.get("cpu_iterations_per_ms").asLong());
            for (String endpoint : List.of("hello", "sleep", "io")) {
                String wrk = Files.readString(dir.resolve("server-" + arm + "-1-wrk-" + endpoint + ".out"));
                JsonNode f = JSON.readTree(wrk.lines().filter(l -> l.startsWith("GMP4J-WRK ")).findFirst()
                        .orElseThrow(() -> new AssertionError(arm + " " + endpoint + ": no figures\n" + wrk))
                        .substring("GMP4J-WRK ".length()));
                long requests = f.get("requests").asLong();
                assertTrue(requests > 0, arm + " " + endpoint + ": no request completed\n" + wrk);
                assertEquals(0, f.get("status_errors").asLong(), arm + " " + endpoint + ": error answers\n" + wrk);
                assertTrue(f.get("p50_us").asLong() <= f.get("p99_us").asLong() && f.get("p99_us").asLong() <= f.get("max_us").asLong(),
                        wrk);
                // every answer wrk counted was served (the server may also have served requests wrk cut off at its end)
                assertTrue(result.get(endpoint + "_served").asLong() >= requests, endpoint + "\n" + wrk + server);
            }
        }
        assertEquals(cpuWork.get(0), cpuWork.get(1), "a /cpu request is the same work in both arms");
    }

    @Test
    void theDemoRunsServerMixedFirstThenHogLatencyPingPongAndHttpAndLinksTheirReports(@TempDir Path dir) throws Exception {
        SampleRun r = ab("gmp4j.ab.DemoCommand", "--duration", "300ms", "--warmup", "0s", "--full", "--out", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        String index = Files.readString(dir.resolve("index.html"));
        List<String> scenarios = new ArrayList<>(List.of("hog-latency", "ping-pong", "http"));
        if (wrkIsInstalled()) {
            scenarios.addFirst("server-mixed");
            assertTrue(r.out().indexOf("== server-mixed:") < r.out().indexOf("== hog-latency:"), "server-mixed first\n" + r);
            assertTrue(r.out().contains("\nsleep_p99_us ") && r.out().contains("\ncpu_req_per_s "), r.toString());
        } else {
            assertTrue(r.err().contains("server-mixed skipped: it needs wrk"), r.toString());
        }
        for (String s : scenarios) {
            assertTrue(r.out().contains("== " + s + ":"), s + " table missing\n" + r);
            assertTrue(index.contains("href=\"" + s + ".html\""), s + " not linked");
            assertTrue(Files.isRegularFile(dir.resolve(s + ".html")), s + ".html missing");
        }
        assertTrue(r.out().contains("HTML report: " + dir.resolve("index.html").toAbsolutePath()), r.toString());
        assertTrue(r.out().contains("== hog-latency: ForkJoinPool: ") && r.out().contains("wake-up"),
                "the verdict comes first\n" + r);
        assertTrue(r.out().indexOf("== hog-latency: ForkJoinPool: ") < r.out().indexOf("== hog-latency (all figures)"),
                "the verdict before the table\n" + r);
        theVerdictAndAPlotAreOnTheFirstScreen(dir.resolve("index.html"), dir.resolve("chromium-index"), "hog-latency");
        theVerdictAndAPlotAreOnTheFirstScreen(dir.resolve("hog-latency.html"), dir.resolve("chromium-page"), "hog-latency");
    }

    /**
     * In headless Chromium at 1366x768 (skipped without it), the verdict of the scenario's card (or
     * page) says what its arms did, and it, a plot and the plot's legend lie on the first screen.
     */
    private static void theVerdictAndAPlotAreOnTheFirstScreen(Path page, Path profile, String scenario) throws Exception {
        if (!FirstScreen.available()) {
            System.out.println("chromium not installed: " + page.getFileName() + " was not checked in a browser");
            return;
        }
        boolean index = page.getFileName().toString().equals("index.html");
        String scope = index ? "section.card:has(a[href=\"" + scenario + ".html\"]) " : "";
        try (FirstScreen s = new FirstScreen(page, profile)) {
            List<FirstScreen.Element> verdict = s.elements(scope + ".verdict");
            assertEquals(1, verdict.size(), page + ": one verdict");
            assertTrue(verdict.getFirst().text().startsWith("ForkJoinPool: ") && verdict.getFirst().text().contains("gmp4j: "),
                    verdict.toString());
            assertTrue(verdict.getFirst().onFirstScreen(), page + ": the verdict is below the first screen");
            List<FirstScreen.Element> plot = s.elements(scope + "svg.plot");
            assertTrue(!plot.isEmpty() && plot.getFirst().onFirstScreen(), page + ": no plot on the first screen " + plot);
            List<FirstScreen.Element> legend = s.elements(scope + "svg.plot + .legend");
            assertTrue(!legend.isEmpty() && legend.getFirst().onFirstScreen() && legend.getFirst().text().contains("(n="),
                    page + ": the plot's legend with its sample counts " + legend);
        }
    }

    @Test
    void misuseOfAbIsOneLineWithExitCode2() throws Exception {
        for (List<String> args : List.of(List.of("no-such-scenario"), List.of("skynet", "--duration", "1s"),
                List.of("ping-pong", "--repeat", "0"), List.of("ping-pong", "--warmup", "1s"),
                List.of("server", "--warmup", "soon"))) {
            SampleRun r = ab("gmp4j.ab.AbCommand", args.toArray(String[]::new));
            assertEquals(2, r.exit(), r.toString());
            assertEquals(1, r.err().lines().count(), r.toString());
            assertTrue(r.err().startsWith("gmp4j ab: "), r.toString());
        }
    }

    private static boolean wrkIsInstalled() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "wrk")));
    }

    /** Headless Chromium, when installed, must render the page (a test machine without it skips this). */
    private static void renderIfChromiumIsHere(Path html, Path png) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            System.out.println("chromium not installed: the report was not rendered");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--screenshot=" + png, "--window-size=1100,1600", html.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.isRegularFile(png) && Files.size(png) > 20_000, "no screenshot of the report");
    }
}
