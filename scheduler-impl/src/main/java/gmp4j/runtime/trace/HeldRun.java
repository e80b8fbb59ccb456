/*
 * HeldRun: not in Go. One run of a virtual thread caught holding its P (gmp arm) or carrier (fjp
 * arm) past the hog threshold, between the Hog event that caught it and the one that ends it.
 *
 * A watcher (sysmon, or CarrierWatch's thread) calls caught(); the end is reported by whichever
 * comes first: the carrier when the run returns, or the watcher when it sees that the thread is no
 * longer in that run (the carrier missed the record because the watcher published it after the
 * carrier had looked). The CAS on `done` makes exactly one of them commit the end event.
 */
package gmp4j.runtime.trace;

import gmp4j.runtime.JdkAccess;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

public final class HeldRun {
    private static final AtomicLong IDS = new AtomicLong();

    /** Ignore reasons. */
    public static final String PINNED = "pinned", NO_CHECK = "no check reached", NONE = "none";

    final long id;
    final long goid;
    final long p;
    final long m;
    /** System.nanoTime() when the run began: identifies the run. */
    public final long since;
    final String where;
    final String stack;
    private final AtomicBoolean done = new AtomicBoolean();

    private HeldRun(long goid, long p, long m, long since, String[] where) {
        this.id = IDS.incrementAndGet();
        this.goid = goid;
        this.p = p;
        this.m = m;
        this.since = since;
        this.where = where[0];
        this.stack = where[1];
    }

    /** The threshold in force, in nanoseconds. */
    public static long thresholdNanos() {
        return HogThreshold.nanos();
    }

    /**
     * Watcher: the run of {@code vthread} that began at {@code since} has lasted until {@code now},
     * past the threshold (the caller checked): takes its stack and commits the Hog event that
     * catches it. Returns null, and commits nothing, if the thread is not mounted at this moment
     * (its run is ending): the watcher looks again next round. Thread.getStackTrace is not used:
     * for a thread in transition it spins until the transition ends, and for an unmounted one it
     * suspends the thread and may resubmit it (JdkAccess.mountedStackTrace).
     */
    public static HeldRun caught(Thread vthread, long goid, long p, long m, long since, long now,
            long ignored, String reason) {
        StackTraceElement[] st = JdkAccess.mountedStackTrace(vthread);
        if (st == null) {
            return null;
        }
        HeldRun r = new HeldRun(goid, p, m, since, frames(st));
        r.commit(false, now, ignored, reason);
        return r;
    }

    /** Ends the run at {@code now}; false if the other side ended it already. */
    public boolean end(long now, long ignored, String reason) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        commit(true, now, ignored, reason);
        return true;
    }

    public boolean ended() {
        return done.get();
    }

    private void commit(boolean ended, long now, long ignored, String reason) {
        Hog e = new Hog();
        e.goid = goid;
        e.p = p;
        e.m = m;
        e.hogId = id;
        e.ended = ended;
        e.ranFor = Math.max(0, now - since);
        e.ignoredRequests = ignored;
        e.reason = reason;
        e.where = where;
        e.stack = stack;
        e.commit();
    }

    /** The top application frame and the whole stack as text, for a stack taken from a hog. */
    static String[] frames(StackTraceElement[] st) {
        StringBuilder sb = new StringBuilder();
        String where = null;
        for (StackTraceElement f : st) {
            sb.append(f).append('\n');
            if (where == null && application(f.getClassName())) {
                where = f.toString();
            }
        }
        if (where == null) {
            where = st.length > 0 ? st[0].toString() : "(no stack)";
        }
        return new String[] {where, sb.toString()};
    }

    /** Whether a frame of this class is the application's (not the JDK's, not gmp4j's own runtime). */
    static boolean application(String cls) {
        return !(cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.")
                || cls.startsWith("sun.") || cls.startsWith("com.sun.") || cls.startsWith("gmp4j.runtime."));
    }
}
