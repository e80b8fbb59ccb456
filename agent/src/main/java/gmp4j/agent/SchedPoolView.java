/*
 * SchedPoolView: what the JDK's own tools see as "the virtual thread scheduler" under gmp4j.
 *
 * The JDK's VirtualThreadSchedulerMXBean and `jcmd <pid> Thread.vthread_scheduler` both ask
 * VirtualThread.defaultScheduler() for the scheduler; the MXBean reads its figures only if the
 * answer is a ForkJoinPool (parallelism, pool size, active threads as "mounted", queued tasks plus
 * submissions as "queued"), jcmd prints its toString(). The agent edits defaultScheduler() to
 * return this view (VirtualThreadTransformer), a ForkJoinPool subclass that never runs a task
 * (it starts no worker: ForkJoinPool creates workers only on submission, and nothing submits to
 * it) and answers from gmp4j's Sched:
 *   parallelism = GOMAXPROCS, setParallelism(n) = runtime.GOMAXPROCS(n) (procresize, traced as
 *   Gomaxprocs), pool size = carriers (Ms), mounted = Gs running on a P, queued = runnable Gs.
 * The JDK's pool that VirtualThread still holds in DEFAULT_SCHEDULER stays unused. With
 * scheduler=fjp no view is installed and both tools see that pool, as without the agent.
 * A limit: the MXBean caches the scheduler at its first use, so an agent attached later
 * (agentmain) is seen only if nothing asked the MXBean before.
 */
package gmp4j.agent;

import gmp4j.runtime.Sched;
import java.util.concurrent.ForkJoinPool;

final class SchedPoolView extends ForkJoinPool {
    private final Sched sched;

    SchedPoolView(Sched sched) {
        super(1);
        this.sched = sched;
    }

    @Override
    public int getParallelism() {
        return sched.gomaxprocs();
    }

    /** runtime.GOMAXPROCS(size); returns the previous value, as ForkJoinPool does. */
    @Override
    public int setParallelism(int size) {
        int was = sched.gomaxprocs();
        sched.setGomaxprocs(size);
        return was;
    }

    @Override
    public int getPoolSize() {
        return sched.carriers();
    }

    @Override
    public int getActiveThreadCount() {
        return sched.runningGs();
    }

    @Override
    public int getRunningThreadCount() {
        return sched.runningGs();
    }

    @Override
    public long getQueuedTaskCount() {
        return sched.runnableGs();
    }

    @Override
    public int getQueuedSubmissionCount() {
        return 0; // gmp4j's global queue is counted in getQueuedTaskCount
    }

    @Override
    public boolean hasQueuedSubmissions() {
        return false;
    }

    /** jcmd Thread.vthread_scheduler prints this: gmp4j's state as one schedtrace line. */
    @Override
    public String toString() {
        return "gmp4j G/M/P scheduler[" + sched.schedtraceLine() + ", running=" + sched.runningGs()
                + ", runnable=" + sched.runnableGs() + "]";
    }
}
