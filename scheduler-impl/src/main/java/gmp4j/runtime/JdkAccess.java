/*
 * JdkAccess: the few JDK internals the scheduler reads, in one place.
 *
 *  - Thread.currentCarrierThread(): from inside a virtual thread, which M (carrier) runs it. Go
 *    reads getg().m; the JVM hides the carrier behind the virtual thread, so execute() asks here
 *    whether the submitter runs on one of our Ms (then a readied G goes to that P's runnext).
 *  - VirtualThread.state: why a G's continuation returned (parked, blocked on a monitor, waiting,
 *    yielded, terminated). The constants are looked up by name, not copied, so a JDK that
 *    renumbers them still works; a JDK that lacks them fails at construction with a clear message.
 *  - The virtual thread behind a bare runContinuation task (the captured receiver of the JDK's
 *    `this::runContinuation`), and a setter for VirtualThread.runContinuation that puts the
 *    thread's G in its place (what the agent does in the constructor), only needed without the
 *    agent. The field is final; a reflective write to a final instance field of a non-record,
 *    non-hidden class is allowed in JDK 25 once setAccessible succeeds. If it is not (a later
 *    JDK), the setter is null and AllGs keeps its table.
 *  - ThreadBuilders$VirtualThreadBuilder(Executor): builds virtual threads on a custom scheduler
 *    without the agent (tests, benchmarks).
 *
 * All of it needs java.lang opened to this code: the agent does that with
 * Instrumentation.redefineModule; without the agent, `--add-opens java.base/java.lang=ALL-UNNAMED`.
 * Method handles live in static finals so that the JIT inlines them like direct calls.
 */
package gmp4j.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

public final class JdkAccess {
    private JdkAccess() {}

    /** Why a G stopped running, read from the virtual thread right after its continuation returned. */
    public enum StopReason {
        PARKED, SLEEPING_OR_TIMED_PARK, BLOCKED_ON_MONITOR, WAITING, YIELDED, TERMINATED, RUNNABLE, UNKNOWN
    }

    private static final String OPEN_HINT =
            "gmp4j needs java.lang opened to it: run with -javaagent:gmp4j-agent.jar, or add "
                    + "--add-opens java.base/java.lang=ALL-UNNAMED";

    private static final Class<?> VT_CLASS;
    private static final MethodHandle CURRENT_CARRIER;
    private static final VarHandle VT_STATE;
    private static final VarHandle VT_TASK;
    private static final MethodHandle VT_SET_TASK;
    private static final int PARKED, TIMED_PARKED, BLOCKED, UNBLOCKED, WAIT, TIMED_WAIT, YIELDED, UNPARKED,
            TERMINATED, STARTED, PARKING, TIMED_PARKING, BLOCKING, WAITING, TIMED_WAITING, YIELDING;
    private static final Throwable UNAVAILABLE;

