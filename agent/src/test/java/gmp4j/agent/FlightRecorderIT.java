package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.LatencySpike;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flightrecorder=: one dump per latency spike and cool-down, none without one, readable by analyze. */
class FlightRecorderIT {

    private static List<Path> run(Path dir, String mode) throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent(
                "gomaxprocs=1,preempt=off,flightrecorder=100ms,flightdir=" + dir)), LatencySpike.class, mode);
        assertEquals(0, r.exit(), r.toString());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> dumps = files.filter(f -> f.getFileName().toString().startsWith("gmp4j-flight-")).toList();
            for (Path d : dumps) {
                assertTrue(r.err().contains("flight recorder") && r.err().contains(d.toString()), r.toString());
            }
            return dumps;
        }
    }

    @Test
    void twoSpikesWithinTheCoolDownWriteOneDumpThatAnalyzeReads(@TempDir Path dir) throws Exception {
        List<Path> dumps = run(dir, "spike");
        assertEquals(1, dumps.size(), dumps.toString());
        Process analyze = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ChildJvm.AGENT_JAR.toString(), "analyze", dumps.getFirst().toString()).redirectErrorStream(true).start();
        String said = new String(analyze.getInputStream().readAllBytes());
        assertTrue(analyze.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, analyze.exitValue(), said);
        assertTrue(said.contains("Goroutines"), said);
    }

    @Test
    void withoutASpikeNothingIsWritten(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), run(dir, "calm"));
    }
}
