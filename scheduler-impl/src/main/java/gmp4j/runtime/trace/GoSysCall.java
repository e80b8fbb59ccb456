/*
 * GoSysCall: Go's traceGoSysCall (entersyscall): jdk.internal.misc.Blocker.begin() on a gmp4j carrier.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.GoSysCall")
@Label("Go Syscall")
@Description("The G entered a blocking call (its P goes to _Psyscall)")
final class GoSysCall extends GEvent {
}
