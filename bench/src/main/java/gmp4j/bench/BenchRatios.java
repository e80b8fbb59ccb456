/*
 * BenchRatios: `./gmp4j bench-ratios RESULT.json...` turns the JSON of a JMH run over the agent
 * arms (Arms: classes named ...NoAgent, ...AgentOff, ...AgentFull) into the three ratios per
 * benchmark, full/off, full/noagent and off/noagent, with their spreads, and each ratio's geomean
 * and worst benchmark.
 * - Ratios are of times: above 1 means the first arm is slower. For throughput modes the scores
 *   are inverted first, so that every ratio reads the same way.
 * - Each arm's score is recomputed from JMH's raw data (every measured iteration of every fork) with
 *   JMH's own statistics (ListStatistics: the mean, and the 99.9 % confidence half-width JMH prints as
 *   the error). With one file this is JMH's own score and error; with several (runs repeated to
 *   alternate the arms in time), a benchmark's iterations from all of them are pooled.
 * - A ratio's spread is the range the two confidence intervals allow:
 *   (a - ea) / (b + eb) .. (a + ea) / (b - eb), unbounded when b's interval reaches 0.
 * - Benchmarks of other classes (no arm suffix) are skipped; a benchmark missing an arm shows "-";
 *   an arm with fewer than 3 iterations has no error ("?") and its ratios no spread.
 * --md prints the table in Markdown, for bench/RESULTS.md.
 */
package gmp4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.util.ListStatistics;

public final class BenchRatios {
    /** The arms in the order of the score columns; the class-name suffix that marks each. */
    static final List<String> ARMS = List.of("none", "off", "full");
    static final Map<String, String> SUFFIXES = Map.of("NoAgent", "none", "AgentOff", "off", "AgentFull", "full");
    /** The ratios reported: numerator arm, denominator arm. */
    static final List<String[]> PAIRS = List.of(new String[] {"full", "off"}, new String[] {"full", "none"},
            new String[] {"off", "none"});
    static final double CONFIDENCE = 0.999;

    private BenchRatios() {}

    /** One arm's result: mean and error (99.9 % half-width) as JMH prints them, its unit and mode. */
    record Score(double mean, double error, long n, String unit, boolean throughput) {}

    /** num/den as a time ratio, and the range the two intervals allow. */
    record Ratio(double value, double lo, double hi) {}

