/*
 * LaneTimeline: which goroutine ran when on each P (or, in the ForkJoinPool arm, which has no Ps,
 * on each carrier M), downsampled to 600 Buckets shared by all lanes.
 *
 * Per bucket a lane keeps its busy time and the goroutine with the longest single run in it (the
 * one a pixel column would show). spans() joins neighbouring buckets that show the same goroutine,
 * so a report never holds more than 600 spans per lane, however long the run.
 * Go mirror: the per-P lanes of go tool trace's timeline view.
 */
package gmp4j.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class LaneTimeline extends Buckets {
    static final int COUNT = 600;

    private final Map<String, Lane> lanes = new LinkedHashMap<>();

    LaneTimeline() {
        super(COUNT, 10_000);
    }

    /** Goroutine goid (of the given kind) ran on lane during [from, to). */
    void ran(String lane, long from, long to, long goid, String kind) {
        Lane l = lanes.computeIfAbsent(lane, k -> new Lane());
        spread(from, to, (i, ns) -> {
            l.busy[i] += ns;
            if (ns > l.longest[i]) {
                l.longest[i] = ns;
                l.goid[i] = goid;
                l.kind[i] = kind;
            }
        });
    }

    /** Lane names, P lanes by number first, then M lanes by number. */
    List<String> laneNames() {
        List<String> names = new ArrayList<>(lanes.keySet());
        names.sort(Comparator.comparing((String s) -> s.charAt(0) != 'P')
                .thenComparingLong(s -> Long.parseLong(s.substring(1))));
        return names;
    }

    /** The lane's spans, times relative to the timeline's origin. */
    List<AnalysisReport.Span> spans(String lane, int used) {
        Lane l = lanes.get(lane);
        List<AnalysisReport.Span> out = new ArrayList<>();
        long w = width();
        int i = 0;
        while (i < used) {
            if (l.busy[i] == 0) {
                i++;
                continue;
            }
            int j = i;
            long busy = 0;
            while (j < used && l.busy[j] > 0 && l.goid[j] == l.goid[i]) {
                busy += l.busy[j];
                j++;
            }
            out.add(new AnalysisReport.Span(i * w, j * w, l.goid[i], l.kind[i], (double) busy / ((j - i) * w)));
            i = j;
        }
        return out;
    }


    @Override
    protected void mergePair(int i, int a, int b) {
        for (Lane l : lanes.values()) {
            l.busy[i] = l.busy[a] + l.busy[b];
            int d = l.longest[a] >= l.longest[b] ? a : b;
            l.longest[i] = l.longest[d];
            l.goid[i] = l.goid[d];
            l.kind[i] = l.kind[d];
        }
    }

    @Override
    protected void clear(int i) {
        for (Lane l : lanes.values()) {
            l.busy[i] = 0;
            l.longest[i] = 0;
            l.goid[i] = 0;
            l.kind[i] = null;
        }
    }

    private static final class Lane {
        final long[] busy = new long[COUNT];
        final long[] longest = new long[COUNT];
        final long[] goid = new long[COUNT];
        final String[] kind = new String[COUNT];
    }
}
