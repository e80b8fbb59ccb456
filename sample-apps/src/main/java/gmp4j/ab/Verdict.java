/*
 * Verdict: what an A/B says, first, in one sentence computed from its figures, then 3-6 headline
 * figures and the one plot that tells it. Every rule is here: RULES maps a scenario to how its
 * verdict is read (a probe's wake-ups and lateness, a mixed server's short requests next to its
 * CPU-bound ones, a server's throughput and p99 per endpoint), and any other scenario gets the
 * generic rule (its main figure per arm and the ratio). Not from Go: Go's tools compare runs with
 * benchstat, which has no notion of a scenario.
 *
 * Starvation is judged in one place too (starved()): a latency measure of one arm rests on far
 * fewer samples than the other arm's (under a tenth), on none at all, or its worst wait lasted at
 * least half the run. A starved arm's percentiles describe the few samples that got through, so
 * they look better than they are: the sentence and the plot's legend say "starved" instead.
 */
package gmp4j.ab;

import gmp4j.analyzer.Figure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

record Verdict(String sentence, List<Headline> headlines, Plot plot) {

    /** One headline figure, formatted for both arms. */
    record Headline(String name, String fjp, String gmp, String ratio) {}

    /**
     * The plot that tells the scenario: the CDF of a latency measure of the sample's own (key: its
     * figures' prefix, e.g. lateness), or throughput bars (keys: rows such as hello_req_per_s).
     */
    record Plot(boolean cdf, String title, List<String> keys) {}

    /** Fewer samples than this share of the other arm's make an arm starved. */
    static final double STARVED_SHARE = 0.1;
    /** A worst wait of at least this share of the run makes an arm starved. */
    static final double STARVED_WAIT = 0.5;

    private static final Map<String, Function<AbResult, Verdict>> RULES = Map.of(
            "hog-latency", r -> probe(r, "wakeups", "lateness"),
            "server-mixed", r -> mixedServer(r, "sleep", "cpu"),
            "server", Verdict::server);

    static Verdict of(AbResult r) {
        return RULES.getOrDefault(r.scenario.name(), Verdict::generic).apply(r);
    }

    /** A probe that sleeps 1 ms while hogs compute: how often it woke and how late. */
    static Verdict probe(AbResult r, String wakeups, String lateness) {
        String run = runSeconds(r) > 0 ? String.format(Locale.ROOT, " in %.1f s", runSeconds(r)) : "";
        List<String> parts = new ArrayList<>();
        for (Arm arm : Arm.values()) {
            long n = (long) median(r, wakeups, arm);
            String part = arm.label() + ": ";
            if (starved(r, lateness, arm)) {
                part += "probe starved, " + count(n) + " wake-up" + (n == 1 ? "" : "s") + run
                        + (n > 0 ? ", worst " + micros(median(r, lateness + "_max_us", arm)) + " late" : "");
            } else {
                part += count(n) + " wake-up" + (n == 1 ? "" : "s") + ", p99 "
                        + micros(median(r, lateness + "_p99_us", arm)) + " late";
            }
            parts.add(part);
        }
        String sentence = String.join("; ", parts) + ratioNote(r, wakeups, "wake-ups") + ".";
        return new Verdict(sentence, headlines(r, wakeups, lateness + "_p50_us", lateness + "_p99_us",
                lateness + "_max_us", "preemptions", "wake-up preemptions"),
                new Plot(true, "probe lateness (how long after its 1 ms sleep the probe ran)", List.of(lateness)));
    }

    /** Short requests while others compute: the short ones' throughput and p99, the CPU ones' throughput. */
    static Verdict mixedServer(AbResult r, String shortLabel, String cpuLabel) {
        List<String> parts = new ArrayList<>();
        for (Arm arm : Arm.values()) {
            parts.add(arm.label() + " " + (starved(r, shortLabel, arm) ? "starved them, " : "")
                    + count(median(r, shortLabel + "_req_per_s", arm)) + " req/s, p99 "
                    + micros(median(r, shortLabel + "_p99_us", arm)));
        }
        String sentence = "Short requests (/" + shortLabel + "): " + String.join("; ", parts)
                + ratioNote(r, shortLabel + "_p99_us", "p99") + ". CPU-bound requests (/" + cpuLabel + "): "
                + "throughput gmp4j/FJP " + ratio(r, cpuLabel + "_req_per_s") + " ("
                + decimal(median(r, cpuLabel + "_req_per_s", Arm.GMP)) + " vs "
                + decimal(median(r, cpuLabel + "_req_per_s", Arm.FJP)) + " req/s).";
        return new Verdict(sentence, headlines(r, shortLabel + "_req_per_s", shortLabel + "_p50_us",
                shortLabel + "_p99_us", shortLabel + "_max_us", cpuLabel + "_req_per_s", cpuLabel + "_p99_us"),
                new Plot(false, "requests per second, each endpoint",
                        List.of(shortLabel + "_req_per_s", cpuLabel + "_req_per_s")));
    }

