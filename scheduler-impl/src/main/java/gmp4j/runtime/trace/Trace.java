/*
 * Trace: where the scheduler emits its JFR events (EVENTS.md), Go's traceruntime.go in one place.
 *
 * Each event has a cheap guard, xOn(), and an emitter, x(...). Call sites are written
 *     if (Trace.goParkOn()) Trace.goPark(...);
 * so that a disabled event costs one call to Event.isEnabled() on a shared, never committed
 * probe instance: no event object, no System.nanoTime(), no field gathering. Until JFR is used
 * the event classes are not instrumented and isEnabled() is a constant false; once a recording
 * starts, JFR retransforms them and isEnabled() reads the event's current setting.
 *
 * The guard is a snapshot: the event may be disabled between guard and commit (commit() then
 * drops it) or enabled just after (that one occurrence is missed, as with any JFR event).
 *
 * Events committed from a virtual thread (GoCreate, GoUnpark, GoSysCall, GoSysExit, a failed
 * GoPreempt) mark its task, and the carrier calls resync before its next commit for that task:
 * TraceState explains the JFR behaviour this works around.
 *
 * The periodic events (Gomaxprocs at every chunk start, SchedStats every period) are registered
 * only once JFR is initialized, through a FlightRecorderListener, so a JVM that never records
 * loads none of JFR's machinery.
 */
package gmp4j.runtime.trace;

import gmp4j.runtime.JdkAccess;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

public final class Trace {
    private Trace() {}

    private static final GoCreate GO_CREATE = new GoCreate();
    private static final GoStart GO_START = new GoStart();
    private static final GoEnd GO_END = new GoEnd();
    private static final GoSched GO_SCHED = new GoSched();
    private static final GoPreempt GO_PREEMPT = new GoPreempt();
    private static final GoPark GO_PARK = new GoPark();
    private static final GoUnpark GO_UNPARK = new GoUnpark();
    private static final GoSysCall GO_SYSCALL = new GoSysCall();
    private static final GoSysExit GO_SYSEXIT = new GoSysExit();
    private static final GoSysBlock GO_SYSBLOCK = new GoSysBlock();
    private static final ProcStart PROC_START = new ProcStart();
    private static final ProcStop PROC_STOP = new ProcStop();
    private static final ProcSteal PROC_STEAL = new ProcSteal();
    private static final Gomaxprocs GOMAXPROCS = new Gomaxprocs();
    private static final Sync SYNC = new Sync();
    private static final Hog HOG = new Hog();

    /** GoUnpark sources. */
    public static final String GOROUTINE = "goroutine", TIMER = "timer", EXTERNAL = "external";

    public static boolean goCreateOn() { return GO_CREATE.isEnabled(); }
    public static boolean goStartOn() { return GO_START.isEnabled(); }
    public static boolean goEndOn() { return GO_END.isEnabled(); }
    public static boolean goSchedOn() { return GO_SCHED.isEnabled(); }
    public static boolean goPreemptOn() { return GO_PREEMPT.isEnabled(); }
    public static boolean goParkOn() { return GO_PARK.isEnabled(); }
    public static boolean goUnparkOn() { return GO_UNPARK.isEnabled(); }
    public static boolean goSysCallOn() { return GO_SYSCALL.isEnabled(); }
    public static boolean goSysExitOn() { return GO_SYSEXIT.isEnabled(); }
    public static boolean goSysBlockOn() { return GO_SYSBLOCK.isEnabled(); }
    public static boolean procStartOn() { return PROC_START.isEnabled(); }
    public static boolean procStopOn() { return PROC_STOP.isEnabled(); }
    public static boolean procStealOn() { return PROC_STEAL.isEnabled(); }
    public static boolean gomaxprocsOn() { return GOMAXPROCS.isEnabled(); }
    /** Hog: the watchers look for hogs only while this holds (HeldRun commits the events). */
    public static boolean hogOn() { return HOG.isEnabled(); }

    public static void goCreate(long goid, long parentGoid, long threadId, String threadName) {
        GoCreate e = new GoCreate();
        e.goid = goid;
        e.parentGoid = parentGoid;
        e.threadId = threadId;
        e.threadName = threadName;
        e.commit();
        markIfVirtual();
    }

    public static void goStart(long goid, long p, long m, long threadId, long schedLatency) {
        GoStart e = g(new GoStart(), goid, p, m);
        e.threadId = threadId;
        e.schedLatency = schedLatency;
        e.commit();
    }

    public static void goEnd(long goid, long p, long m) {
        g(new GoEnd(), goid, p, m).commit();
    }

    public static void goSched(long goid, long p, long m) {
        g(new GoSched(), goid, p, m).commit();
    }