    static {
        Class<?> vt = null;
        MethodHandle cc = null;
        VarHandle st = null;
        VarHandle task = null;
        int[] c = new int[16];
        Throwable failure = null;
        try {
            vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup tl = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            cc = tl.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            MethodHandles.Lookup vl = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            st = vl.findVarHandle(vt, "state", int.class);
            task = vl.findVarHandle(vt, "runContinuation", Runnable.class);
            String[] names = {"PARKED", "TIMED_PARKED", "BLOCKED", "UNBLOCKED", "WAIT", "TIMED_WAIT", "YIELDED",
                    "UNPARKED", "TERMINATED", "STARTED", "PARKING", "TIMED_PARKING", "BLOCKING", "WAITING",
                    "TIMED_WAITING", "YIELDING"};
            for (int i = 0; i < names.length; i++) {
                c[i] = (int) vl.findStaticVarHandle(vt, names[i], int.class).get();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            failure = e;
        }
        VT_CLASS = vt;
        CURRENT_CARRIER = cc;
        VT_STATE = st;
        VT_TASK = task;
        VT_SET_TASK = vt == null ? null : taskSetter(vt);
        PARKED = c[0];
        TIMED_PARKED = c[1];
        BLOCKED = c[2];
        UNBLOCKED = c[3];
        WAIT = c[4];
        TIMED_WAIT = c[5];
        YIELDED = c[6];
        UNPARKED = c[7];
        TERMINATED = c[8];
        STARTED = c[9];
        PARKING = c[10];
        TIMED_PARKING = c[11];
        BLOCKING = c[12];
        WAITING = c[13];
        TIMED_WAITING = c[14];
        YIELDING = c[15];
        UNAVAILABLE = failure;
    }

    /**
     * Thread's own asyncGetStackTrace (the JVM's handshake with the thread), called non-virtually
     * on a virtual thread: its frames if it is mounted, else null. VirtualThread's override would
     * loop until it gets a stack, and for an unmounted thread suspend it and may resubmit its
     * task itself, behind the scheduler's back; the hog watchers want neither.
     */
    private static final MethodHandle MOUNTED_STACK = mountedStackHandle();

    private static MethodHandle mountedStackHandle() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup()).findSpecial(Thread.class,
                    "asyncGetStackTrace", MethodType.methodType(StackTraceElement[].class), Thread.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The stack of a mounted virtual thread, or null (unmounted, in transition, or unavailable). */
    public static StackTraceElement[] mountedStackTrace(Thread vthread) {
        if (MOUNTED_STACK == null) {
            return null;
        }
        try {
            return (StackTraceElement[]) MOUNTED_STACK.invokeExact(vthread);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Throws a clear IllegalStateException if the JDK internals cannot be reached. */
    public static void ensureAvailable() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException(OPEN_HINT + " (" + UNAVAILABLE + ")", UNAVAILABLE);
        }
    }

    /** The platform thread under the current thread (itself if it is a platform thread). */
    static Thread currentCarrierThread() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(OPEN_HINT, t);
        }
    }

    /** Why a virtual thread stopped, from its JDK state. */
    static StopReason stopReason(Thread vthread) {
        if (vthread == null || VT_STATE == null || !VT_CLASS.isInstance(vthread)) {
            return StopReason.UNKNOWN;
        }
        int s = (int) VT_STATE.getVolatile(vthread);
        if (s == TERMINATED) return StopReason.TERMINATED;
        if (s == PARKED) return StopReason.PARKED;
        if (s == TIMED_PARKED) return StopReason.SLEEPING_OR_TIMED_PARK;
        if (s == BLOCKED) return StopReason.BLOCKED_ON_MONITOR;
        if (s == WAIT || s == TIMED_WAIT) return StopReason.WAITING;
        if (s == YIELDED) return StopReason.YIELDED;
        if (s == UNPARKED || s == UNBLOCKED) return StopReason.RUNNABLE;
        return StopReason.UNKNOWN;
    }

    /** parkReason's answer for a Thread.yield. */
    public static final String YIELD = "yield";

    /**
     * Why a virtual thread's continuation yielded, from the transitional state the JDK sets
     * before yielding (what VirtualThread.afterYield reads): GoPark's reasons "park", "sleep"
     * (Thread.sleep and timed parks alike: sleep is a timed park), "monitor", "wait", or YIELD
     * for Thread.yield, or "other".
     */
    public static String parkReason(int jdkState) {
        if (jdkState == PARKING) return "park";
        if (jdkState == TIMED_PARKING) return "sleep";
        if (jdkState == BLOCKING) return "monitor";
        if (jdkState == WAITING || jdkState == TIMED_WAITING) return "wait";
        if (jdkState == YIELDING) return YIELD;
        return "other";
    }

    /** Whether runContinuation would run vthread now (it is started, unparked, unblocked or yielded). */
    public static boolean isRunnable(Thread vthread) {
        int s = (int) VT_STATE.getVolatile(vthread);
        return s == STARTED || s == UNPARKED || s == UNBLOCKED || s == YIELDED;
    }

    /** The current virtual thread's runContinuation (its G or TracedContinuation with the agent), or null. */
    public static Object currentTask() {
        Thread t = Thread.currentThread();
        return VT_TASK != null && VT_CLASS.isInstance(t) ? VT_TASK.get(t) : null;
    }

    /** Whether vthread has terminated. */
    public static boolean isTerminated(Thread vthread) {
        return (int) VT_STATE.getVolatile(vthread) == TERMINATED;
    }

    private static MethodHandle taskSetter(Class<?> vt) {
        try {
            Field f = vt.getDeclaredField("runContinuation");
            f.setAccessible(true);
            return MethodHandles.privateLookupIn(vt, MethodHandles.lookup()).unreflectSetter(f)
                    .asType(MethodType.methodType(void.class, Thread.class, Runnable.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Puts {@code task} in place of vthread's runContinuation, so that the JDK hands it to the
     * scheduler from then on. Returns false if this JDK does not allow it. Publication is the
     * caller's business (see AllGs.forTask).
     */
    static boolean setTask(Thread vthread, Runnable task) {
        if (VT_SET_TASK == null) {
            return false;
        }
        try {
            VT_SET_TASK.invokeExact(vthread, task);
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    private static final ConcurrentHashMap<Class<?>, MethodHandle> RECEIVER_GETTERS = new ConcurrentHashMap<>();

    /**
     * The virtual thread behind a runContinuation task handed to Executor.execute, or null. The
     * JDK's task is the bound method reference this::runContinuation: a lambda with one captured
     * field holding the VirtualThread.
     */
    static Thread threadOfTask(Runnable task) {
        Class<?> k = task.getClass();
        MethodHandle getter = RECEIVER_GETTERS.computeIfAbsent(k, JdkAccess::receiverGetter);
        if (getter == NO_RECEIVER) {
            return null;
        }
        try {
            return (Thread) getter.invoke(task);
        } catch (Throwable t) {
            return null;
        }
    }

    private static final MethodHandle NO_RECEIVER = MethodHandles.constant(Object.class, null);

    private static MethodHandle receiverGetter(Class<?> k) {
        if (VT_CLASS == null || k.getNestHost() != VT_CLASS) {
            return NO_RECEIVER;
        }
        for (Field f : k.getDeclaredFields()) {
            if (f.getType() == VT_CLASS) {
                try {
                    return MethodHandles.privateLookupIn(k, MethodHandles.lookup()).unreflectGetter(f);
                } catch (IllegalAccessException e) {
                    return NO_RECEIVER;
                }
            }
        }
        return NO_RECEIVER;
    }

    /**
     * A virtual-thread builder whose threads run on {@code scheduler}, through the JDK's
     * package-private ThreadBuilders.VirtualThreadBuilder(Executor) constructor.
     */
    public static Thread.Builder.OfVirtual virtualThreadBuilder(Executor scheduler) {
        ensureAvailable();
        try {
            Class<?> k = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> ctor = k.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);
            return (Thread.Builder.OfVirtual) ctor.newInstance(scheduler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JDK has no VirtualThreadBuilder(Executor): " + e, e);
        }
    }
}