    /** Each endpoint in turn: throughput and p99 of both arms, with ratios. */
    static Verdict server(AbResult r) {
        List<String> endpoints = endpoints(r);
        List<String> parts = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        for (String e : endpoints) {
            parts.add("/" + e + " " + count(median(r, e + "_req_per_s", Arm.FJP)) + " vs "
                    + count(median(r, e + "_req_per_s", Arm.GMP)) + " req/s (" + ratio(r, e + "_req_per_s") + "), p99 "
                    + micros(median(r, e + "_p99_us", Arm.FJP)) + " vs " + micros(median(r, e + "_p99_us", Arm.GMP))
                    + " (" + ratio(r, e + "_p99_us") + ")"
                    + (java.util.Arrays.stream(Arm.values()).anyMatch(a -> starved(r, e, a)) ? " [an arm starved]" : ""));
            heads.add(e + "_req_per_s");
            heads.add(e + "_p99_us");
        }
        String sentence = "ForkJoinPool vs gmp4j (ratio gmp4j/FJP): " + String.join("; ", parts) + ".";
        return new Verdict(sentence, headlines(r, heads.toArray(String[]::new)),
                new Plot(false, "requests per second, each endpoint", endpoints.stream().map(e -> e + "_req_per_s").toList()));
    }

    /** Any other scenario: its main figure per arm and the ratio, and its first latency's p99. */
    static Verdict generic(AbResult r) {
        List<AbResult.Row> own = r.rows.stream().filter(x -> x.unit() == null).toList();
        // the main figure: a throughput, else a mean time (skynet), else the first that is no latency or cost
        AbResult.Row main = own.stream().filter(x -> x.name().endsWith("_per_s")).findFirst()
                .or(() -> own.stream().filter(x -> x.name().contains("mean")).findFirst())
                .or(() -> own.stream().filter(x -> !x.name().endsWith("_us") && !x.name().endsWith("_n")
                        && !x.name().equals("cpu_ms")).findFirst())
                .orElse(own.isEmpty() ? null : own.getFirst());
        String latency = own.stream().map(AbResult.Row::name).filter(n -> n.endsWith("_p99_us"))
                .map(n -> n.substring(0, n.length() - "_p99_us".length())).findFirst().orElse(null);
        if (main == null) {
            return new Verdict("No figures of the sample's own to compare.", headlines(r, "sched latency p99"),
                    new Plot(false, "", List.of()));
        }
        String sentence = name(main.name()) + ": ForkJoinPool " + value(main.name(), main.fjpMedian()) + ", gmp4j "
                + value(main.name(), main.gmpMedian()) + " (gmp4j/FJP " + ratio(r, main.name()) + ")";
        if (latency != null) {
            sentence += "; " + name(latency) + " p99 " + starvedOr(r, latency, Arm.FJP, micros(median(r, latency + "_p99_us", Arm.FJP)))
                    + " vs " + starvedOr(r, latency, Arm.GMP, micros(median(r, latency + "_p99_us", Arm.GMP)))
                    + " (" + ratio(r, latency + "_p99_us") + ")";
        }
        List<String> heads = new ArrayList<>(List.of(main.name()));
        if (latency != null) {
            heads.addAll(List.of(latency + "_p50_us", latency + "_p99_us", latency + "_max_us"));
        }
        heads.addAll(List.of("sched latency p99", "cpu_ms"));
        Plot plot = latency != null
                ? new Plot(true, name(latency) + " (the sample's own measure)", List.of(latency))
                : new Plot(false, name(main.name()), List.of(main.name()));
        return new Verdict(sentence + ".", headlines(r, heads.toArray(String[]::new)), plot);
    }

    /**
     * Whether an arm starved in the latency measure of that prefix (PREFIX_n, PREFIX_max_us, or a
     * server stream's PREFIX_requests): no samples while the other arm has some, under a tenth of the
     * other arm's, or a worst wait of half the run or more.
     */
    static boolean starved(AbResult r, String prefix, Arm arm) {
        return starvedBecause(r, prefix, arm) != null;
    }

