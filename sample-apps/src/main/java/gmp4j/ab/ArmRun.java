/*
 * ArmRun: one child JVM of an A/B: the command, its output (kept in OUT/<scenario>-<arm>-<round>.out
 * and .err), the sample's GMP4J-RESULT figures, and the recording it wrote. For a server scenario
 * the child is the server sample: once it listens, wrk's load runs (ServerLoad), then the child's
 * stdin is closed, which stops it; wrk's figures come first among the figures, then the server's.
 */
package gmp4j.ab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

record ArmRun(Arm arm, int round, Map<String, Object> figures, Path recording, long wallNanos) {

    static final String RESULT_PREFIX = "GMP4J-RESULT ";
    static final String LISTENING_PREFIX = "GMP4J-LISTENING ";

    static Path agentJar() {
        return Path.of(System.getProperty("gmp4j.agent.jar", "agent/target/gmp4j-agent.jar"));
    }

    static Path samplesJar() {
        return Path.of(System.getProperty("gmp4j.samples.jar", "sample-apps/target/gmp4j-samples.jar"));
    }

    static ArmRun launch(Scenario s, Arm arm, int round, AbCommand.Settings set) throws IOException, InterruptedException {
        String base = s.name() + "-" + arm.file() + "-" + round;
        Path jfr = set.out().resolve(base + ".jfr").toAbsolutePath();
        Path stdout = set.out().resolve(base + ".out");
        Path stderr = set.out().resolve(base + ".err");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xms" + set.heap(), "-Xmx" + set.heap(), "-XX:+UseParallelGC",
                "-Djdk.virtualThreadScheduler.parallelism=" + set.gomaxprocs(),
                "-javaagent:" + agentJar().toAbsolutePath() + "=" + arm.agentOptions(jfr.toString(), set.profile()),
                "-cp", samplesJar().toAbsolutePath().toString(), "gmp4j.samples.Samples"));
        cmd.addAll(s.command(set.duration(), set.sampleArgs()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("GOMAXPROCS", String.valueOf(set.gomaxprocs()));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        long t0 = System.nanoTime();
        Process p = pb.start();
        Map<String, Object> load = Map.of();
        if (s.load() != null) {
            // The server sample: wait for its port, put wrk's load on it, then end its stdin, which stops it.
            try {
                String url = listening(p, base, stdout, stderr);
                load = s.load().run(url, set.duration(), set.serverWarmup(), set.out(), base);
            } catch (IOException | InterruptedException | RuntimeException e) {
                p.destroyForcibly();
                throw e;
            }
            p.getOutputStream().close();
        }
        long limit = (set.duration() != null ? AbCommand.parse(set.duration()).toSeconds() * 3 : 0) + 300;
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AbException(base + " did not finish in " + limit + " s; its output is in " + stdout + " and " + stderr);
        }
        long wall = System.nanoTime() - t0;
        String out = Files.readString(stdout);
        if (p.exitValue() != 0) {
            throw new AbException(base + " exited with " + p.exitValue() + ":\n" + tail(Files.readString(stderr))
                    + "(command: " + String.join(" ", cmd) + ")");
        }
        String line = out.lines().filter(l -> l.startsWith(RESULT_PREFIX)).reduce((a, b) -> b)
                .orElseThrow(() -> new AbException(base + " printed no " + RESULT_PREFIX.trim() + " line; see " + stdout));
        @SuppressWarnings("unchecked")
        Map<String, Object> own = new ObjectMapper().readValue(line.substring(RESULT_PREFIX.length()), LinkedHashMap.class);
        Map<String, Object> figures = new LinkedHashMap<>(); // scenario and carrier first, then wrk's, then the server's
        figures.put("scenario", own.get("scenario"));
        figures.put("carrier", own.get("carrier"));
        figures.putAll(load);
        own.forEach(figures::putIfAbsent);
        if (!Files.isRegularFile(jfr)) {
            throw new AbException(base + " wrote no recording " + jfr + "; see " + stderr);
        }
        return new ArmRun(arm, round, figures, jfr, wall);
    }

    /** The server sample's URL from its GMP4J-LISTENING line, once it prints it. */
    private static String listening(Process p, String base, Path stdout, Path stderr) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String out = Files.readString(stdout);
            String line = out.substring(0, out.lastIndexOf('\n') + 1).lines() // whole lines only
                    .filter(l -> l.startsWith(LISTENING_PREFIX)).findFirst().orElse(null);
            if (line != null) {
                return new ObjectMapper().readTree(line.substring(LISTENING_PREFIX.length())).get("url").asText();
            }
            if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new AbException(base + " exited with " + p.exitValue() + " before it listened:\n"
                        + tail(Files.readString(stderr)));
            }
        }
        throw new AbException(base + " did not listen within 120 s; its output is in " + stdout + " and " + stderr);
    }

    private static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
    }

    /** A child run that failed: one message, no stack trace. */
    static final class AbException extends RuntimeException {
        AbException(String message) {
            super(message);
        }
    }
}
