/*
 * GoSysBlock: Go's traceGoSysBlock (retake -> handoffp): sysmon took the P from an M blocked in a syscall or in native code.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.GoSysBlock")
@Label("Go Syscall Block")
@Description("Sysmon handed the P of a G blocked in a call to another M")
final class GoSysBlock extends GEvent {
}
