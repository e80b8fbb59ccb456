/*
 * Gmp4jEvent: what every gmp4j JFR event shares (EVENTS.md is the schema): category "gmp4j" and no
 * stack trace (a stack costs ten times the event). Both annotations are @Inherited, so each event
 * class only adds @Name, @Label and its fields. Ids are longs, -1 meaning "none / not meaningful
 * in this arm"; instant events take JFR's own start time (commit() without begin()).
 */
package gmp4j.runtime.trace;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.StackTrace;

@Category("gmp4j")
@StackTrace(false)
abstract class Gmp4jEvent extends Event {}
