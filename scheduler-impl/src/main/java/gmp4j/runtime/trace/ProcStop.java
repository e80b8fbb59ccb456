/*
 * ProcStop: Go's traceProcStop (releasep, entersyscall): M m gave up P p.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.ProcStop")
@Label("Proc Stop")
@Description("An M released its P (idle or syscall)")
final class ProcStop extends Gmp4jEvent {
    @Label("P") long p;
    @Label("M") long m;
}
