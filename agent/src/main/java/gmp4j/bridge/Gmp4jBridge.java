/*
 * Gmp4jBridge: the only gmp4j code that java.base calls. It is compiled here as an ordinary class,
 * but the agent renames it to java.lang.Gmp4jBridge and defines it inside java.lang (through
 * MethodHandles.privateLookupIn(Thread.class)), so that the retransformed VirtualThread and
 * Blocker can call it: classes of java.base resolve only through the boot loader. That keeps the
 * boot class path untouched (and CDS on).
 *
 * It must therefore depend on java.base types only. The agent fills its hooks with objects whose
 * classes live in the agent jar (system class loader) but implement java.base interfaces.
 * Until install(), every method answers "not ours" and the JDK behaves as if unmodified.
 * The hooks are volatile: with agentmain, virtual threads may already be created concurrently.
 *
 * Preemption checks (Go's stackguard0 prologue check, see gmp4j.agent.SafepointInjector) call
 * pollEntry() at method entry and, in loops (once per chunk of trips), read preemptPending
 * inline and call preemptSlowPath() (or call pollLoop() where the injector cannot add branch
 * targets). The bridge
 * is the one place every class loader can see (java.lang resolves through the boot loader), so an
 * application loader that does not delegate to the system loader still links these calls.
 * Each check is one read of the count and a branch that is almost never taken. The count is read
 * in two ways, on purpose:
 *  - loop checks read the volatile field. A plain read inside a loop without calls would be
 *    hoisted out of the loop by C2 and never seen again.
 *  - pollEntry reads preemptPendingPlain, a plain copy. A prologue runs once per call and a call
 *    that is not inlined forces a fresh load, so a plain read is seen, while a volatile read's
 *    ordering constraints cost about a quarter of a tiny recursive method (fib). Inside one
 *    compiled body C2 may merge several inlined plain reads into one; every loop in that body
 *    still carries its own volatile read, once per chunk of trips (how far apart that leaves
 *    checks in nested calls with loops: SafepointInjector, rule 4).
 * The scheduler publishes the count of Gs with an outstanding request through
 * setPreemptPending, volatile field first; on x86 (TSO) the plain store is visible as promptly.
 *
 * The count is global (one field every class can read), so while one G's request is
 * outstanding (until that G reaches a check, which may take a while if it runs JDK code) the
 * checks of every other G on every carrier take the slow path. preemptSlowPath therefore first
 * asks the carrier it runs on whether its own G was asked (gmp4j's carriers answer through
 * BooleanSupplier, see gmp4j.runtime.M.getAsBoolean) and returns at once otherwise: a call to
 * the intrinsic Thread.currentCarrierThread, a type check and two loads, instead of a call into
 * the scheduler. Should the flag's set not be visible yet (pollEntry reads the plain copy, which
 * orders nothing), nothing is lost: the count stays non-zero until that G clears its own request,
 * so its next check asks again.
 */
package gmp4j.bridge;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

public final class Gmp4jBridge {
    private Gmp4jBridge() {}

    private static volatile Executor scheduler;
    private static volatile BiFunction<Runnable, Thread, Runnable> newG;
    private static volatile BooleanSupplier entersyscall;
    private static volatile BooleanSupplier exitsyscall;
    private static volatile BiFunction<Runnable, Long, Future<?>> timers;
    // Tracing (TraceTransformer): the fjp arm's pool and task wrapper, and the JFR hooks.
    private static volatile Executor tracedPool;
    private static volatile BiFunction<Runnable, Thread, Runnable> traceWrap;
    private static volatile ObjIntConsumer<Runnable> afterYield;
    private static volatile Consumer<Runnable> submitting;

    /** Gs with an outstanding preemption request: non-zero sends polls to the slow path. */
    public static volatile int preemptPending;
    /** A plain copy of preemptPending for prologue checks (see the class comment). */
    public static int preemptPendingPlain;
    /** The scheduler's slow path: yields if the current G was asked to. */
    private static volatile Runnable preemptSlow;

    /** Injected at the entry of application methods (Go: the morestack prologue check). */
    public static void pollEntry() {
        if (preemptPendingPlain != 0) {
            preemptSlowPath();
        }
    }

    /** Injected at loop back-edges of application methods. */
    public static void pollLoop() {
        if (preemptPending != 0) {
            preemptSlowPath();
        }
    }

    /**
     * The slow path. Loop checks are usually injected inline (`if (preemptPending != 0)
     * preemptSlowPath();`) rather than as a call to pollLoop: C2 then profiles the branch at each
     * loop and compiles the never-taken call as an uncommon trap. Behind the shared pollLoop the
     * call stayed in the compiled loop nest and cost strip-mined loops part of their
     * vectorisation (bench/RESULTS.md).
     */
    public static void preemptSlowPath() {
        if (CURRENT_CARRIER != null && !(currentCarrier() instanceof BooleanSupplier asked && asked.getAsBoolean())) {
            return; // not a gmp4j carrier, or its G has no request: another G's request is pending
        }
        Runnable r = preemptSlow;
        if (r != null) {
            r.run();
        }
    }

