/*
 * GoCreate: Go's traceGoCreate (newproc): a virtual thread was started and got its G; the G is runnable from here.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.GoCreate")
@Label("Go Create")
@Description("A virtual thread got its G and became runnable")
final class GoCreate extends Gmp4jEvent {
    @Label("Goroutine ID") long goid;
    @Label("Parent Goroutine ID") @Description("The G that started it, -1 if a platform thread did") long parentGoid;
    @Label("Thread ID") long threadId;
    @Label("Thread Name") String threadName;
}
