/*
 * ForkJoinTrace: the fjp arm of the A/B comparison. Virtual threads stay on the JDK's own default
 * ForkJoinPool, untouched, and emit the same events as on gmp4j where they have a meaning.
 *
 * Decision. The JDK special-cases `scheduler == DEFAULT_SCHEDULER` (lazySubmit, externalSubmit,
 * blocking compensation through CarrierThread, ForkJoinPool.schedule for timeouts), so the pool is
 * neither replaced nor wrapped: a wrapper executor would take the JDK off those paths and measure
 * something else. Instead only the task object changes: the agent's hook in VirtualThread.<init>
 * stores a TracedContinuation (a Runnable around the JDK's runContinuation) as the thread's
 * runContinuation, and the pool runs it like the original (ForkJoinTask.adapt or execute, the
 * JDK's choice). Two more hooks at the top of VirtualThread methods complete the picture:
 *  - the submit methods (submitRunContinuation, lazySubmitRunContinuation,
 *    externalSubmitRunContinuation, externalSubmitRunContinuationOrThrow): the thread becomes
 *    runnable -> GoCreate (first time: start) or GoUnpark, and the runnable timestamp;
 *  - afterYield: GoPark (with the reason) or GoSched, before the JDK publishes the parked state.
 * TracedContinuation.run emits GoStart (schedLatency from the runnable timestamp) and, when the
 * thread terminated, GoEnd.
 *
 * Conventions and limits:
 *  - goid is the virtual thread's threadId (there is no G); parentGoid likewise;
 *  - m is the carrier thread's id; p is the carrier's ForkJoinWorkerThread.getPoolIndex() (the
 *    index of its work queue in the pool, not a dense 0..n-1 range), -1 off a worker;
 *  - GoPreempt, GoSysCall, GoSysExit, GoSysBlock, ProcStart, ProcStop and ProcSteal are never
 *    emitted: the pool has no Ps to hand over, compensates blocking by adding workers, and does
 *    not preempt;
 *  - GoUnpark: by a virtual thread -> "goroutine"; from a carrier while it runs a thread's
 *    continuation (the tail of a park satisfied at once, or a terminating thread waking its
 *    joiners) -> "goroutine" by that thread; from another pool worker or the pool's
 *    DelayScheduler thread (timeouts) -> "timer"; anything else -> "external";
 *  - submit methods nest (lazy -> plain submit, on OutOfMemoryError retries): a flag set at the
 *    first and cleared when the continuation runs makes one GoUnpark per runnable period;
 *  - Hog: while it is enabled, each run is noted in its carrier's CarrierWatch slot, and the
 *    watcher thread catches runs past the hog threshold (the pool has no sysmon);
 *  - SchedStats: gomaxprocs = parallelism, threads = pool size, idleprocs / idlethreads from the
 *    active count, runqueue = queued submissions, steals = the pool's steal count; spinning
 *    threads, preemptions, preemption failures, hand-offs are -1, localRunqueues "".
 * Threads created before the agent started (attach) and threads on other executors are not traced.
 * Cost: the hooks themselves are a volatile read and a few field accesses per stop and submit,
 * but ping-pong on this arm measured about 2x the plain JDK even with the hooks left empty, which
 * points at the retransformation of java.lang.VirtualThread itself (bench/RESULTS.md, "JFR tracing
 * overhead"); compare the fjp arm with the gmp arm, not with an agent-less JVM, until that is
 * understood.
 */
package gmp4j.runtime.trace;

import gmp4j.runtime.JdkAccess;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.locks.LockSupport;

public final class ForkJoinTrace {
    private final ForkJoinPool pool;
    /** The traced continuation a carrier is running, set only while GoUnpark is enabled. */
    private static final ThreadLocal<TracedContinuation> RUNNING = new ThreadLocal<>();

    public ForkJoinTrace(ForkJoinPool pool) {
        this.pool = pool;
    }

    /** VirtualThread.<init>: the Runnable the JDK will submit for vthread. */
    public Runnable wrap(Runnable runContinuation, Thread vthread) {
        return new TracedContinuation(runContinuation, vthread);
    }

    /** Top of each VirtualThread submit method: task is the thread's runContinuation. */
    public void submitting(Runnable task) {
        if (task instanceof TracedContinuation t) {
            t.readied();
        }
    }

