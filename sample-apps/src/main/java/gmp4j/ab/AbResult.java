/*
 * AbResult: the rounds of one A/B, analysed. Rows are the sample's own numeric figures (from its
 * GMP4J-RESULT line) followed by the analyzer's headline figures of each recording; each row has
 * the median of each arm, the spread (min..max) when there were several rounds, and the ratio of
 * the medians gmp4j/FJP. The analyzer's plots in the HTML report are those of the first round.
 */
package gmp4j.ab;

import gmp4j.analyzer.AnalysisReport;
import gmp4j.analyzer.Comparison;
import gmp4j.analyzer.Figure;
import gmp4j.analyzer.GoroutineAnalysis;
import gmp4j.analyzer.HtmlReport;
import gmp4j.analyzer.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

final class AbResult {
    /** One figure of both arms; unit null for the sample's own figures (printed as numbers). */
    record Row(String name, Figure.Unit unit, double[] fjp, double[] gmp) {
        double fjpMedian() {
            return median(fjp);
        }

        double gmpMedian() {
            return median(gmp);
        }

        Double ratio() {
            double a = fjpMedian();
            double b = gmpMedian();
            return a > 0 && b >= 0 ? b / a : null;
        }
    }

    final Scenario scenario;
    final AbCommand.Settings settings;
    final List<ArmRun> fjp;
    final List<ArmRun> gmp;
    final List<Row> rows = new ArrayList<>();
    final Comparison first;

    final Verdict verdict;

    AbResult(Scenario scenario, AbCommand.Settings settings, List<ArmRun> fjp, List<ArmRun> gmp) {
        this(scenario, settings, fjp, gmp, fjp.stream().map(AbResult::analyse).toList(),
                gmp.stream().map(AbResult::analyse).toList());
    }

    private AbResult(Scenario scenario, AbCommand.Settings settings, List<ArmRun> fjp, List<ArmRun> gmp,
            List<AnalysisReport> fa, List<AnalysisReport> ga) {
        this(scenario, settings, fjp, gmp, analyzerRows(fa, ga), Comparison.of(fa.getFirst(), ga.getFirst()));
    }

    /** The rounds with the analyzer's rows given (tests give them without recordings; first may then be null). */
    AbResult(Scenario scenario, AbCommand.Settings settings, List<ArmRun> fjp, List<ArmRun> gmp, List<Row> analyzerRows,
            Comparison first) {
        this.scenario = scenario;
        this.settings = settings;
        this.fjp = fjp;
        this.gmp = gmp;
        List<String> params = List.of(String.valueOf(fjp.getFirst().figures().getOrDefault("params", "")).split(","));
        for (String key : fjp.getFirst().figures().keySet()) {
            if (!params.contains(key) && fjp.getFirst().figures().get(key) instanceof Number && gmp.getFirst().figures().get(key) instanceof Number) {
                rows.add(new Row(key, null, values(fjp, r -> ((Number) r.figures().get(key)).doubleValue()),
                        values(gmp, r -> ((Number) r.figures().get(key)).doubleValue())));
            }
        }
        rows.addAll(analyzerRows);
        this.first = first;
        this.verdict = Verdict.of(this);
    }

    private static List<Row> analyzerRows(List<AnalysisReport> fa, List<AnalysisReport> ga) {
        List<Row> rows = new ArrayList<>();
        List<List<Figure>> ff = fa.stream().map(Figure::of).toList();
        List<List<Figure>> gf = ga.stream().map(Figure::of).toList();
        List<Figure> names = ff.getFirst();
        for (int i = 0; i < names.size(); i++) {
            int at = i;
            rows.add(new Row(names.get(i).name(), names.get(i).unit(),
                    ff.stream().mapToDouble(f -> f.get(at).value()).toArray(),
                    gf.stream().mapToDouble(f -> f.get(at).value()).toArray()));
        }
        return rows;
    }

