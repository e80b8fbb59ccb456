/*
 * GoPark: Go's traceGoPark (gopark): the G's virtual thread stopped to wait. reason, as Go's
 * waitReason: "park" (LockSupport.park), "sleep" (Thread.sleep and every timed park: the JDK
 * implements sleep as a timed park, and the two are not told apart), "monitor" (blocked entering
 * a synchronized block), "wait" (Object.wait, timed or not), "other". blocker is the class of
 * LockSupport's park blocker, or "".
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.GoPark")
@Label("Go Park")
@Description("A G stopped to wait: park, sleep, monitor, wait or other")
final class GoPark extends GEvent {
    @Label("Reason")
    @Description("park, sleep, monitor, wait or other")
    String reason;

    @Label("Blocker")
    @Description("Class of the park blocker, or empty")
    String blocker;
}
