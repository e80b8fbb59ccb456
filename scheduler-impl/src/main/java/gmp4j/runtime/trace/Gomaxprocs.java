/*
 * Gomaxprocs: Go's traceGomaxprocs: the number of Ps, at the start of every recording chunk (a periodic event with period beginChunk, as Go writes it at every trace generation) and at every procresize. scheduler says which arm produced the recording: "gmp" or "fjp".
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;

@Name("gmp4j.Gomaxprocs")
@Label("Gomaxprocs")
@Description("GOMAXPROCS and the scheduler arm; at the start of every chunk and at procresize")
@Period("beginChunk")
final class Gomaxprocs extends Gmp4jEvent {
    @Label("Procs") long procs;
    @Label("Scheduler") @Description("gmp or fjp") String scheduler;
}