    /**
     * Thread.currentCarrierThread(), which is package-private in java.lang: reachable once the
     * agent has defined this class there. Null where it is not (this class loaded under its own
     * name, as in unit tests): the slow path then always asks the scheduler.
     * A static final handle, so that C2 compiles the call as the intrinsic.
     */
    private static final MethodHandle CURRENT_CARRIER = currentCarrierHandle();

    private static MethodHandle currentCarrierHandle() {
        try {
            return MethodHandles.lookup().findStatic(Thread.class, "currentCarrierThread",
                    MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            throw new InternalError(e);
        }
    }

    /** Called by the scheduler whenever the number of outstanding requests changes. */
    public static void setPreemptPending(int n) {
        preemptPending = n;
        preemptPendingPlain = n;
    }

    public static void installPreempt(Runnable slowPath) {
        preemptSlow = slowPath;
    }

    public static void install(Executor sched, BiFunction<Runnable, Thread, Runnable> newGHook,
            BooleanSupplier enterHook, BooleanSupplier exitHook, BiFunction<Runnable, Long, Future<?>> timersHook) {
        newG = newGHook;
        entersyscall = enterHook;
        exitsyscall = exitHook;
        timers = timersHook;
        scheduler = sched;
    }

    /**
     * The tracing hooks: threads created on {@code pool} get their runContinuation wrapped by
     * {@code wrap} (the fjp arm; null for none); {@code afterYieldHook} runs at the top of
     * VirtualThread.afterYield, {@code submitHook} at the top of its submit methods.
     */
    public static void installTrace(Executor pool, BiFunction<Runnable, Thread, Runnable> wrap,
            ObjIntConsumer<Runnable> afterYieldHook, Consumer<Runnable> submitHook) {
        traceWrap = wrap;
        afterYield = afterYieldHook;
        submitting = submitHook;
        tracedPool = pool;
    }

    /** VirtualThread.<init>: the scheduler a virtual thread gets when none was chosen for it. */
    public static Executor defaultScheduler(Executor jdkDefault) {
        Executor s = scheduler;
        return s != null ? s : jdkDefault;
    }

    /** What VirtualThread.defaultScheduler() answers (the JDK's MXBean and jcmd ask it), or null. */
    private static volatile Executor schedulerView;

    public static void installSchedulerView(Executor view) {
        schedulerView = view;
    }

    /** VirtualThread.defaultScheduler(): gmp4j's view for the JDK's tools, else the JDK's pool. */
    public static Executor schedulerView(Executor jdkDefault) {
        Executor v = schedulerView;
        return v != null ? v : jdkDefault;
    }

    /**
     * VirtualThread.<init>: the Runnable stored as runContinuation. For a thread on gmp4j that is
     * its G (which runs the JDK's task), so the scheduler is handed the G itself on every submit.
     */
    public static Runnable wrapTask(Runnable runContinuation, Executor chosen, Thread vthread) {
        Executor s = scheduler;
        if (s != null && chosen == s) {
            return newG.apply(runContinuation, vthread);
        }
        Executor traced = tracedPool;
        return traced != null && chosen == traced ? traceWrap.apply(runContinuation, vthread) : runContinuation;
    }

    /** Top of VirtualThread.afterYield: the continuation of the thread with this task yielded in jdkState. */
    public static void afterYield(Runnable runContinuation, int jdkState) {
        ObjIntConsumer<Runnable> h = afterYield;
        if (h != null) {
            h.accept(runContinuation, jdkState);
        }
    }

    /** Top of VirtualThread's submit methods: the thread with this task is about to be submitted. */
    public static void submitting(Runnable runContinuation) {
        Consumer<Runnable> h = submitting;
        if (h != null) {
            h.accept(runContinuation);
        }
    }

    /**
     * VirtualThread.schedule (timeouts of timed park, sleep and timed wait): for a thread on
     * gmp4j, a timer on gmp4j's per-P heaps; otherwise null, and the JDK uses its own timer threads.
     */
    public static Future<?> schedule(Executor chosen, Runnable command, long delay, TimeUnit unit) {
        Executor s = scheduler;
        BiFunction<Runnable, Long, Future<?>> t = timers;
        return s != null && chosen == s && t != null ? t.apply(command, unit.toNanos(delay)) : null;
    }

    private static volatile BooleanSupplier knownQueuedWork;

    public static void installQueuedWork(BooleanSupplier hook) {
        knownQueuedWork = hook;
    }

    /** ForkJoinWorkerThread.hasKnownQueuedWork(): Sched.hasKnownQueuedWork on a gmp4j carrier. */
    public static boolean hasKnownQueuedWork() {
        BooleanSupplier h = knownQueuedWork;
        return h != null && h.getAsBoolean();
    }

    /** Blocker.begin(): true if the current carrier is a gmp4j M, which entered a syscall. */
    public static boolean entersyscall() {
        BooleanSupplier h = entersyscall;
        return h != null && h.getAsBoolean();
    }

    /** Blocker.end(attempted): true if the syscall was a gmp4j one and is now left. */
    public static boolean exitsyscall() {
        BooleanSupplier h = exitsyscall;
        return h != null && h.getAsBoolean();
    }
}
