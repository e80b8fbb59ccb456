/*
 * Comparison: two reports' figures side by side with the ratio B/A, the core of `gmp4j compare`
 * (A is normally the ForkJoinPool arm, B gmp4j, or before/after). A ratio is null when either
 * side is not meaningful (-1) or A is zero.
 */
package gmp4j.analyzer;

import java.util.ArrayList;
import java.util.List;

public record Comparison(AnalysisReport a, AnalysisReport b, List<Row> rows) {

    public record Row(String figure, Figure.Unit unit, double a, double b, Double ratio) {}

    public static Comparison of(AnalysisReport a, AnalysisReport b) {
        List<Figure> fa = Figure.of(a);
        List<Figure> fb = Figure.of(b);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < fa.size(); i++) {
            double x = fa.get(i).value();
            double y = fb.get(i).value();
            Double ratio = x > 0 && y >= 0 ? y / x : null;
            rows.add(new Row(fa.get(i).name(), fa.get(i).unit(), x, y, ratio));
        }
        return new Comparison(a, b, rows);
    }
}
