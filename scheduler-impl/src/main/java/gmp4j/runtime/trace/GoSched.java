/*
 * GoSched: Go's traceGoSched (Gosched / goschedImpl): Thread.yield on a virtual thread; the G is runnable again.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.GoSched")
@Label("Go Sched")
@Description("Thread.yield: the G went back to a run queue")
final class GoSched extends GEvent {
}
