package gmp4j.analyzer;

import static gmp4j.analyzer.GoroutineAnalysisTest.MS;
import static gmp4j.analyzer.GoroutineAnalysisTest.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Hogs section of `analyze`: gmp4j.Hog events paired by hogId and grouped by where. */
class HogsTest {
    static final String SORT = "app.Report.sortAll(Report.java:40)";
    static final String PARSE = "app.Parser.parse(Parser.java:12)";
    static final String SORT_STACK = "java.base/java.util.Arrays.sort(Arrays.java:100)\n" + SORT + "\napp.Report.run(Report.java:9)\n";

    static SchedEvent.Hog hog(double at, long goid, long id, boolean ended, double ranMs, long ignored, String reason,
            String where, String stack) {
        return new SchedEvent.Hog(ms(at), goid, 0, 0, id, ended, Math.round(ranMs * MS), ignored, reason, where, stack);
    }

    /**
     * Three runs at SORT (60 ms caught at 20, 50 ms, and 30 ms still running when the recording
     * stopped), one at PARSE of 100 ms that was pinned: PARSE holds the most in one run, SORT the
     * most in all.
     */
    static List<SchedEvent> schedule() {
        List<SchedEvent> ev = new ArrayList<>(GoroutineAnalysisTest.knownSchedule());
        ev.add(hog(2, 1, 1, false, 20, 1, "no check reached", SORT, SORT_STACK));
        ev.add(hog(4, 1, 1, true, 60, 4, "no check reached", SORT, SORT_STACK));
        ev.add(hog(5, 2, 2, false, 20, 0, "none", PARSE, PARSE + "\n"));
        ev.add(hog(9, 2, 2, true, 100, 2, "pinned", PARSE, PARSE + "\n"));
        ev.add(hog(13, 1, 3, false, 20, 1, "no check reached", SORT, "shorter\n"));
        ev.add(hog(15, 1, 3, true, 50, 3, "no check reached", SORT, "shorter\n"));
        ev.add(hog(30, 3, 4, false, 30, 2, "no check reached", SORT, "unfinished\n"));
        ev.sort(java.util.Comparator.comparingLong(SchedEvent::time));
        return ev;
    }

    @Test
    void hogsAreGroupedByWhereWithTheirEndedLengthsAndRankedByTotalTimeHeld() {
        List<AnalysisReport.HogRow> rows = GoroutineAnalysisTest.analyse(schedule()).hogs();
        assertEquals(2, rows.size(), rows.toString());
        AnalysisReport.HogRow sort = rows.get(0);
        assertEquals(SORT, sort.where());
        assertEquals(3, sort.count());
        assertEquals(140 * MS, sort.heldNanos()); // 60 + 50 + 30 (the unfinished run as caught)
        assertEquals(60 * MS, sort.maxNanos());
        assertEquals(4 + 3 + 2, sort.ignoredRequests());
        assertEquals("no check reached", sort.reason());
        assertEquals(1, sort.unfinished());
        assertEquals(SORT_STACK, sort.stack()); // the longest run's
        AnalysisReport.HogRow parse = rows.get(1);
        assertEquals(PARSE, parse.where());
        assertEquals(1, parse.count());
        assertEquals(100 * MS, parse.heldNanos());
        assertEquals("pinned", parse.reason());
        assertEquals(0, parse.unfinished());
    }

    @Test
    void theTextReportShowsAHogsTableAndTheStackOfTheLongestRunPerPlace() {
        StringWriter s = new StringWriter();
        TextReport.analyze(GoroutineAnalysisTest.analyse(schedule()), new PrintWriter(s));
        String text = s.toString();
        int section = text.indexOf("Hogs (");
        assertTrue(section >= 0, text);
        String hogs = text.substring(section, text.indexOf("\nPs (", section));
        assertTrue(hogs.indexOf(SORT) < hogs.indexOf(PARSE), hogs);
        assertTrue(hogs.contains("140"), hogs);
        assertTrue(hogs.contains("pinned"), hogs);
        assertTrue(hogs.contains("stack of the longest run at " + SORT + ":\n    java.base/java.util.Arrays.sort"), hogs);
    }

    @Test
    void aRecordingWithoutHogEventsSaysSo() {
        StringWriter s = new StringWriter();
        TextReport.analyze(GoroutineAnalysisTest.analyse(GoroutineAnalysisTest.knownSchedule()), new PrintWriter(s));
        assertTrue(s.toString().contains("Hogs: none recorded"), s.toString());
    }
}
