/*
 * ServerLoad: the load of a server scenario, put on the server sample (which a child JVM runs,
 * with the agent in both arms) by wrk processes of their own, never from inside the measured JVM.
 * A phase is one or more streams run at the same time, each its own wrk process (server-mixed:
 * /sleep on 20 connections while /cpu?ms=20 gets 4); each phase first runs its streams for the
 * warm-up, unmeasured (the JIT compiles the server's paths), then for the measured duration; the
 * phases run one after another (server: /hello, then /sleep, then /io). Both are whole seconds,
 * rounded up, since wrk takes no shorter duration; a warm-up of 0 skips it.
 *
 * Each stream's figures are named after its label: LABEL_requests, LABEL_req_per_s, LABEL_p50_us,
 * _p90_us, _p99_us, _p999_us, _max_us (latencies in microseconds, as the samples' own), and
 * LABEL_errors (every kind wrk counts: connect, read, write, non-2xx/3xx status, timeouts).
 */
package gmp4j.ab;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

record ServerLoad(List<List<Stream>> phases) {

    /** Requests to one path on a number of connections; label names its figures. */
    record Stream(String label, String path, int connections) {
        @Override
        public String toString() {
            return path + " on " + connections + " connection" + (connections == 1 ? "" : "s");
        }
    }

    static final String DEFAULT_WARMUP = "1s";

    /** One line for the table's header: what ran, for how long. */
    String describe(String duration, String warmup) {
        String phasesText = phases.stream().map(p -> p.stream().map(Stream::toString).collect(Collectors.joining(" while ")))
                .collect(Collectors.joining(", then "));
        return "load: wrk -t1 " + phasesText + "; " + seconds(duration) + " s each after " + seconds(warmup) + " s of warm-up";
    }

    /** The longest the load can take, for the child JVM's watchdog. */
    long totalSeconds(String duration, String warmup) {
        return phases.size() * (seconds(duration) + seconds(warmup));
    }

    /** wrk takes whole seconds: a duration rounded up (at least 1 s unless it is zero). */
    static long seconds(String d) {
        Duration parsed = AbCommand.parse(d);
        return parsed.isZero() ? 0 : Math.max(1, (parsed.toMillis() + 999) / 1000);
    }

    /**
     * Runs every phase against the server at url; wrk's outputs go to OUT/BASE-wrk-LABEL.out (and
     * -warmup.out). Returns the streams' figures in phase order.
     */
    Map<String, Object> run(String url, String duration, String warmup, Path out, String base)
            throws IOException, InterruptedException {
        Path wrk = Wrk.binary();
        Path script = Wrk.script(out);
        Map<String, Object> figures = new LinkedHashMap<>();
        for (List<Stream> phase : phases) {
            if (seconds(warmup) > 0) {
                runPhase(wrk, script, url, phase, seconds(warmup), out, base, "-warmup");
            }
            runPhase(wrk, script, url, phase, seconds(duration), out, base, "").forEach((label, f) -> {
                figures.put(label + "_requests", f.get("requests"));
                figures.put(label + "_req_per_s", f.get("req_per_s"));
                for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
                    figures.put(label + "_" + p + "_us", f.get(p + "_us"));
                }
                long errors = 0;
                for (String e : List.of("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")) {
                    errors += ((Number) f.get(e)).longValue();
                }
                figures.put(label + "_errors", errors);
            });
        }
        return figures;
    }

    /** The streams of one phase at once, each its own wrk process; their figures by label. */
    private static Map<String, Map<String, Object>> runPhase(Path wrk, Path script, String url, List<Stream> phase,
            long seconds, Path out, String base, String suffix) throws IOException, InterruptedException {
        List<Wrk> running = new ArrayList<>();
        Map<String, Map<String, Object>> figures = new LinkedHashMap<>();
        try {
            for (Stream s : phase) {
                running.add(Wrk.start(wrk, script, url + s.path(), s.connections(), seconds,
                        out.resolve(base + "-wrk-" + s.label() + suffix + ".out")));
            }
            for (int i = 0; i < phase.size(); i++) {
                figures.put(phase.get(i).label(), running.get(i).figures());
            }
        } finally {
            running.forEach(Wrk::kill); // no-op for those that finished
        }
        return figures;
    }
}
