/*
 * GoEnd: Go's traceGoEnd (goexit0): the virtual thread terminated; its G is dead.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.GoEnd")
@Label("Go End")
@Description("A virtual thread terminated")
final class GoEnd extends GEvent {
}
