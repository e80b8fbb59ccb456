/*
 * TraceState: what a traced virtual thread's task (gmp's G, fjp's TracedContinuation) carries for
 * the JFR writer work-around below.
 *
 * Found on JDK 25.0.x (interpreted and compiled alike): a carrier thread's JFR event writer is
 * shared with the virtual threads it mounts. After a mounted virtual thread commits an event,
 * the carrier's next commit of its own (in the tail of runContinuation, or the scheduler's next
 * GoStart) is silently dropped; the commit after it is written. Reproduced by committing an
 * event twice in the tail: the first copy is missing from the recording, the second is there.
 * It would drop GoPark after every GoUnpark a thread commits (ping-pong loses every park).
 *
 * The work-around: when one of our events is committed from a virtual thread, its task is
 * marked dirty; the carrier, before its next own commit for that task, commits one gmp4j.Sync
 * event to absorb the drop (Trace.resync). Events the JDK or the application commit from a
 * virtual thread (jdk.ThreadSleep, jdk.FileRead above their thresholds, ...) are not seen, so
 * after those one carrier-side event can still be missing: the analyzer must tolerate gaps.
 */
package gmp4j.runtime.trace;

public abstract class TraceState {
    /** Set by the virtual thread, read and cleared by its carrier: same OS thread, no race. */
    boolean dirty;
}
