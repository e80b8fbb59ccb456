/*
 * ProcSteal: the steal in Go's findRunnable / runqsteal: P thiefP took count Gs from P victimP.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.ProcSteal")
@Label("Proc Steal")
@Description("A spinning M stole Gs from another P")
final class ProcSteal extends Gmp4jEvent {
    @Label("Thief P") long thiefP;
    @Label("Victim P") long victimP;
    @Label("Count") long count;
    @Label("M") long m;
}
