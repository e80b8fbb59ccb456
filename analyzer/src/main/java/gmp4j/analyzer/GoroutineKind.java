/*
 * GoroutineKind: groups goroutines (virtual threads) that do the same job, the way Go's goroutine
 * analysis groups them by start function. The JVM's nearest stand-in is the thread name with every
 * run of digits replaced by "N" ("worker-17" -> "worker-N", "conn-3-reader" -> "conn-N-reader").
 * Virtual threads are unnamed by default; where the recording has GoCreate stacks (the trace
 * profile), those are grouped by where they were started ("(started in com.acme.Server.accept)"),
 * as Go groups by start function; otherwise by the kind of the goroutine that
 * created them ("(unnamed, from worker-N)"), and their own unnamed children join the same group,
 * so a tree of anonymous helpers under one named root forms one kind.
 */
package gmp4j.analyzer;

final class GoroutineKind {
    static final String FROM_PLATFORM = "(unnamed, from a platform thread)";
    static final String UNKNOWN = "(created before the recording)";
    private static final String UNNAMED = "(unnamed";

    private GoroutineKind() {
    }

    /** The kind of a goroutine named `name` whose creator has kind parentKind (null if not live). */
    static String of(String name, long parentGoid, String parentKind) {
        return of(name, "", parentGoid, parentKind);
    }

    /** As above, for a goroutine whose virtual thread was started at startLocation ("" if unknown). */
    static String of(String name, String startLocation, long parentGoid, String parentKind) {
        if (name != null && !name.isEmpty()) {
            return name.replaceAll("[0-9]+", "N");
        }
        if (!startLocation.isEmpty()) {
            return "(started in " + startLocation + ")";
        }
        if (parentGoid < 0) {
            return FROM_PLATFORM;
        }
        if (parentKind == null) {
            return "(unnamed, from an unknown goroutine)";
        }
        return parentKind.startsWith(UNNAMED) ? parentKind : "(unnamed, from " + parentKind + ")";
    }
}