    /** The row of that name, or null. */
    Row row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private static AnalysisReport analyse(ArmRun r) {
        System.err.println("gmp4j ab: analysing " + r.recording().getFileName() + "...");
        return GoroutineAnalysis.analyze(r.recording(), Progress.NONE);
    }

    private static double[] values(List<ArmRun> runs, ToDoubleFunction<ArmRun> f) {
        return runs.stream().mapToDouble(f).toArray();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String format(Figure.Unit unit, double v) {
        if (v < 0) {
            return "-";
        }
        if (unit != null) {
            return Figure.format(unit, v);
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%,.1f", v);
    }

    private String cell(Figure.Unit unit, double[] v) {
        String m = format(unit, median(v));
        if (v.length == 1) {
            return m;
        }
        return m + " (" + format(unit, Arrays.stream(v).min().orElseThrow()) + ".." + format(unit,
                Arrays.stream(v).max().orElseThrow()) + ")";
    }

    static String ratio(Double r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.2f", r);
    }

    /** The verdict and the headline figures as text: what the console prints first. */
    String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%n== %s: %s%n", scenario.name(), verdict.sentence()));
        int w = verdict.headlines().stream().mapToInt(x -> x.name().length()).max().orElse(0);
        int wf = Math.max(12, verdict.headlines().stream().mapToInt(x -> x.fjp().length()).max().orElse(0));
        int wg = Math.max(5, verdict.headlines().stream().mapToInt(x -> x.gmp().length()).max().orElse(0));
        if (w > 0) {
            b.append(String.format("   %-" + w + "s  %" + wf + "s  %" + wg + "s  %s%n", "", "ForkJoinPool", "gmp4j", "gmp4j/FJP"));
        }
        for (Verdict.Headline x : verdict.headlines()) {
            b.append(String.format("   %-" + w + "s  %" + wf + "s  %" + wg + "s  %s%n", x.name(), x.fjp(), x.gmp(), x.ratio()));
        }
        return b.toString();
    }

    /** The side-by-side table as text. */
    String table() {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"figure", "ForkJoinPool", "gmp4j", "gmp4j/FJP"});
        for (Row r : rows) {
            lines.add(new String[] {r.name(), cell(r.unit(), r.fjp()), cell(r.unit(), r.gmp()), ratio(r.ratio())});
        }
        int[] w = new int[4];
        for (String[] l : lines) {
            for (int i = 0; i < 4; i++) {
                w[i] = Math.max(w[i], l[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format("%n== %s (all figures): GOMAXPROCS=%d, %s, %d round%s, heap %s, profile %s%n", scenario.name(),
                settings.gomaxprocs(), settings.duration() != null ? settings.duration() + " per run" : "fixed work",
                settings.repeat(), settings.repeat() == 1 ? "" : "s (median, min..max)", settings.heap(), settings.profile()));
        if (scenario.load() != null) {
            b.append(scenario.load().describe(settings.duration(), settings.serverWarmup())).append(String.format("%n"));
        }
        for (String[] l : lines) {
            b.append(String.format("%-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s  %" + w[3] + "s%n", (Object[]) l));
        }
        b.append(gmp4j.analyzer.HtmlReport.UTILISATION_NOTE).append(String.format("%n"));
        return b.toString();
    }

    /** Writes OUT/<scenario>.html; returns its path. */
    Path writeReport(Path out) throws IOException {
        List<String[]> extra = new ArrayList<>(); // the sample's own figures; the analyzer's follow on the page
        extra.add(new String[] {"the sample's figures", "ForkJoinPool", "gmp4j", "gmp4j/FJP"});
        for (Row r : rows.stream().filter(r -> r.unit() == null).toList()) {
            extra.add(new String[] {r.name(), cell(r.unit(), r.fjp()), cell(r.unit(), r.gmp()), ratio(r.ratio())});
        }
        Path html = out.resolve(scenario.name() + ".html");
        Files.writeString(html, HtmlReport.compare(first, "gmp4j A/B: " + scenario.name(), AbHtml.STYLE, AbHtml.lead(this),
                extra));
        return html;
    }
}