    /** Why an arm starved (see starved()), or null when it did not. */
    static String starvedBecause(AbResult r, String prefix, Arm arm) {
        String countKey = r.row(prefix + "_n") != null ? prefix + "_n" : prefix + "_requests";
        double n = median(r, countKey, arm);
        double other = median(r, countKey, arm == Arm.FJP ? Arm.GMP : Arm.FJP);
        if (n >= 0 && other > 0 && n < STARVED_SHARE * other) {
            return "starved: " + count(n) + " samples vs " + count(other);
        }
        double worst = median(r, prefix + "_max_us", arm);
        double run = runSeconds(r);
        if (run > 0 && worst >= 0 && worst * 1e-6 >= STARVED_WAIT * run) {
            return "starved: waited " + micros(worst) + " of a " + String.format(Locale.ROOT, "%.1f", run) + " s run";
        }
        return null;
    }

    /** The run's length in seconds: each measured wrk run's, the sample's --duration, else the analyzer's wall time. */
    static double runSeconds(AbResult r) {
        if (r.settings.duration() != null) {
            return r.scenario.load() != null ? ServerLoad.seconds(r.settings.duration())
                    : AbCommand.parse(r.settings.duration()).toNanos() / 1e9;
        }
        double wall = median(r, "wall time", Arm.FJP);
        return wall > 0 ? wall / 1e9 : 0;
    }

    /** The server streams' labels, from their _req_per_s rows. */
    static List<String> endpoints(AbResult r) {
        return r.rows.stream().filter(x -> x.unit() == null && x.name().endsWith("_req_per_s"))
                .map(x -> x.name().substring(0, x.name().length() - "_req_per_s".length())).toList();
    }

    private static List<Headline> headlines(AbResult r, String... names) {
        List<Headline> h = new ArrayList<>();
        for (String n : names) {
            AbResult.Row row = r.row(n);
            if (row != null && h.size() < 6) {
                boolean[] none = {noSamples(r, n, Arm.FJP), noSamples(r, n, Arm.GMP)};
                h.add(new Headline(row.unit() == null ? name(n) : n, none[0] ? "no samples" : cell(row, row.fjpMedian()),
                        none[1] ? "no samples" : cell(row, row.gmpMedian()), none[0] || none[1] ? "-" : AbResult.ratio(row.ratio())));
            }
        }
        return h;
    }

    /** A latency (KEY ending _us) of an arm whose PREFIX_n or PREFIX_requests is 0: its percentiles are no data. */
    private static boolean noSamples(AbResult r, String key, Arm arm) {
        if (!key.endsWith("_us") || key.lastIndexOf('_', key.length() - 4) < 0) {
            return false;
        }
        String prefix = key.substring(0, key.lastIndexOf('_', key.length() - 4));
        double n = r.row(prefix + "_n") != null ? median(r, prefix + "_n", arm) : median(r, prefix + "_requests", arm);
        return n == 0;
    }

    private static String cell(AbResult.Row row, double v) {
        return row.unit() == null ? value(row.name(), v) : AbResult.format(row.unit(), v);
    }

    /** A sample figure for people: _us keys as durations, others as numbers. */
    private static String value(String key, double v) {
        return key.endsWith("_us") ? micros(v) : v >= 100 || v == Math.rint(v) ? count(v) : decimal(v);
    }

    /** lateness_p99_us -> "lateness p99", round_trips_per_s -> "round trips/s". */
    static String name(String key) {
        String k = key.endsWith("_us") ? key.substring(0, key.length() - 3) : key;
        return k.replace("_per_s", "/s").replace('_', ' ');
    }

    private static String starvedOr(AbResult r, String prefix, Arm arm, String text) {
        return starved(r, prefix, arm) ? "starved (" + text + ")" : text;
    }

    /** ", gmp4j/FJP WHAT 1.23x" when both arms have the figure and FJP's is not zero. */
    private static String ratioNote(AbResult r, String key, String what) {
        AbResult.Row row = r.row(key);
        return row == null || row.ratio() == null ? "" : " (" + what + " gmp4j/FJP " + ratio(r, key) + ")";
    }

    private static String ratio(AbResult r, String key) {
        AbResult.Row row = r.row(key);
        return row == null || row.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2fx", row.ratio());
    }

    /** The median of a row in one arm; -1 when there is no such row. */
    static double median(AbResult r, String key, Arm arm) {
        AbResult.Row row = r.row(key);
        return row == null ? -1 : arm == Arm.FJP ? row.fjpMedian() : row.gmpMedian();
    }

    static String micros(double us) {
        return us < 0 ? "-" : Figure.format(Figure.Unit.NANOS, us * 1e3);
    }

    static String count(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    private static String decimal(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%,.1f", v);
    }
}
