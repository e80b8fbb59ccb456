/*
 * TimeOrder: puts the events of a JFR recording into time order, one flush segment at a time.
 *
 * Why: JFR writes a chunk as a series of flush segments (the recorder flushes every thread's
 * buffers once a second by default, and at every chunk rotation). Within a segment the events are
 * in buffer order, each thread's run of events in its own order. Across segments there is no
 * order guarantee: a thread takes an event's timestamp, then writes the event; if a flush falls
 * between the two (say the OS took the CPU away), the event lands in the next segment
 * although it is older than the end of the previous one. Measured on this machine (8 threads
 * writing on 2 cores): 22 such events in 320 M, the worst 21 ms older than an event handed out
 * before it (bench/RESULTS.md).
 * EventStream's own ordered mode sorts each segment alone, so it hands such an event out late.
 *
 * Policy: sort each segment by time (a stable sort, so events with equal times keep buffer order,
 * which keeps each thread's order), merge it with the events held back from earlier segments
 * (held ones first on equal times: they were written first), and hand out every event that is
 * WINDOW_NANOS or more older than the newest event seen. The rest is held for the next segment.
 * So an event written up to WINDOW_NANOS (100 ms, about five times the worst delay measured)
 * after its timestamp still comes out in order, however short the segments; a later one comes
 * out late, as EventStream would hand it out. Memory is one segment's events plus the window's:
 * on a synthetic recording of some 3 M events a second this reader works in a 96 MB heap, where
 * EventStream's ordered mode needs 112 MB and a 250 ms window ran out of 144 MB. (Holding back
 * exactly one segment would not depend on the event rate, but a late event can skip a segment:
 * a chunk rotation may follow a flush by a few milliseconds.)
 *
 * Go mirror: internal/trace's reader merges the per-M batches of a generation by timestamp
 * (its batch-cursor heap) rather than trusting the order in which the batches were written.
 */
package gmp4j.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

final class TimeOrder {
    /** How much later than its timestamp an event may be written and still come out in order. */
    static final long WINDOW_NANOS = 100_000_000L;

    private static final Comparator<SchedEvent> BY_TIME = Comparator.comparingLong(SchedEvent::time);

    private final Consumer<? super SchedEvent> out;
    private final long window;
    private List<SchedEvent> segment = new ArrayList<>();
    /** Sorted; every event here is newer than every event handed out. */
    private List<SchedEvent> held = new ArrayList<>();

    TimeOrder(Consumer<? super SchedEvent> out) {
        this(out, WINDOW_NANOS);
    }

    TimeOrder(Consumer<? super SchedEvent> out, long windowNanos) {
        this.out = out;
        this.window = windowNanos;
    }

    /** One event of the current segment, in the order the file holds them. */
    void add(SchedEvent e) {
        segment.add(e);
    }

    /** The current segment is complete: hands out what is now safely in order. */
    void endSegment() {
        if (segment.isEmpty()) {
            return;
        }
        segment.sort(BY_TIME);
        List<SchedEvent> merged = new ArrayList<>(held.size() + segment.size());
        int h = 0;
        int s = 0;
        while (h < held.size() && s < segment.size()) {
            merged.add(held.get(h).time() <= segment.get(s).time() ? held.get(h++) : segment.get(s++));
        }
        merged.addAll(held.subList(h, held.size()));
        merged.addAll(segment.subList(s, segment.size()));
        segment = new ArrayList<>();

        long horizon = merged.getLast().time() - window;
        int i = 0;
        while (i < merged.size() && merged.get(i).time() <= horizon) {
            out.accept(merged.get(i++));
        }
        held = new ArrayList<>(merged.subList(i, merged.size()));
    }

    /** The recording is over: hands out everything still held. */
    void finish() {
        endSegment();
        List<SchedEvent> rest = held;
        held = new ArrayList<>();
        rest.forEach(out);
    }
}
