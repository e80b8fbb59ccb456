/*
 * AbHtml: the verdict-first parts of the A/B report's HTML: the lead of a scenario (its verdict,
 * headline figures and the one plot that tells it), put at the top of the scenario's page and on
 * the demo's dashboard (index.html), which has one such card per scenario linking to its page.
 * Inline SVG only, no script; every string from a run (scenario, figure names, values) goes through
 * HtmlReport.escape.
 *
 * The plots: the CDF of the sample's own latency measure (from the first round's PREFIX_cdf
 * percentiles, log time axis), whose legend gives each arm's number of samples and flags an arm
 * that starved; or throughput bars, each endpoint on a scale of its own.
 */
package gmp4j.ab;

import static gmp4j.analyzer.HtmlReport.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

final class AbHtml {
    static final String[] COLOURS = {"#1f6fb4", "#d4462a"}; // the analyzer's A and B: FJP, gmp4j
    private static final int W = 600;
    private static final int H = 190;
    private static final int ML = 52;
    private static final int MR = 16;
    private static final int MT = 10;
    private static final int MB = 34;

    static final String STYLE = ".verdict{font-size:15px;font-weight:600;margin:6px 0 8px}"
            + ".heads{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums;margin:4px 0}"
            + ".heads td,.heads th{padding:1px 8px;border-bottom:1px solid #eee;text-align:right}"
            + ".heads td:first-child,.heads th:first-child{text-align:left}"
            + ".legend{font-size:12px;margin:0}.sw{display:inline-block;width:12px;height:4px;margin:0 4px 2px 8px}"
            + ".plot{display:block;margin:4px 0}.plot text{font:11px system-ui,sans-serif;fill:#444}"
            + ".ptitle{font-size:12px;color:#444;margin:6px 0 0}";

    private AbHtml() {
    }

