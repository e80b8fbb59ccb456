package gmp4j.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeOrderTest {
    private static final long MS = 1_000_000L;

    private final List<SchedEvent> out = new ArrayList<>();
    private final TimeOrder order = new TimeOrder(out::add, 100 * MS);

    /** An event at time t ms; goid tells events apart, m is the writing thread. */
    private static SchedEvent ev(long tMs, long goid, long m) {
        return new SchedEvent.GoSched(tMs * MS, goid, 0, m);
    }

    private void segment(SchedEvent... events) {
        for (SchedEvent e : events) {
            order.add(e);
        }
        order.endSegment();
    }

    private List<Long> goids() {
        return out.stream().map(e -> ((SchedEvent.GoSched) e).goid()).toList();
    }

    @Test
    void anEventWrittenIntoTheNextSegmentComesOutBeforeTheNewerEventsOfThePreviousOne() {
        segment(ev(0, 1, 0), ev(500, 2, 0), ev(1000, 3, 0));
        segment(ev(990, 4, 1), ev(1500, 5, 0), ev(2000, 6, 0)); // 4 was stamped before the flush
        order.finish();
        assertEquals(List.of(1L, 2L, 4L, 3L, 5L, 6L), goids());
    }

    @Test
    void anEventLateByLessThanTheWindowComesOutInOrderAcrossSeveralShortSegments() {
        segment(ev(0, 1, 0), ev(200, 2, 0));
        segment(ev(210, 3, 0));
        segment(ev(220, 4, 0));
        segment(ev(150, 5, 1), ev(400, 6, 0));
        order.finish();
        assertEquals(List.of(1L, 5L, 2L, 3L, 4L, 6L), goids());
    }

    @Test
    void aSegmentInBufferOrderIsSortedAndEqualTimesKeepTheirBufferOrder() {
        // thread 0's run, then thread 1's run, as JFR writes a segment
        segment(ev(10, 1, 0), ev(20, 2, 0), ev(20, 3, 0), ev(5, 4, 1), ev(20, 5, 1), ev(30, 6, 1));
        order.finish();
        assertEquals(List.of(4L, 1L, 2L, 3L, 5L, 6L), goids());
    }

    @Test
    void onEqualTimesTheEventOfTheEarlierSegmentComesFirst() {
        segment(ev(100, 1, 0));
        segment(ev(100, 2, 0));
        order.finish();
        assertEquals(List.of(1L, 2L), goids());
    }

    @Test
    void eventsAWindowOlderThanTheNewestAreHandedOutBeforeTheRecordingEnds() {
        segment(ev(0, 1, 0), ev(50, 2, 0));
        assertEquals(List.of(), goids(), "nothing is a window older than 50 ms yet");
        segment(ev(150, 3, 0), ev(250, 4, 0));
        assertEquals(List.of(1L, 2L, 3L), goids(), "held: only what is newer than 250 - 100 ms");
        order.finish();
        assertEquals(List.of(1L, 2L, 3L, 4L), goids());
    }

    @Test
    void eventsWithoutAnEndOfSegmentComeOutAtTheEnd() {
        order.add(ev(3, 1, 0));
        order.add(ev(1, 2, 0));
        order.finish();
        assertEquals(List.of(2L, 1L), goids());
    }
}
