/*
 * Sync: not a Go event. A filler the carrier commits after a virtual thread it ran committed
 * gmp4j events, so that JFR's dropping of the carrier's next commit hits this event instead of
 * a real one (TraceState says why). Normally none reaches the recording; analyzers ignore it.
 */
package gmp4j.runtime.trace;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("gmp4j.Sync")
@Label("Writer Sync")
@Description("Internal filler for a JFR writer quirk; ignore")
final class Sync extends Gmp4jEvent {}