    /** The scenario's verdict, headline figures and plot. */
    static String lead(AbResult r) {
        Verdict v = r.verdict;
        StringBuilder h = new StringBuilder();
        h.append("<p class=\"verdict\">").append(escape(v.sentence())).append("</p>\n");
        h.append("<table class=\"heads\"><tr><th>headline figure</th><th style=\"color:").append(COLOURS[0])
                .append("\">ForkJoinPool</th><th style=\"color:").append(COLOURS[1])
                .append("\">gmp4j</th><th>gmp4j/FJP</th></tr>\n");
        for (Verdict.Headline x : v.headlines()) {
            h.append("<tr><td>").append(escape(x.name())).append("</td><td>").append(escape(x.fjp())).append("</td><td>")
                    .append(escape(x.gmp())).append("</td><td>").append(escape(x.ratio())).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (r.settings.repeat() > 1) {
            h.append("<p class=\"legend\">Figures are medians of ").append(r.settings.repeat())
                    .append(" rounds; the plot shows the first round.</p>\n");
        }
        if (v.plot().keys().isEmpty()) {
            return h.toString();
        }
        h.append("<p class=\"ptitle\">").append(escape(v.plot().title())).append("</p>\n");
        if (v.plot().cdf()) {
            cdf(h, r, v.plot().keys().getFirst());
        } else {
            bars(h, r, v.plot().keys());
        }
        return h.toString();
    }

    /** The CDF of PREFIX's samples in both arms (first round), with n and starvation in the legend. */
    static void cdf(StringBuilder h, AbResult r, String prefix) {
        List<List<double[]>> series = new ArrayList<>();
        List<String> legend = new ArrayList<>();
        for (Arm arm : Arm.values()) {
            ArmRun run = (arm == Arm.FJP ? r.fjp : r.gmp).getFirst();
            series.add(points(run.figures().get(prefix + "_cdf")));
            Object n = run.figures().get(prefix + "_n");
            String why = Verdict.starvedBecause(r, prefix, arm);
            legend.add(arm.label() + " (n=" + (n instanceof Number x ? Verdict.count(x.doubleValue()) : "?") + ")"
                    + (why != null ? ", " + why.toUpperCase(Locale.ROOT).charAt(0) + why.substring(1) : ""));
        }
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (List<double[]> s : series) {
            for (double[] p : s) {
                lo = Math.min(lo, Math.max(1, p[0]));
                hi = Math.max(hi, p[0]);
            }
        }
        h.append("<svg class=\"plot\" width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ")
                .append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"latency distribution\">\n");
        if (hi <= 0) {
            h.append("<text x=\"").append(ML).append("\" y=\"").append(H / 2).append("\">no samples in either arm</text>");
        } else {
            double x0 = Math.pow(10, Math.floor(Math.log10(lo)));
            double x1 = Math.pow(10, Math.ceil(Math.log10(Math.max(x0 * 10, hi))));
            java.util.function.DoubleUnaryOperator xs = v -> ML + (Math.log10(Math.max(v, x0)) - Math.log10(x0))
                    / (Math.log10(x1) - Math.log10(x0)) * (W - ML - MR);
            java.util.function.DoubleUnaryOperator ys = v -> MT + (1 - v) * (H - MT - MB);
            for (int i = 0; i <= 4; i++) {
                double y = ys.applyAsDouble(i / 4.0);
                h.append("<line x1=\"").append(ML).append("\" x2=\"").append(W - MR).append("\" y1=\"").append(n(y))
                        .append("\" y2=\"").append(n(y)).append("\" stroke=\"#e4e4e4\"/><text x=\"").append(ML - 4)
                        .append("\" y=\"").append(n(y + 4)).append("\" text-anchor=\"end\">").append(i * 25).append("%</text>\n");
            }
            for (double t = x0; t <= x1 * 1.0001; t *= 10) {
                double x = xs.applyAsDouble(t);
                h.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"").append(MT)
                        .append("\" y2=\"").append(H - MB).append("\" stroke=\"#eee\"/><text x=\"").append(n(x))
                        .append("\" y=\"").append(H - MB + 14).append("\" text-anchor=\"middle\">")
                        .append(escape(Verdict.micros(t))).append("</text>\n");
            }
            h.append("<text x=\"").append((W + ML) / 2).append("\" y=\"").append(H - 4)
                    .append("\" text-anchor=\"middle\">latency (log scale); y: share of samples at most that late</text>\n");
            for (int s = 0; s < 2; s++) {
                StringBuilder pts = new StringBuilder();
                double prevY = Double.NaN;
                for (double[] p : series.get(s)) {
                    double x = xs.applyAsDouble(p[0]);
                    double y = ys.applyAsDouble(p[1]);
                    if (!Double.isNaN(prevY)) {
                        pts.append(n(x)).append(',').append(n(prevY)).append(' ');
                    }
                    pts.append(n(x)).append(',').append(n(y)).append(' ');
                    prevY = y;
                }
                if (!pts.isEmpty()) {
                    h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOURS[s])
                            .append("\" points=\"").append(pts.toString().strip()).append("\"/>\n");
                }
            }
        }
        h.append("</svg>\n<p class=\"legend\">");
        for (int s = 0; s < 2; s++) {
            h.append("<span class=\"sw\" style=\"background:").append(COLOURS[s]).append("\"></span>")
                    .append(escape(legend.get(s)));
        }
        h.append("</p>\n");
    }

    /** Throughput bars: per key, one bar per arm, each key on a scale of its own. */
    static void bars(StringBuilder h, AbResult r, List<String> keys) {
        int barH = 14;
        int group = 2 * barH + 14;
        int labelW = 150;
        int height = MT + keys.size() * group + 6;
        h.append("<svg class=\"plot\" width=\"").append(W).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
                .append(W).append(' ').append(height).append("\" role=\"img\" aria-label=\"throughput\">\n");
        for (int k = 0; k < keys.size(); k++) {
            AbResult.Row row = r.row(keys.get(k));
            if (row == null) {
                continue;
            }
            double[] v = {row.fjpMedian(), row.gmpMedian()};
            double max = Math.max(1e-9, Math.max(v[0], v[1]));
            int y = MT + k * group;
            h.append("<text x=\"0\" y=\"").append(y + barH + 4).append("\">").append(escape(Verdict.name(row.name())))
                    .append("</text>\n");
            for (int s = 0; s < 2; s++) {
                double w = Math.max(0, v[s]) / max * (W - labelW - 110);
                h.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + s * barH).append("\" width=\"")
                        .append(n(Math.max(1, w))).append("\" height=\"").append(barH - 2).append("\" fill=\"")
                        .append(COLOURS[s]).append("\"/><text x=\"").append(n(labelW + Math.max(1, w) + 4)).append("\" y=\"")
                        .append(y + s * barH + barH - 3).append("\">")
                        .append(escape((s == 0 ? "FJP " : "gmp4j ") + AbResult.format(null, v[s]))).append("</text>\n");
            }
        }
        h.append("</svg>\n<p class=\"legend\"><span class=\"sw\" style=\"background:").append(COLOURS[0])
                .append("\"></span>ForkJoinPool<span class=\"sw\" style=\"background:").append(COLOURS[1])
                .append("\"></span>gmp4j; each figure on its own scale (longest bar = the larger arm)</p>\n");
    }

    /** "MICROS:FRACTION ..." (Result.cdf) as (micros, fraction) points; none for anything else. */
    static List<double[]> points(Object cdf) {
        List<double[]> p = new ArrayList<>();
        if (cdf instanceof String s && !s.isBlank()) {
            for (String pair : s.trim().split("\\s+")) {
                String[] xy = pair.split(":");
                try {
                    p.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
                } catch (RuntimeException e) {
                    return List.of(); // not what Result writes: no plot rather than a wrong one
                }
            }
        }
        return p;
    }

    /** The demo's dashboard: one card per scenario (lead and link), or a note for one that was skipped. */
    static String dashboard(List<String> cards) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
                + "<title>gmp4j demo: ForkJoinPool vs gmp4j</title><style>"
                + "body{font:14px/1.35 system-ui,sans-serif;margin:12px 16px;color:#222}"
                + "h1{font-size:19px;margin:0 0 6px}h2{font-size:16px;margin:0}"
                + ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(620px,1fr));gap:12px}"
                + ".card{border:1px solid #ddd;border-radius:6px;padding:8px 12px}" + STYLE
                + "</style></head><body>\n<h1>gmp4j demo: the JDK's ForkJoinPool vs gmp4j, same flags, one run each</h1>\n"
                + "<div class=\"cards\">\n" + String.join("", cards) + "</div>\n</body></html>\n";
    }

    /** A dashboard card: the scenario's name linking to its page, then its lead. */
    static String card(AbResult r, String page) {
        return "<section class=\"card\"><h2><a href=\"" + escape(page) + "\">" + escape(r.scenario.name())
                + "</a> <span style=\"font-weight:normal;font-size:12px\">(details, full tables, scheduler plots)</span></h2>\n"
                + lead(r) + "</section>\n";
    }

    /** A card for a scenario that did not run. */
    static String skipped(String name, String note) {
        return "<section class=\"card\"><h2>" + escape(name) + "</h2>\n<p>" + escape(note) + "</p></section>\n";
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
