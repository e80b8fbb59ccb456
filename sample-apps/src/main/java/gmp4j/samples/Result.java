package gmp4j.samples;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One sample's figures, printed as a short human-readable block followed by exactly one line
 * {@code GMP4J-RESULT {json}} for the A/B runner.
 *
 * <p>The JSON object is flat: {@code scenario}, the parameters, then the figures, each a number or a
 * string. Latencies are recorded in nanoseconds and reported in microseconds (one decimal) under
 * {@code <key>_p50_us}, {@code _p99_us}, {@code _p999_us} and {@code _max_us}, with the number of
 * samples ({@code _n}) and a coarse distribution for plots ({@code _cdf}, see {@link #cdf}). Every result also
 * names the carrier threads its virtual threads ran on ({@code carrier}: e.g.
 * {@code ForkJoinPool-1-worker} or {@code gmp4j-m}), so a run says which scheduler it measured.
 */
final class Result {

    static final String PREFIX = "GMP4J-RESULT ";
    private static final JsonFactory JSON = new JsonFactory();

    private final String scenario;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final List<String> params = new ArrayList<>();
    private final List<String> paramKeys = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();

    Result(String scenario) {
        this.scenario = scenario;
        fields.put("scenario", scenario);
        fields.put("carrier", carrier());
    }

    /** A parameter of the run: in the JSON and on the block's first line. */
    Result param(String key, Object value) {
        put(key, value);
        paramKeys.add(key);
        params.add(key + "=" + value);
        return this;
    }

    /** A measured figure: in the JSON and as one line {@code label: value unit}. */
    Result figure(String key, String label, long value, String unit) {
        put(key, value);
        lines.add(String.format("  %-24s %d%s", label + ":", value, unit.isEmpty() ? "" : " " + unit));
        return this;
    }

    Result figure(String key, String label, double value, String unit) {
        double rounded = round1(value);
        put(key, rounded);
        lines.add(String.format("  %-24s %.1f%s", label + ":", rounded, unit.isEmpty() ? "" : " " + unit));
        return this;
    }

    /** Percentiles of a histogram of nanoseconds: four JSON fields and one line. */
    Result latency(String key, String label, Histogram nanos) {
        long p50 = nanos.getValueAtPercentile(50);
        long p99 = nanos.getValueAtPercentile(99);
        long p999 = nanos.getValueAtPercentile(99.9);
        long max = nanos.getTotalCount() == 0 ? 0 : nanos.getMaxValue();
        put(key + "_p50_us", micros(p50));
        put(key + "_p99_us", micros(p99));
        put(key + "_p999_us", micros(p999));
        put(key + "_max_us", micros(max));
        put(key + "_n", nanos.getTotalCount());
        put(key + "_cdf", cdf(nanos));
        lines.add(String.format("  %-24s p50 %s  p99 %s  p99.9 %s  max %s  (n=%d)", label + ":",
                human(p50), human(p99), human(p999), human(max), nanos.getTotalCount()));
        return this;
    }

    /** Percentiles at which {@link #cdf} samples a distribution. */
    private static final double[] CDF_PERCENTILES = {0, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100};

    /**
     * The distribution as "MICROS:FRACTION" pairs separated by spaces (fraction of samples at most
     * that late), for the A/B report's CDF plot; empty without samples. A string, so it is no row of
     * the A/B table.
     */
    static String cdf(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (double p : CDF_PERCENTILES) {
            long v = p == 100 ? nanos.getMaxValue() : p == 0 ? nanos.getMinValue() : nanos.getValueAtPercentile(p);
            b.append(b.isEmpty() ? "" : " ").append(micros(v)).append(':').append(String.format(java.util.Locale.ROOT, "%.4f", p / 100));
        }
        return b.toString();
    }

    /** JSON only (e.g. the cells of a table printed with {@link #line}). */
    Result put(String key, Object value) {
        if (!(value instanceof Number || value instanceof String)) {
            throw new IllegalArgumentException(key + ": only numbers and strings, not " + value);
        }
        if (fields.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("duplicate key " + key);
        }
        return this;
    }

    /** A value already put, or null. */
    Object get(String key) {
        return fields.get(key);
    }

    /** Text only: a table row or a note. */
    Result line(String text) {
        lines.add("  " + text);
        return this;
    }

    void print(PrintStream out) {
        // The whole process's CPU time so far (every thread, the JIT and GC included): what the run cost.
        long cpuMs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        figure("cpu_ms", "process CPU time", cpuMs, "ms");
        put("params", String.join(",", paramKeys)); // which keys are settings, not measurements
        out.println(scenario + ": " + String.join(" ", params) + " carrier=" + fields.get("carrier"));
        lines.forEach(out::println);
        out.println(PREFIX + json());
        out.flush();
    }

    String json() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                switch (e.getValue()) {
                    case String s -> g.writeStringField(e.getKey(), s);
                    case Double d -> g.writeNumberField(e.getKey(), d);
                    case Number n -> g.writeNumberField(e.getKey(), n.longValue());
                    default -> throw new IllegalStateException();
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static double micros(long nanos) {
        return round1(nanos / 1e3);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** 850 ns → "0.9us", 12_300_000 ns → "12.3ms", 3_010_000_000 ns → "3.01s". */
    static String human(long nanos) {
        if (nanos < 1_000_000) {
            return String.format("%.1fus", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format("%.1fms", nanos / 1e6);
        }
        return String.format("%.2fs", nanos / 1e9);
    }

    /**
     * The carrier a fresh virtual thread runs on, from its public {@code toString()}
     * ({@code VirtualThread[#22]/runnable@ForkJoinPool-1-worker-1}), without the worker's number.
     */
    static String carrier() {
        String[] seen = new String[1];
        try {
            Thread.ofVirtual().start(() -> seen[0] = Thread.currentThread().toString()).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
        return carrierName(seen[0]);
    }

    /** The carrier a running virtual thread is on (call it from that thread), as {@link #carrier()} names it. */
    static String carrierOf(Thread virtualThread) {
        return carrierName(virtualThread.toString());
    }

    private static String carrierName(String virtualThread) {
        int at = virtualThread.lastIndexOf('@');
        return at < 0 ? "unknown" : virtualThread.substring(at + 1).replaceFirst("-\\d+$", "");
    }
}