    /** Top of VirtualThread.afterYield, on the carrier. */
    public void afterYield(Runnable task, int jdkState) {
        if (!(task instanceof TracedContinuation t)) {
            return;
        }
        Trace.resync(t);
        String reason = JdkAccess.parkReason(jdkState);
        Thread carrier = Thread.currentThread();
        if (reason == JdkAccess.YIELD) {
            t.yielded = true;
            if (Trace.goSchedOn()) {
                Trace.goSched(t.goid, poolIndex(carrier), carrier.threadId());
            }
        } else if (Trace.goParkOn()) {
            Object blocker = LockSupport.getBlocker(t.vthread);
            Trace.goPark(t.goid, poolIndex(carrier), carrier.threadId(), reason,
                    blocker != null ? blocker.getClass().getName() : "");
        }
    }

    /** Gomaxprocs now (also the periodic hook). */
    public void gomaxprocs() {
        Trace.gomaxprocs(pool.getParallelism(), "fjp");
    }

    /** Registers Gomaxprocs and SchedStats as periodic events; the Runnable unregisters them. */
    public Runnable addPeriodic() {
        return Trace.addPeriodic(this::gomaxprocs, this::schedStats);
    }

    private void schedStats() {
        int procs = pool.getParallelism();
        int size = pool.getPoolSize();
        int active = pool.getActiveThreadCount();
        Trace.schedStats(procs, Math.max(0, procs - active), size, -1, Math.max(0, size - active),
                pool.getQueuedSubmissionCount(), "", pool.getStealCount(), -1, -1, -1);
    }

    private static long poolIndex(Thread carrier) {
        return carrier instanceof ForkJoinWorkerThread w ? w.getPoolIndex() : -1;
    }

    /** Who readies a thread when the caller is not a virtual thread (see the class comment). */
    private String platformSource(Thread t) {
        if (t instanceof ForkJoinWorkerThread w ? w.getPool() == pool : t.getClass().getName().endsWith("DelayScheduler")) {
            return Trace.TIMER;
        }
        return Trace.EXTERNAL;
    }

    /**
     * A virtual thread's runContinuation with its trace state. The plain fields are handed from
     * submitter to carrier and back through the JDK's own ordering: the pool's queue (submit ->
     * run) and the thread's volatile state (run -> the next submit).
     */
    final class TracedContinuation extends TraceState implements Runnable {
        final Runnable task;
        final Thread vthread;
        final long goid;
        private boolean created;
        private boolean queued;
        boolean yielded;
        private long runnableSince;
        private int runs;

        TracedContinuation(Runnable task, Thread vthread) {
            this.task = task;
            this.vthread = vthread;
            this.goid = vthread.threadId();
        }

        void readied() {
            if (queued) {
                return; // a nested submit method, or a spurious resubmission
            }
            queued = true;
            runnableSince = Trace.goStartOn() ? System.nanoTime() : 0;
            Thread cur = Thread.currentThread();
            if (!created) {
                created = true;
                if (Trace.goCreateOn()) {
                    Trace.goCreate(goid, cur.isVirtual() ? cur.threadId() : -1, goid, vthread.getName());
                }
                return;
            }
            if (yielded) {
                yielded = false; // Thread.yield: GoSched was emitted by afterYield
                return;
            }
            if (Trace.goUnparkOn()) {
                TracedContinuation by = cur.isVirtual() ? null : RUNNING.get();
                if (cur.isVirtual() || by != null) {
                    Trace.goUnpark(goid, by != null ? by.goid : cur.threadId(), Trace.GOROUTINE);
                } else {
                    Trace.goUnpark(goid, -1, platformSource(cur));
                }
            }
        }

        @Override
        public void run() {
            queued = false;
            int run = ++runs;
            Thread carrier = Thread.currentThread();
            if (Trace.goStartOn() && JdkAccess.isRunnable(vthread)) {
                long since = runnableSince;
                Trace.goStart(goid, poolIndex(carrier), carrier.threadId(), goid,
                        since != 0 ? Math.max(0, System.nanoTime() - since) : -1);
            }
            boolean track = Trace.goUnparkOn();
            if (track) {
                RUNNING.set(this);
            }
            CarrierWatch.Slot held = Trace.hogOn() ? CarrierWatch.running(vthread, goid, poolIndex(carrier)) : null;
            try {
                task.run();
            } finally {
                if (held != null) {
                    Trace.resync(this); // before the carrier's commit (see TraceState)
                    CarrierWatch.ran(held);
                }
                if (track) {
                    RUNNING.set(null);
                }
            }
            Trace.resync(this);
            // runs == run: no later run of this thread has started meanwhile (it may be handed
            // back to the pool inside task.run and started elsewhere), so the end is this run's.
            if (Trace.goEndOn() && runs == run && JdkAccess.isTerminated(vthread)) {
                Trace.goEnd(goid, poolIndex(carrier), carrier.threadId());
            }
        }
    }
}
