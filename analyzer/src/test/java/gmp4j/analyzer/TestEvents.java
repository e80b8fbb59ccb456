/*
 * TestEvents: test-local JFR events with the names and fields of notes/EVENTS.md, so that tests
 * can write real .jfr recordings without the agent. Each emit method commits one instant event.
 */
package gmp4j.analyzer;

import java.io.IOException;
import java.nio.file.Path;
import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

final class TestEvents {
    private TestEvents() {
    }

    /** Runs script with a JFR recording of every gmp4j event on, and dumps it to file. */
    static Path record(Path file, Runnable script) throws IOException {
        return record(file, false, script);
    }

    /** As record, with stack traces for GoCreate if creationStacks (as the trace profile has). */
    static Path record(Path file, boolean creationStacks, Runnable script) throws IOException {
        try (Recording r = new Recording()) {
            for (Class<? extends Event> c : ALL) {
                if (creationStacks && c == GoCreate.class) {
                    r.enable(c).withStackTrace();
                } else {
                    r.enable(c).withoutStackTrace();
                }
            }
            r.start();
            script.run();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    static final java.util.List<Class<? extends Event>> ALL = java.util.List.of(
            GoCreate.class, GoStart.class, GoEnd.class, GoSched.class, GoPreempt.class, GoPark.class,
            GoUnpark.class, GoSysCall.class, GoSysExit.class, GoSysBlock.class, ProcStart.class,
            ProcStop.class, ProcSteal.class, Gomaxprocs.class, SchedStats.class);

    static void goCreate(long goid, long parent, long tid, String name) {
        GoCreate e = new GoCreate();
        e.goid = goid; e.parentGoid = parent; e.threadId = tid; e.threadName = name;
        e.commit();
    }

    static void goStart(long goid, long p, long m, long latency) {
        GoStart e = new GoStart();
        e.goid = goid; e.p = p; e.m = m; e.threadId = goid + 1000; e.schedLatency = latency;
        e.commit();
    }

    static void goEnd(long goid, long p, long m) {
        GoEnd e = new GoEnd();
        e.goid = goid; e.p = p; e.m = m;
        e.commit();
    }

    static void goSched(long goid, long p, long m) {
        GoSched e = new GoSched();
        e.goid = goid; e.p = p; e.m = m;
        e.commit();
    }

    static void goPreempt(long goid, long p, long m, long ranFor, boolean failed) {
        GoPreempt e = new GoPreempt();
        e.goid = goid; e.p = p; e.m = m; e.ranFor = ranFor; e.failed = failed;
        e.commit();
    }

    static void goPark(long goid, long p, long m, String reason) {
        GoPark e = new GoPark();
        e.goid = goid; e.p = p; e.m = m; e.reason = reason; e.blocker = "java.lang.Object";
        e.commit();
    }

    static void goUnpark(long goid, long by, String source) {
        GoUnpark e = new GoUnpark();
        e.goid = goid; e.byGoid = by; e.source = source;
        e.commit();
    }

    static void goSysCall(long goid, long p, long m) {
        GoSysCall e = new GoSysCall();
        e.goid = goid; e.p = p; e.m = m;
        e.commit();
    }

    static void goSysExit(long goid, long p, long m) {
        GoSysExit e = new GoSysExit();
        e.goid = goid; e.p = p; e.m = m;
        e.commit();
    }

    static void goSysBlock(long goid, long p, long m) {
        GoSysBlock e = new GoSysBlock();
        e.goid = goid; e.p = p; e.m = m;
        e.commit();
    }

    static void procStart(long p, long m) {
        ProcStart e = new ProcStart();
        e.p = p; e.m = m;
        e.commit();
    }

    static void procStop(long p, long m) {
        ProcStop e = new ProcStop();
        e.p = p; e.m = m;
        e.commit();
    }

    static void procSteal(long thief, long victim, long count, long m) {
        ProcSteal e = new ProcSteal();
        e.thiefP = thief; e.victimP = victim; e.count = count; e.m = m;
        e.commit();
    }

    static void gomaxprocs(long procs, String scheduler) {
        Gomaxprocs e = new Gomaxprocs();
        e.procs = procs; e.scheduler = scheduler;
        e.commit();
    }

    static void schedStats(long gomaxprocs, long threads, long steals, long preemptions) {
        SchedStats e = new SchedStats();
        e.gomaxprocs = gomaxprocs; e.idleprocs = 0; e.threads = threads; e.spinningthreads = 0;
        e.idlethreads = 0; e.runqueue = 0; e.localRunqueues = "[0 0]"; e.steals = steals;
        e.preemptions = preemptions; e.preemptFailures = 0; e.handoffs = 0;
        e.commit();
    }

    @Name("gmp4j.GoCreate") @Category("gmp4j") @StackTrace(false)
    static final class GoCreate extends Event {
        long goid; long parentGoid; long threadId; String threadName;
    }

    @Name("gmp4j.GoStart") @Category("gmp4j") @StackTrace(false)
    static final class GoStart extends Event {
        long goid; long p; long m; long threadId; @Timespan long schedLatency;
    }

    @Name("gmp4j.GoEnd") @Category("gmp4j") @StackTrace(false)
    static final class GoEnd extends Event {
        long goid; long p; long m;
    }

    @Name("gmp4j.GoSched") @Category("gmp4j") @StackTrace(false)
    static final class GoSched extends Event {
        long goid; long p; long m;
    }

    @Name("gmp4j.GoPreempt") @Category("gmp4j") @StackTrace(false)
    static final class GoPreempt extends Event {
        long goid; long p; long m; @Timespan long ranFor; boolean failed;
    }

    @Name("gmp4j.GoPark") @Category("gmp4j") @StackTrace(false)
    static final class GoPark extends Event {
        long goid; long p; long m; String reason; String blocker;
    }

    @Name("gmp4j.GoUnpark") @Category("gmp4j") @StackTrace(false)
    static final class GoUnpark extends Event {
        long goid; long byGoid; String source;
    }

    @Name("gmp4j.GoSysCall") @Category("gmp4j") @StackTrace(false)
    static final class GoSysCall extends Event {
        long goid; long p; long m;
    }

    @Name("gmp4j.GoSysExit") @Category("gmp4j") @StackTrace(false)
    static final class GoSysExit extends Event {
        long goid; long p; long m;
    }

    @Name("gmp4j.GoSysBlock") @Category("gmp4j") @StackTrace(false)
    static final class GoSysBlock extends Event {
        long goid; long p; long m;
    }

    @Name("gmp4j.ProcStart") @Category("gmp4j") @StackTrace(false)
    static final class ProcStart extends Event {
        long p; long m;
    }

    @Name("gmp4j.ProcStop") @Category("gmp4j") @StackTrace(false)
    static final class ProcStop extends Event {
        long p; long m;
    }

    @Name("gmp4j.ProcSteal") @Category("gmp4j") @StackTrace(false)
    static final class ProcSteal extends Event {
        long thiefP; long victimP; long count; long m;
    }

    @Name("gmp4j.Gomaxprocs") @Category("gmp4j") @StackTrace(false)
    static final class Gomaxprocs extends Event {
        long procs; String scheduler;
    }

    @Name("gmp4j.SchedStats") @Category("gmp4j") @StackTrace(false)
    static final class SchedStats extends Event {
        long gomaxprocs; long idleprocs; long threads; long spinningthreads; long idlethreads;
        long runqueue; String localRunqueues; long steals; long preemptions; long preemptFailures;
        long handoffs;
    }
}
