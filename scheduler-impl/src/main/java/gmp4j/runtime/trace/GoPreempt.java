/*
 * GoPreempt: Go's traceGoPreempt (gopreempt_m): a G that ran past its time slice yielded because
 * sysmon asked it to (the injected Preempt.check saw the request). ranFor is how long that run
 * had lasted. failed=true: the check asked to yield but the virtual thread was pinned, so it
 * kept running (its state does not change). reason says why sysmon asked: "slice" (the time
 * slice ran out, Go's only reason) or "wakeup" (a woken G was waiting while every P ran a G
 * for at least the wake-up granule: WakePreempt, not in Go).
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

@Name("gmp4j.GoPreempt")
@Label("Go Preempt")
@Description("A G yielded at a preemption request; failed: it was pinned and kept running")
final class GoPreempt extends GEvent {
    @Label("Ran For")
    @Description("How long the G had been running, -1 if unknown")
    @Timespan(Timespan.NANOSECONDS)
    long ranFor;

    @Label("Failed")
    @Description("The yield could not happen (pinned); the G keeps running")
    boolean failed;

    @Label("Reason")
    @Description("Why sysmon asked: slice (the time slice ran out) or wakeup (a woken G was waiting)")
    String reason;
}
