/*
 * GEvent: a gmp4j event about one G on one P and M (Go's trace events carry the G, and the P and
 * M are implied by the batch they are written in; JFR has no such batches, so they are fields).
 * p is -1 when the M holds no P or the arm has none; m is the carrier thread's id.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;

abstract class GEvent extends Gmp4jEvent {
    @Label("Goroutine ID")
    long goid;

    @Label("P")
    @Description("The P, -1 if none or not meaningful in this arm")
    long p;

    @Label("M")
    @Description("The M: gmp4j's M id, or the carrier thread's id in the fjp arm")
    long m;
}
