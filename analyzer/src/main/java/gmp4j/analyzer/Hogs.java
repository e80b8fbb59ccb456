/*
 * Hogs: not in Go (Go's tools show a long run only as a long bar): the "Hogs" section of
 * `analyze`, from gmp4j.Hog events. A run appears as up to two events with one hogId, caught and
 * ended; the ended one carries the run's full length. A run whose end is not in the recording
 * (still running when it stopped, or the end fell outside it) counts with what its caught event
 * says. Runs are grouped by where (the top application frame) and the groups ranked by total
 * time held, the place a user should look first on top.
 */
package gmp4j.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Hogs {
    /** At most this many groups in the report. */
    static final int TOP = 10;

    /** The latest word on each run, by hogId. */
    private final Map<Long, SchedEvent.Hog> runs = new LinkedHashMap<>();

    void add(SchedEvent.Hog h) {
        SchedEvent.Hog seen = runs.get(h.hogId());
        if (seen == null || h.ended() && !seen.ended() || h.ended() == seen.ended() && h.ranFor() > seen.ranFor()) {
            runs.put(h.hogId(), h);
        }
    }

    private static final class Group {
        final String where;
        long count, held, max, ignored, unfinished;
        String reason = "none";
        String stack = "";

        Group(String where) {
            this.where = where;
        }
    }

    List<AnalysisReport.HogRow> rows() {
        Map<String, Group> groups = new HashMap<>();
        for (SchedEvent.Hog h : runs.values()) {
            String where = h.where() == null || h.where().isEmpty() ? "(unknown)" : h.where();
            Group g = groups.computeIfAbsent(where, Group::new);
            long ran = Math.max(0, h.ranFor());
            g.count++;
            g.held += ran;
            if (ran >= g.max) {
                g.max = ran;
                g.stack = h.stack() == null ? "" : h.stack();
            }
            g.ignored += Math.max(0, h.ignoredRequests());
            g.reason = stronger(g.reason, h.reason());
            if (!h.ended()) {
                g.unfinished++;
            }
        }
        List<Group> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparingLong((Group g) -> g.held).reversed().thenComparing(g -> g.where));
        List<AnalysisReport.HogRow> rows = new ArrayList<>();
        for (Group g : sorted.subList(0, Math.min(TOP, sorted.size()))) {
            rows.add(new AnalysisReport.HogRow(g.where, g.count, g.held, g.max, g.ignored, g.reason, g.unfinished,
                    g.stack));
        }
        return rows;
    }

    /** "pinned" over "no check reached" over anything else. */
    private static String stronger(String a, String b) {
        for (String r : List.of("pinned", "no check reached")) {
            if (r.equals(a) || r.equals(b)) {
                return r;
            }
        }
        return b == null || b.isEmpty() ? a : b;
    }
}