    /** Request reasons for goPreempt: the time slice ran out, or a woken G waits (WakePreempt). */
    public static final String SLICE = "slice", WAKEUP = "wakeup";

    public static void goPreempt(long goid, long p, long m, long ranFor, boolean failed, String reason) {
        GoPreempt e = g(new GoPreempt(), goid, p, m);
        e.ranFor = ranFor;
        e.failed = failed;
        e.reason = reason;
        e.commit();
        markIfVirtual();
    }

    public static void goPark(long goid, long p, long m, String reason, String blocker) {
        GoPark e = g(new GoPark(), goid, p, m);
        e.reason = reason;
        e.blocker = blocker;
        e.commit();
    }

    public static void goUnpark(long goid, long byGoid, String source) {
        GoUnpark e = new GoUnpark();
        e.goid = goid;
        e.byGoid = byGoid;
        e.source = source;
        e.commit();
        markIfVirtual();
    }

    public static void goSysCall(long goid, long p, long m) {
        g(new GoSysCall(), goid, p, m).commit();
        markIfVirtual();
    }

    public static void goSysExit(long goid, long p, long m) {
        g(new GoSysExit(), goid, p, m).commit();
        markIfVirtual();
    }

    public static void goSysBlock(long goid, long p, long m) {
        g(new GoSysBlock(), goid, p, m).commit();
    }

    public static void procStart(long p, long m) {
        ProcStart e = new ProcStart();
        e.p = p;
        e.m = m;
        e.commit();
    }

    public static void procStop(long p, long m) {
        ProcStop e = new ProcStop();
        e.p = p;
        e.m = m;
        e.commit();
    }

    public static void procSteal(long thiefP, long victimP, long count, long m) {
        ProcSteal e = new ProcSteal();
        e.thiefP = thiefP;
        e.victimP = victimP;
        e.count = count;
        e.m = m;
        e.commit();
    }

    public static void gomaxprocs(long procs, String scheduler) {
        Gomaxprocs e = new Gomaxprocs();
        e.procs = procs;
        e.scheduler = scheduler;
        e.commit();
    }

    /** One SchedStats event; call from the hook given to {@link #addPeriodic}. */
    public static void schedStats(long gomaxprocs, long idleprocs, long threads, long spinningthreads,
            long idlethreads, long runqueue, String localRunqueues, long steals, long preemptions,
            long preemptFailures, long handoffs) {
        SchedStats e = new SchedStats();
        e.gomaxprocs = gomaxprocs;
        e.idleprocs = idleprocs;
        e.threads = threads;
        e.spinningthreads = spinningthreads;
        e.idlethreads = idlethreads;
        e.runqueue = runqueue;
        e.localRunqueues = localRunqueues;
        e.steals = steals;
        e.preemptions = preemptions;
        e.preemptFailures = preemptFailures;
        e.handoffs = handoffs;
        e.commit();
    }

    /** After a commit: if a virtual thread committed it, mark its task (see TraceState). */
    private static void markIfVirtual() {
        if (Thread.currentThread().isVirtual() && JdkAccess.currentTask() instanceof TraceState s) {
            s.dirty = true;
        }
    }

    /**
     * On the carrier, before its first commit after running {@code s}'s thread: absorbs the
     * commit JFR drops after that thread committed events (see TraceState).
     */
    public static void resync(TraceState s) {
        if (s.dirty) {
            s.dirty = false;
            if (SYNC.isEnabled()) {
                new Sync().commit();
            }
        }
    }

    private static <E extends GEvent> E g(E e, long goid, long p, long m) {
        e.goid = goid;
        e.p = p;
        e.m = m;
        return e;
    }

    /**
     * Registers the hooks of the periodic events Gomaxprocs (which must call
     * {@link #gomaxprocs}) and SchedStats (which must call {@link #schedStats}) as soon as JFR is
     * initialized (at once if it is). The returned Runnable unregisters them.
     */
    public static Runnable addPeriodic(Runnable gomaxprocsHook, Runnable schedStatsHook) {
        AtomicBoolean registered = new AtomicBoolean();
        FlightRecorderListener l = new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                FlightRecorder.addPeriodicEvent(Gomaxprocs.class, gomaxprocsHook);
                FlightRecorder.addPeriodicEvent(SchedStats.class, schedStatsHook);
                registered.set(true);
            }
        };
        FlightRecorder.addListener(l);
        return () -> {
            FlightRecorder.removeListener(l);
            // Only if registered: the first call into JFR's periodic-event machinery initialises
            // much of JFR, which a scheduler that never recorded should not pay for at shutdown.
            if (registered.get()) {
                FlightRecorder.removePeriodicEvent(gomaxprocsHook);
                FlightRecorder.removePeriodicEvent(schedStatsHook);
            }
        };
    }
}
