/*
 * HtmlReport: `gmp4j compare --html OUT`, one self-contained HTML file: no script at all, no
 * external resource; the plots are inline SVG written here, tooltips are SVG <title>s.
 *
 * Contents: the compare table (A, B, B/A), the scheduling-latency CDF of both arms (log time
 * axis), utilisation over time, the MMU curves, a per-P timeline per arm (which goroutine ran
 * when, from LaneTimeline's bounded spans), and the goroutine kinds of each arm.
 *
 * Safety: every string that comes from a recording (file names, thread names and kinds, arm
 * names, lane names) goes through escape() before it is written, so a virtual thread named
 * "<script>alert(1)</script>" shows as text. The document carries a Content-Security-Policy that
 * forbids scripts as a second line of defence.
 */
package gmp4j.analyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

public final class HtmlReport {
    private static final String[] ARM_COLOURS = {"#1f6fb4", "#d4462a"};
    private static final int W = 960;
    private static final int H = 300;
    private static final int ML = 60;
    private static final int MR = 20;
    private static final int MT = 16;
    private static final int MB = 40;
    private static final int KINDS_SHOWN = 15;

    private HtmlReport() {
    }

    /** What the utilisation and MMU rows mean, in one line, wherever they are listed. */
    public static final String UTILISATION_NOTE = "P utilisation: share of the Ps' time (GOMAXPROCS x wall time) spent"
            + " running goroutines. MMU W: the utilisation of the worst window of length W in the run (Go's minimum"
            + " mutator utilisation). Neither says which goroutines ran: busy Ps can starve a waiting one.";

    static String compare(Comparison c) {
        return compare(c, "gmp4j compare", List.of());
    }

    /**
     * The comparison page with another title and, first, a table of rows given as text (the first
     * row is the header; every cell is escaped here): the A/B runner puts its side-by-side figures
     * there.
     */
    public static String compare(Comparison c, String title, List<String[]> table) {
        return compare(c, title, "", "", table);
    }

