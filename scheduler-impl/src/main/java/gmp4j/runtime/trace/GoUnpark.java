/*
 * GoUnpark: Go's traceGoUnpark (ready): a waiting G was made runnable again. byGoid is the G
 * that did it (also when a G readies itself: its park was satisfied while it was still parking),
 * -1 if no G did; source is "goroutine" (a G), "timer" (a sleep, timed park or timed wait ran
 * out) or "external" (a platform thread, or a virtual thread of another scheduler).
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.GoUnpark")
@Label("Go Unpark")
@Description("A waiting G became runnable; who made it so")
final class GoUnpark extends Gmp4jEvent {
    @Label("Goroutine ID")
    long goid;

    @Label("By Goroutine ID")
    @Description("The G that readied it, -1 if none")
    long byGoid;

    @Label("Source")
    @Description("goroutine, timer or external")
    String source;
}