    /** The benchmarks of the files, keyed by suite.method[params], then by arm. */
    static Map<String, Map<String, Score>> load(List<Path> files) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, ListStatistics>> raw = new TreeMap<>();
        Map<String, String> units = new TreeMap<>();
        Map<String, Boolean> throughput = new TreeMap<>();
        for (Path f : files) {
            JsonNode root = json.readTree(f.toFile());
            if (root == null || !root.isArray()) {
                throw new IOException(f + ": not a JMH JSON result (an array of benchmarks)");
            }
            for (JsonNode b : root) {
                String name = b.path("benchmark").asText();
                int dot = name.lastIndexOf('.');
                String cls = name.substring(name.lastIndexOf('.', dot - 1) + 1, Math.max(dot, 0));
                String arm = null;
                String suite = null;
                for (Map.Entry<String, String> s : SUFFIXES.entrySet()) {
                    if (cls.endsWith(s.getKey()) && cls.length() > s.getKey().length()) {
                        arm = s.getValue();
                        suite = cls.substring(0, cls.length() - s.getKey().length());
                    }
                }
                if (arm == null) {
                    continue;
                }
                String key = suite + "." + name.substring(dot + 1) + params(b.path("params"));
                JsonNode metric = b.path("primaryMetric");
                ListStatistics st = raw.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(arm, k -> new ListStatistics());
                for (JsonNode fork : metric.path("rawData")) {
                    for (JsonNode v : fork) {
                        st.addValue(v.asDouble());
                    }
                }
                String unit = metric.path("scoreUnit").asText();
                String old = units.putIfAbsent(key + "/" + arm, unit);
                if (old != null && !old.equals(unit)) {
                    throw new IOException(f + ": " + name + " in " + unit + " here and in " + old + " elsewhere");
                }
                throughput.put(key + "/" + arm, "thrpt".equals(b.path("mode").asText()));
            }
        }
        Map<String, Map<String, Score>> out = new TreeMap<>();
        raw.forEach((key, arms) -> arms.forEach((arm, st) -> {
            if (st.getN() > 0) {
                double err = st.getN() > 2 ? st.getMeanErrorAt(CONFIDENCE) : Double.NaN;
                out.computeIfAbsent(key, k -> new TreeMap<>()).put(arm, new Score(st.getMean(), err, st.getN(),
                        units.get(key + "/" + arm), throughput.get(key + "/" + arm)));
            }
        }));
        return out;
    }

    private static String params(JsonNode params) {
        if (params.isMissingNode() || params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("[");
        for (Iterator<Map.Entry<String, JsonNode>> it = params.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append(e.getKey()).append('=').append(e.getValue().asText()).append(it.hasNext() ? "," : "]");
        }
        return sb.toString();
    }

    /** num/den as a ratio of times (throughput scores inverted), with the range both intervals allow. */
    static Ratio ratio(Score num, Score den) {
        if (num.throughput() != den.throughput()) {
            throw new IllegalArgumentException("a throughput score and a time score");
        }
        if (num.throughput()) { // ops per time: time ratio is den/num
            return ratio(den.mean(), den.error(), num.mean(), num.error());
        }
        return ratio(num.mean(), num.error(), den.mean(), den.error());
    }

    private static Ratio ratio(double a, double ea, double b, double eb) {
        double lo = (a - ea) / (b + eb);
        double hi = b - eb > 0 ? (a + ea) / (b - eb) : Double.POSITIVE_INFINITY;
        return new Ratio(a / b, lo, hi);
    }

    /** Geomean of the ratio values; NaN for none. */
    static double geomean(List<Double> values) {
        double s = 0;
        for (double v : values) {
            s += Math.log(v);
        }
        return values.isEmpty() ? Double.NaN : Math.exp(s / values.size());
    }

    /** The report: one row per benchmark, then geomean and worst of each ratio. */
    static void print(Map<String, Map<String, Score>> results, boolean markdown, PrintStream out) {
        List<String> header = new ArrayList<>(List.of("benchmark", "unit"));
        for (String arm : ARMS) {
            header.add(arm + " (mean ± err)");
        }
        for (String[] p : PAIRS) {
            header.add(label(p));
        }
        List<List<String>> rows = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        String[] worstName = new String[PAIRS.size()];
        double[] worst = new double[PAIRS.size()];
        for (int i = 0; i < PAIRS.size(); i++) {
            values.add(new ArrayList<>());
            worst[i] = Double.NaN;
        }
        results.forEach((key, arms) -> {
            List<String> row = new ArrayList<>();
            row.add(key);
            row.add(arms.values().iterator().next().unit());
            for (String arm : ARMS) {
                Score s = arms.get(arm);
                row.add(s == null ? "-" : fmt(s.mean()) + " ± " + fmt(s.error()));
            }
            for (int i = 0; i < PAIRS.size(); i++) {
                Score num = arms.get(PAIRS.get(i)[0]);
                Score den = arms.get(PAIRS.get(i)[1]);
                if (num == null || den == null) {
                    row.add("-");
                    continue;
                }
                Ratio r = ratio(num, den);
                row.add(Double.isNaN(num.error()) || Double.isNaN(den.error())
                        ? String.format(Locale.ROOT, "%.3f (no spread: < 3 iterations)", r.value())
                        : String.format(Locale.ROOT, "%.3f (%.3f..%.3f)", r.value(), r.lo(), r.hi()));
                values.get(i).add(r.value());
                if (Double.isNaN(worst[i]) || r.value() > worst[i]) {
                    worst[i] = r.value();
                    worstName[i] = key;
                }
            }
            rows.add(row);
        });
        List<String> geo = new ArrayList<>(List.of("geomean", ""));
        List<String> bad = new ArrayList<>(List.of("worst", ""));
        for (int i = 0; i < ARMS.size(); i++) {
            geo.add("");
            bad.add("");
        }
        for (int i = 0; i < PAIRS.size(); i++) {
            geo.add(values.get(i).isEmpty() ? "-"
                    : String.format(Locale.ROOT, "%.3f (n=%d)", geomean(values.get(i)), values.get(i).size()));
            bad.add(worstName[i] == null ? "-" : String.format(Locale.ROOT, "%.3f %s", worst[i], worstName[i]));
        }
        rows.add(geo);
        rows.add(bad);
        if (markdown) {
            out.println("| " + String.join(" | ", header) + " |");
            out.println("|" + "---|".repeat(header.size()));
            for (List<String> r : rows) {
                out.println("| " + String.join(" | ", r) + " |");
            }
            return;
        }
        int[] w = new int[header.size()];
        for (List<String> r : concat(header, rows)) {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        for (List<String> r : concat(header, rows)) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == 0 ? String.format("%-" + w[i] + "s", r.get(i)) : String.format("  %" + w[i] + "s", r.get(i)));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.println("Ratios of times (above 1: the first arm is slower), spread from the arms' 99.9 % intervals.");
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String label(String[] pair) {
        return (pair[0].equals("none") ? "noagent" : pair[0]) + "/" + (pair[1].equals("none") ? "noagent" : pair[1]);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.3f" : "%.4f", v);
    }

    public static void main(String[] args) {
        boolean md = false;
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "-h", "--help" -> {
                    System.out.println("usage: ./gmp4j bench-ratios [--md] RESULT.json...\n"
                            + "  per benchmark of the agent arms (classes ...NoAgent, ...AgentOff, ...AgentFull): the arms'\n"
                            + "  scores and the ratios full/off, full/noagent, off/noagent with their spreads, then each\n"
                            + "  ratio's geomean and worst. Several files (e.g. runs repeated to alternate the arms) are\n"
                            + "  pooled: each benchmark's iterations from all of them.\n"
                            + "  --md  a Markdown table");
                    return;
                }
                case "--md" -> md = true;
                default -> {
                    if (a.startsWith("-")) {
                        System.err.println("bench-ratios: unknown option " + a + " (--help lists them)");
                        System.exit(2);
                    }
                    files.add(Path.of(a));
                }
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: ./gmp4j bench-ratios [--md] RESULT.json... (--help for more)");
            System.exit(2);
        }
        try {
            for (Path f : files) {
                if (!Files.isReadable(f)) {
                    throw new IOException(f + ": no such file");
                }
            }
            Map<String, Map<String, Score>> results = load(files);
            if (results.isEmpty()) {
                System.err.println("bench-ratios: no benchmark of an agent arm (...NoAgent, ...AgentOff, ...AgentFull) in "
                        + files);
                System.exit(1);
            }
            print(results, md, System.out);
        } catch (IOException e) {
            System.err.println("bench-ratios: " + e.getMessage());
            System.exit(1);
        }
    }
}
