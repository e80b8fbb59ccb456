/*
 * GoSysExit: Go's traceGoSysExit (exitsyscall): Blocker.end(); p is the P the G runs on afterwards, -1 if it found none and goes to the global queue.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.GoSysExit")
@Label("Go Syscall Exit")
@Description("The G is back from a blocking call; p is the P it runs on now, or -1")
final class GoSysExit extends GEvent {
}
