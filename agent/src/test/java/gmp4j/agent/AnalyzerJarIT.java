package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gmp4j.agent.apps.ExitWith;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `java -jar gmp4j-agent.jar <command>` runs the analyzer (shaded into the jar); the agent path never loads it. */
class AnalyzerJarIT {
    @TempDir
    Path dir;

    /** java -jar gmp4j-agent.jar args... */
    private static ChildJvm.Result jar(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ChildJvm.AGENT_JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        return new ChildJvm.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    @Name("gmp4j.Gomaxprocs") @StackTrace(false)
    static final class Gomaxprocs extends jdk.jfr.Event {
        long procs = 3;
        String scheduler = "gmp";
    }

    @Name("gmp4j.GoStart") @StackTrace(false)
    static final class GoStart extends jdk.jfr.Event {
        long goid = 1;
        long p = 2;
        long m = 0;
        long threadId = 1;
        long schedLatency = 5000;
    }

    @Test
    void theJarAnalysesARecordingAsJson() throws Exception {
        Path rec = dir.resolve("rec.jfr");
        try (Recording r = new Recording()) {
            r.enable(Gomaxprocs.class);
            r.enable(GoStart.class);
            r.start();
            new Gomaxprocs().commit();
            new GoStart().commit();
            r.stop();
            r.dump(rec);
        }
        ChildJvm.Result r = jar("analyze", rec.toString(), "--json");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\"arm\" : \"gmp\""), r.toString());
        assertTrue(r.out().contains("\"gomaxprocs\" : 3"), r.toString());
        assertTrue(r.out().contains("\"lane\" : \"P2\""), r.toString());
    }

    @Test
    void badInputThroughTheJarIsOneLineWithExitCode2() throws Exception {
        ChildJvm.Result r = jar("analyze", dir.resolve("missing.jfr").toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals(List.of("gmp4j analyze: " + dir.resolve("missing.jfr") + ": no such file"), r.err().lines().toList());
    }

    @Test
    void helpListsTheCommands() throws Exception {
        ChildJvm.Result r = jar("--help");
        assertEquals(0, r.exit(), r.toString());
        for (String c : List.of("analyze", "compare", "export")) {
            assertTrue(r.out().contains(c), r.toString());
        }
    }

    @Test
    void theAgentLoadsNoAnalyzerClass() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.agent(""), "-Xlog:class+load=info:stdout"), ExitWith.class, "0");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("gmp4j.agent.Installer"), "the log lists loaded classes");
        assertFalse(r.out().matches("(?s).*gmp4j\\.(analyzer|shaded\\.(jackson|picocli|hdrhistogram))\\..*"),
                "analyzer classes loaded on the agent path");
    }
}
