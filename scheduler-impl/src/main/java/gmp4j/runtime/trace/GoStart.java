/*
 * GoStart: Go's traceGoStart (execute): an M starts (or resumes) running a G on a P.
 * schedLatency is how long the G was runnable before that (Go's scheduling latency,
 * runnable -> running), -1 if its becoming runnable was not seen (GoStart was disabled then).
 *
 * The setting "latencyThreshold" (a LatencyThreshold control) drops GoStart events whose
 * schedLatency is below it: gmp4j.jfc keeps only slow starts, gmp4j-trace.jfc keeps them all.
 * JFR's own "threshold" cannot do this: it filters on an event's duration, and GoStart is an
 * instant event.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.Timespan;

@Name("gmp4j.GoStart")
@Label("Go Start")
@Description("An M starts running a G; schedLatency is how long it was runnable")
final class GoStart extends GEvent {
    @Label("Thread ID")
    long threadId;

    @Label("Scheduling Latency")
    @Description("Runnable -> running, -1 if unknown")
    @Timespan(Timespan.NANOSECONDS)
    long schedLatency;

    @Label("Latency Threshold")
    @Description("Record only starts whose scheduling latency is at least this")
    @Name("latencyThreshold")
    @SettingDefinition
    boolean latencyThreshold(LatencyThreshold threshold) {
        return schedLatency >= threshold.nanos();
    }
}
