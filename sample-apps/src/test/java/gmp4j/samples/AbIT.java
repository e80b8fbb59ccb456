package gmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The A/B runner and the demo, end to end with tiny durations, in child JVMs. */
class AbIT {
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
    void theDemoRunsHogLatencyPingPongAndHttpAndLinksTheirReports(@TempDir Path dir) throws Exception {
        SampleRun r = ab("gmp4j.ab.DemoCommand", "--duration", "300ms", "--out", dir.toString());
        assertEquals(0, r.exit(), r.toString());
        String index = Files.readString(dir.resolve("index.html"));
        for (String s : List.of("hog-latency", "ping-pong", "http")) {
            assertTrue(r.out().contains("== " + s + ":"), s + " table missing\n" + r);
            assertTrue(index.contains("href=\"" + s + ".html\""), s + " not linked");
            assertTrue(Files.isRegularFile(dir.resolve(s + ".html")), s + ".html missing");
        }
        assertTrue(r.out().contains("HTML report: " + dir.resolve("index.html").toAbsolutePath()), r.toString());
    }

    @Test
    void misuseOfAbIsOneLineWithExitCode2() throws Exception {
        for (List<String> args : List.of(List.of("no-such-scenario"), List.of("skynet", "--duration", "1s"),
                List.of("ping-pong", "--repeat", "0"))) {
            SampleRun r = ab("gmp4j.ab.AbCommand", args.toArray(String[]::new));
            assertEquals(2, r.exit(), r.toString());
            assertEquals(1, r.err().lines().count(), r.toString());
            assertTrue(r.err().startsWith("gmp4j ab: "), r.toString());
        }
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
