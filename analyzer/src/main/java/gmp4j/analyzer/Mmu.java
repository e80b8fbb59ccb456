/*
 * Mmu: the minimum mutator utilisation curve. For a window size w, MMU(w) is the smallest, over
 * every window of length w in the run, fraction of the P-time in that window that goroutines spent
 * running. MMU(whole run) is the mean utilisation; a low MMU at small windows means stretches where
 * the Ps sat idle (or ran nothing but the scheduler) although there may have been work.
 *
 * Computed on the UtilisationSeries buckets with a sliding sum per window size: windows start on
 * bucket boundaries and are the whole number of buckets nearest to the window size, so a size is
 * only as exact as the bucket width (the report carries it as the resolution), and sizes that
 * round to the same number of buckets are reported once. Window sizes: 1, 2, 5 x 10^k from 1 ms up to the
 * run, then the whole run.
 * Go mirror: internal/trace's MMUCurve (mmu.go), which go tool trace plots; Go measures the
 * mutator against the garbage collector, here against idle and scheduling time.
 */
package gmp4j.analyzer;

import java.util.ArrayList;
import java.util.List;

final class Mmu {
    private Mmu() {
    }

    /** The MMU curve over the first `used` buckets of series, which span the run (wall ns). */
    static List<AnalysisReport.MmuPoint> curve(UtilisationSeries series, int used, long wall) {
        List<AnalysisReport.MmuPoint> points = new ArrayList<>();
        if (used == 0) {
            return points;
        }
        long width = series.width();
        long lastK = 0;
        for (long w : windowSizes(wall)) {
            long k = Math.max(1, Math.min(used, Math.round((double) w / width)));
            if (k == lastK) {
                continue; // narrower than the resolution: the same buckets as the last size
            }
            lastK = k;
            points.add(new AnalysisReport.MmuPoint(w, minUtilisation(series, used, (int) k)));
        }
        return points;
    }

    /** 1, 2, 5 x 10^k ns from 1 ms below `run`, then `run`. */
    static List<Long> windowSizes(long run) {
        List<Long> sizes = new ArrayList<>();
        for (long decade = 1_000_000L; decade < run; decade *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (decade * m < run) {
                    sizes.add(decade * m);
                }
            }
        }
        sizes.add(run);
        return sizes;
    }

    private static double minUtilisation(UtilisationSeries s, int used, int k) {
        long run = 0;
        long cap = 0;
        for (int i = 0; i < k; i++) {
            run += s.running(i);
            cap += s.capacity(i);
        }
        double min = ratio(run, cap);
        for (int i = k; i < used; i++) {
            run += s.running(i) - s.running(i - k);
            cap += s.capacity(i) - s.capacity(i - k);
            min = Math.min(min, ratio(run, cap));
        }
        return min;
    }

    private static double ratio(long running, long capacity) {
        return capacity <= 0 ? 1.0 : Math.min(1.0, (double) running / capacity);
    }
}
