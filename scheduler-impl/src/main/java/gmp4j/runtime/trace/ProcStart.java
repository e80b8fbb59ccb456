/*
 * ProcStart: Go's traceProcStart (acquirep): M m wired P p.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.ProcStart")
@Label("Proc Start")
@Description("An M acquired a P and starts running Gs")
final class ProcStart extends Gmp4jEvent {
    @Label("P") long p;
    @Label("M") long m;
}
