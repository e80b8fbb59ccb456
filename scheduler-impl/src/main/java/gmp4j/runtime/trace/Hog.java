/*
 * Hog: not in Go (Go's execution tracer shows a long run only as a long GoStart..GoStop span).
 * The counterpart, for hogging, of the JDK's jdk.VirtualThreadPinned: a virtual thread held its P
 * (gmp arm) or its carrier (fjp arm) for at least the threshold in one run. It is committed twice
 * per such run, both with the same hogId: when a watcher (sysmon, or HeldRuns' thread in the fjp
 * arm) catches the run past the threshold (ended=false), and when the run ends (ended=true).
 * ranFor is how long the run had lasted at that moment.
 *
 * The event is committed by the watcher or the carrier, not by the hog, so JFR's own stack trace
 * would be the wrong one: the hog's frames, taken from it while it is mounted,
 * are in "stack" (one frame a line), and "where" names the top application frame (the first
 * frame outside the JDK and gmp4j), the place to look at.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.Timespan;

@Name("gmp4j.Hog")
@Label("Hog")
@Description("A virtual thread held its P (or carrier) past the hog threshold in one run; stack is where it was caught")
final class Hog extends GEvent {
    @Label("Hog ID")
    @Description("Pairs the event of a caught run with the event of its end")
    long hogId;

    @Label("Ended")
    @Description("false: caught running past the threshold; true: the run ended")
    boolean ended;

    @Label("Ran For")
    @Description("How long the run had lasted when this event was committed")
    @Timespan(Timespan.NANOSECONDS)
    long ranFor;

    @Label("Ignored Requests")
    @Description("Preemption requests the run did not serve (withdrawn unserved, or failed yields)")
    long ignoredRequests;

    @Label("Reason")
    @Description("Why the requests were ignored: pinned, no check reached, none (no request: the fjp arm does not preempt)")
    String reason;

    @Label("Where")
    @Description("The top application frame of the hog's stack when it was caught")
    String where;

    @Label("Stack")
    @Description("The hog's own stack when it was caught, one frame a line")
    String stack;

    @Label("Hog Threshold")
    @Description("How long a run must hold its P or carrier to be caught")
    @Name("hogThreshold")
    @SettingDefinition
    boolean hogThreshold(HogThreshold threshold) {
        return true; // the watchers apply it when catching; HogThreshold publishes it to them
    }
}