    /**
     * The same with a lead right under the title: HTML the caller wrote and escaped itself (the A/B
     * runner's verdict, headline figures and plot), with the CSS it needs.
     */
    public static String compare(Comparison c, String title, String leadStyle, String leadHtml, List<String[]> table) {
        StringBuilder h = new StringBuilder(64 * 1024);
        AnalysisReport a = c.a();
        AnalysisReport b = c.b();
        String la = "A: " + a.recording() + " (" + a.arm() + ")";
        String lb = "B: " + b.recording() + " (" + b.arm() + ")";
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>gmp4j compare: ").append(escape(a.recording())).append(" vs ")
                .append(escape(b.recording())).append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse;font-variant-numeric:tabular-nums}")
                .append("td,th{padding:2px 10px;border-bottom:1px solid #eee;text-align:right}")
                .append("td:first-child,th:first-child{text-align:left}")
                .append(".a{color:").append(ARM_COLOURS[0]).append("}.b{color:").append(ARM_COLOURS[1]).append("}")
                .append("svg{display:block;margin:8px 0}svg text{font:11px system-ui,sans-serif;fill:#444}")
                .append(".note{color:#666;font-size:12px}").append(leadStyle).append("\n</style></head><body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n").append(leadHtml).append("<p><b class=\"a\">").append(escape(la))
                .append("</b><br><b class=\"b\">").append(escape(lb)).append("</b></p>\n");
        if (!table.isEmpty()) {
            h.append("<table>\n");
            for (int i = 0; i < table.size(); i++) {
                String cell = i == 0 ? "th" : "td";
                h.append("<tr>");
                for (String v : table.get(i)) {
                    h.append('<').append(cell).append('>').append(escape(v)).append("</").append(cell).append('>');
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Summary</h2>\n<table><tr><th>figure</th><th class=\"a\">A</th><th class=\"b\">B</th><th>B/A</th></tr>\n");
        for (Comparison.Row r : c.rows()) {
            h.append("<tr><td>").append(escape(r.figure())).append("</td><td>")
                    .append(escape(Figure.format(r.unit(), r.a()))).append("</td><td>")
                    .append(escape(Figure.format(r.unit(), r.b()))).append("</td><td>")
                    .append(escape(Fmt.ratio(r.ratio()))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        h.append("<p class=\"note\">").append(escape(UTILISATION_NOTE)).append("</p>\n");

        h.append("<h2>Scheduling latency CDF</h2>\n<p class=\"note\">Fraction of goroutine starts that waited at most x "
                + "(runnable &rarr; running, GoStart.schedLatency). It covers only the starts that happened: a goroutine "
                + "that never got to run adds no sample, so an arm that starved some can look better here.</p>\n");
        List<List<double[]>> cdfs = perArm(a, b, r -> r.schedLatency().cdf(),
                p -> new double[] {Math.max(1, p.nanos()), p.fraction()});
        lineChart(h, cdfs, true, "scheduling latency", "fraction of starts", true,
                List.of("A n=" + a.schedLatency().count(), "B n=" + b.schedLatency().count()));
        String starved = starvedNote(c);
        if (starved != null) {
            h.append("<p class=\"note\"><b>").append(escape(starved)).append("</b></p>\n");
        }

        h.append("<h2>Utilisation over time</h2>\n<p class=\"note\">Utilisation: of the time GOMAXPROCS Ps "
                + "(carriers) had, the share they spent running goroutines; 100% = every P busy, which is good for "
                + "throughput but means a woken goroutine must wait. Time from each arm's first event.</p>\n");
        List<List<double[]>> util = perArm(a, b, AnalysisReport::utilisation,
                p -> new double[] {p.offsetNanos(), p.utilisation()});
        lineChart(h, util, false, "time", "utilisation", false, List.of("A", "B"));

        h.append("<h2>Minimum mutator utilisation</h2>\n<p class=\"note\">MMU (minimum mutator utilisation, as Go's "
                + "trace tool draws it): for each window length, the utilisation of the worst window of that length in "
                + "the run; low = some stretch had its Ps idle or stalled. Busy Ps are not fair Ps: an arm whose hogs starved "
                + "the others can draw a high curve. Resolution A ").append(Fmt.duration(a.mmuResolutionNanos()))
                .append(", B ").append(Fmt.duration(b.mmuResolutionNanos())).append(".</p>\n");
        List<List<double[]>> mmu = perArm(a, b, AnalysisReport::mmu,
                p -> new double[] {p.windowNanos(), p.minUtilisation()});
        lineChart(h, mmu, true, "window", "MMU", false, List.of("A", "B"));

        String[] names = {"A", "B"};
        List<AnalysisReport> both = List.of(a, b);
        for (int i = 0; i < 2; i++) {
            AnalysisReport r = both.get(i);
            h.append("<h2>Per-P timeline: <span class=\"").append(i == 0 ? "a" : "b").append("\">").append(names[i])
                    .append("</span></h2>\n<p class=\"note\">").append(escape(r.recording()))
                    .append(": which goroutine ran when (hover for details); colour = goroutine, "
                            + "paler = busy for part of the stretch.</p>\n");
            timeline(h, r);
        }

        for (int i = 0; i < 2; i++) {
            AnalysisReport r = both.get(i);
            h.append("<h2>Goroutine kinds: <span class=\"").append(i == 0 ? "a" : "b").append("\">").append(names[i])
                    .append("</span></h2>\n<table><tr><th>kind</th><th>count</th><th>exec</th><th>sched wait</th>")
                    .append("<th>block</th><th>syscall</th></tr>\n");
            for (AnalysisReport.KindRow k : r.kinds().subList(0, Math.min(KINDS_SHOWN, r.kinds().size()))) {
                AnalysisReport.Times t = k.times();
                h.append("<tr><td>").append(escape(k.kind())).append("</td><td>").append(k.count()).append("</td><td>")
                        .append(Fmt.duration(t.execNanos())).append("</td><td>").append(Fmt.duration(t.schedWaitNanos()))
                        .append("</td><td>").append(Fmt.duration(t.blockNanos())).append("</td><td>")
                        .append(Fmt.duration(t.syscallNanos())).append("</td></tr>\n");
            }
            h.append("</table>\n");
            if (r.kinds().size() > KINDS_SHOWN) {
                h.append("<p class=\"note\">").append(r.kinds().size() - KINDS_SHOWN).append(" more kinds.</p>\n");
            }
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /**
     * A warning when one arm's latency distribution rests on under a tenth of the other's starts, or
     * its worst wait lasted half its run or more: its percentiles then describe the few that ran.
     */
    static String starvedNote(Comparison c) {
        List<String> notes = new ArrayList<>();
        AnalysisReport[] arms = {c.a(), c.b()};
        for (int i = 0; i < 2; i++) {
            AnalysisReport.Latency l = arms[i].schedLatency();
            AnalysisReport.Latency o = arms[1 - i].schedLatency();
            String name = i == 0 ? "A" : "B";
            if (l.count() * 10 < o.count()) {
                notes.add(name + " rests on " + l.count() + " starts against " + o.count());
            } else if (arms[i].wallNanos() > 0 && l.maxNanos() >= arms[i].wallNanos() / 2) {
                notes.add(name + " has a wait of " + Fmt.duration(l.maxNanos()) + " in a run of " + Fmt.duration(arms[i].wallNanos()));
            }
        }
        return notes.isEmpty() ? null : "Starved: " + String.join("; ", notes) + ".";
    }

    /** The (x, y) points of both arms' series for a chart. */
    private static <T> List<List<double[]>> perArm(AnalysisReport a, AnalysisReport b,
                                                   Function<AnalysisReport, List<T>> points, Function<T, double[]> xy) {
        return List.of(points.apply(a).stream().map(xy).toList(), points.apply(b).stream().map(xy).toList());
    }

    /** Two series (A, B) on one chart; y from 0 to 1; x linear or logarithmic. */
    private static void lineChart(StringBuilder h, List<List<double[]>> series, boolean logX, String xLabel,
                                  String yLabel, boolean step, List<String> legend) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (List<double[]> s : series) {
            for (double[] p : s) {
                min = Math.min(min, p[0]);
                max = Math.max(max, p[0]);
            }
        }
        h.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ")
                .append(W).append(' ').append(H).append("\" role=\"img\">\n");
        if (min > max) {
            h.append("<text x=\"").append(W / 2).append("\" y=\"").append(H / 2).append("\">no data</text></svg>\n");
            return;
        }
        if (logX) {
            min = Math.pow(10, Math.floor(Math.log10(Math.max(1, min))));
            max = Math.pow(10, Math.ceil(Math.log10(Math.max(min * 10, max))));
        } else if (max <= min) {
            max = min + 1;
        }
        final double lo = min;
        final double hi = max;
        java.util.function.DoubleUnaryOperator xs = logX
                ? v -> ML + (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * (W - ML - MR)
                : v -> ML + (v - lo) / (hi - lo) * (W - ML - MR);
        java.util.function.DoubleUnaryOperator ys = v -> MT + (1 - v) * (H - MT - MB);
        // Grid and axes.
        for (int i = 0; i <= 4; i++) {
            double y = ys.applyAsDouble(i / 4.0);
            h.append("<line x1=\"").append(ML).append("\" x2=\"").append(W - MR).append("\" y1=\"").append(n(y))
                    .append("\" y2=\"").append(n(y)).append("\" stroke=\"#e4e4e4\"/>")
                    .append("<text x=\"").append(ML - 6).append("\" y=\"").append(n(y + 4))
                    .append("\" text-anchor=\"end\">").append(i * 25).append("%</text>\n");
        }
        List<Double> ticks = new ArrayList<>();
        if (logX) {
            for (double v = lo; v <= hi * 1.0001; v *= 10) {
                ticks.add(v);
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                ticks.add(lo + (hi - lo) * i / 5);
            }
        }
        for (double v : ticks) {
            double x = xs.applyAsDouble(v);
            h.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"").append(MT)
                    .append("\" y2=\"").append(H - MB).append("\" stroke=\"#eee\"/>")
                    .append("<text x=\"").append(n(x)).append("\" y=\"").append(H - MB + 16)
                    .append("\" text-anchor=\"middle\">").append(escape(Fmt.duration(v))).append("</text>\n");
        }
        h.append("<text x=\"").append((W + ML) / 2).append("\" y=\"").append(H - 6).append("\" text-anchor=\"middle\">")
                .append(escape(xLabel)).append("</text>")
                .append("<text transform=\"translate(14 ").append((H - MB + MT) / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(escape(yLabel)).append("</text>\n");
        for (int s = 0; s < series.size(); s++) {
            StringBuilder pts = new StringBuilder();
            double prevY = Double.NaN;
            for (double[] p : series.get(s)) {
                double x = xs.applyAsDouble(p[0]);
                double y = ys.applyAsDouble(p[1]);
                if (step && !Double.isNaN(prevY)) {
                    pts.append(n(x)).append(',').append(n(prevY)).append(' ');
                }
                pts.append(n(x)).append(',').append(n(y)).append(' ');
                prevY = y;
            }
            h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(ARM_COLOURS[s])
                    .append("\" points=\"").append(pts.toString().strip()).append("\"/>\n");
        }
        // Legend.
        int legendW = legend.stream().mapToInt(String::length).max().orElse(1) * 7 + 24;
        for (int s = 0; s < series.size(); s++) {
            int x = W - MR - legendW * (series.size() - s);
            h.append("<rect x=\"").append(x).append("\" y=\"").append(MT + 4).append("\" width=\"12\" height=\"3\" fill=\"")
                    .append(ARM_COLOURS[s]).append("\"/><text x=\"").append(x + 16).append("\" y=\"").append(MT + 10)
                    .append("\">").append(escape(legend.get(s))).append("</text>\n");
        }
        h.append("</svg>\n");
    }

    /** One row per lane (P, or carrier M), one rectangle per span, time across. */
    private static void timeline(StringBuilder h, AnalysisReport r) {
        int laneH = 16;
        int gap = 3;
        int lanes = r.timeline().size();
        int height = MT + lanes * (laneH + gap) + MB;
        double wall = Math.max(1, r.wallNanos());
        java.util.function.DoubleUnaryOperator xs = v -> ML + v / wall * (W - ML - MR);
        h.append("<svg width=\"").append(W).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(W).append(' ').append(height).append("\" role=\"img\">\n");
        if (lanes == 0) {
            h.append("<text x=\"").append(ML).append("\" y=\"").append(MT + 12).append("\">no goroutine ran on a P</text>\n");
        }
        for (int i = 0; i <= 5; i++) {
            double v = wall * i / 5;
            double x = xs.applyAsDouble(v);
            h.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"").append(MT)
                    .append("\" y2=\"").append(height - MB).append("\" stroke=\"#eee\"/><text x=\"").append(n(x))
                    .append("\" y=\"").append(height - MB + 16).append("\" text-anchor=\"middle\">")
                    .append(escape(Fmt.duration(v))).append("</text>\n");
        }
        for (int l = 0; l < lanes; l++) {
            AnalysisReport.LaneSpans lane = r.timeline().get(l);
            int y = MT + l * (laneH + gap);
            h.append("<text x=\"").append(ML - 6).append("\" y=\"").append(y + laneH - 4).append("\" text-anchor=\"end\">")
                    .append(escape(lane.lane())).append("</text>\n");
            for (AnalysisReport.Span s : lane.spans()) {
                double x0 = xs.applyAsDouble(s.fromNanos());
                double x1 = xs.applyAsDouble(Math.min(s.toNanos(), wall));
                h.append("<rect x=\"").append(n(x0)).append("\" y=\"").append(y).append("\" width=\"")
                        .append(n(Math.max(0.5, x1 - x0))).append("\" height=\"").append(laneH).append("\" fill=\"")
                        .append(colour(s.goid())).append("\" fill-opacity=\"").append(n(0.3 + 0.7 * s.busy()))
                        .append("\"><title>G").append(s.goid()).append(' ').append(escape(s.kind() == null ? "" : s.kind()))
                        .append(", ").append(escape(Fmt.duration(s.fromNanos()))).append(" to ")
                        .append(escape(Fmt.duration(s.toNanos()))).append(", busy ").append(escape(Fmt.percent(s.busy())))
                        .append("</title></rect>\n");
            }
        }
        h.append("</svg>\n");
    }

    /** A stable, well-spread colour per goroutine id. */
    private static String colour(long goid) {
        long z = goid * 0x9E3779B97F4A7C15L;
        int hue = (int) ((z >>> 40) % 360);
        return "hsl(" + hue + ",62%,48%)";
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** HTML-escapes text for element content and double- or single-quoted attribute values. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch < 0x20 && ch != '\t' && ch != '\n' ? '?' : ch);
            }
        }
        return sb.toString();
    }
}
