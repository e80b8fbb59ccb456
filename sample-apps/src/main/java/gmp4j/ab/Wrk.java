/*
 * Wrk: one run of the wrk load generator (https://github.com/wg/wrk, Debian's package "wrk") in
 * its own process, against a server that a child JVM runs: one wrk thread (-t1) holding C
 * keep-alive connections, each sending its next request as soon as the last is answered, for whole
 * seconds (wrk takes no shorter duration). A request that takes longer than the timeout (10 s,
 * wrk's default is 2 s) counts as an error and not in the latencies, so a starved arm's slow
 * requests are kept. wrk's latencies are per completed request, without correction for requests
 * that were never sent while a connection waited (wrk is a closed loop, as the samples' clients).
 *
 * The script wrk-json.lua (a resource of this jar, written next to the outputs) prints one line
 * GMP4J-WRK {json} with the figures; the whole output is kept in a file next to the arms' output.
 */
package gmp4j.ab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

final class Wrk {
    static final String PREFIX = "GMP4J-WRK ";
    static final String TIMEOUT = "10s";
    private static final String SCRIPT = "wrk-json.lua";

    private final Process process;
    private final Path output;
    private final List<String> command;
    private final long seconds;

    private Wrk(Process process, Path output, List<String> command, long seconds) {
        this.process = process;
        this.output = output;
        this.command = command;
        this.seconds = seconds;
    }

    /** The wrk binary: -Dgmp4j.wrk (the launcher sets it), else the first wrk on PATH. */
    static Path binary() {
        String set = System.getProperty("gmp4j.wrk");
        if (set != null && !set.isBlank()) {
            Path p = Path.of(set);
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new ArmRun.AbException("-Dgmp4j.wrk=" + set + " is not an executable file");
        }
        Path p = onPath();
        if (p == null) {
            throw new ArmRun.AbException("the server scenarios need wrk, the HTTP load generator, and it is not on PATH:"
                    + " install it (Debian/Ubuntu: apt-get install wrk; ./gmp4j ab does it when run as root)"
                    + " or pass -Dgmp4j.wrk=/path/to/wrk");
        }
        return p;
    }

    /** wrk on PATH, or null. */
    static Path onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "wrk"))) {
                return Path.of(dir, "wrk");
            }
        }
        return null;
    }

    /** Writes the report script into dir (once per run of the runner is enough; rewriting is harmless). */
    static Path script(Path dir) throws IOException {
        Path script = dir.resolve(SCRIPT);
        try (InputStream in = Wrk.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** Starts {@code wrk -t1 -cN -dS --timeout 10s -s script url}, its output (both streams) to output. */
    static Wrk start(Path wrk, Path script, String url, int connections, long seconds, Path output) throws IOException {
        List<String> cmd = List.of(wrk.toString(), "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", TIMEOUT,
                "-s", script.toAbsolutePath().toString(), url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new Wrk(p, output, cmd, seconds);
    }

    /** Waits for wrk to finish and returns the figures of its GMP4J-WRK line. */
    Map<String, Object> figures() throws IOException, InterruptedException {
        long limit = seconds + 60; // wrk stops itself after its duration; this is a watchdog
        if (!process.waitFor(limit, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new ArmRun.AbException("wrk did not finish in " + limit + " s: " + String.join(" ", command));
        }
        String out = Files.readString(output);
        String line = out.lines().filter(l -> l.startsWith(PREFIX)).reduce((a, b) -> b).orElse(null);
        if (process.exitValue() != 0 || line == null) {
            throw new ArmRun.AbException("wrk exited with " + process.exitValue() + (line == null ? " and printed no "
                    + PREFIX.trim() + " line" : "") + ":\n" + out + "(command: " + String.join(" ", command) + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = new ObjectMapper().readValue(line.substring(PREFIX.length()), LinkedHashMap.class);
        return figures;
    }

    /** Stops a wrk that is still running (after another one failed). */
    void kill() {
        process.destroyForcibly();
    }
}
