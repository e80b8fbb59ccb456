package gmp4j.agent.apps;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Whether executors whose virtual threads have finished can be garbage collected, as on the
 * JDK's own pool. A finished thread's task holds its executor, so a scheduler that still refers
 * to the thread (through its G, a queue slot, its last timer) keeps the executor reachable.
 *
 * Prints "tpe collected=true|false" for a ThreadPoolExecutor on Thread.ofVirtual().factory()
 * whose one worker ran a task and then timed out, and "per-task uncollected=N" for 2,000
 * newVirtualThreadPerTaskExecutor()s that each ran one short task and were closed, and
 * "per-task from a virtual thread uncollected=N" for 2,000 more made by a virtual thread, with
 * four tasks each.
 *
 * Every strong reference lives in a helper method that returns only WeakReferences: an
 * interpreted frame keeps what its dead locals hold, so main holds nothing but those.
 */
public final class Retention {
    static volatile long sink;
    /** How long the collector gets to clear everything before the answer is "still reachable". */
    static final long GIVE_UP_NS = TimeUnit.SECONDS.toNanos(5);

    public static void main(String[] args) throws Exception {
        WeakReference<ThreadPoolExecutor> tpe = threadPoolExecutorWhoseWorkerEnded();
        System.out.println("tpe collected=" + (uncollectedAfterGc(List.of(tpe)) == 0));

        List<WeakReference<ExecutorService>> perTask = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            perTask.add(closedPerTaskExecutor(i));
        }
        System.out.println("per-task uncollected=" + uncollectedAfterGc(perTask));

        // The same from a virtual thread, four tasks each: its Gs go through the P's runnext and
        // local ring, and idle Ps steal them.
        List<WeakReference<ExecutorService>> fromVirtual = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 2_000; i++) {
                fromVirtual.add(closedPerTaskExecutor(i, 4));
            }
        }).join();
        System.out.println("per-task from a virtual thread uncollected=" + uncollectedAfterGc(fromVirtual));
    }

    /** A pool of one virtual worker that runs one task and times out (keep-alive 10 ms). */
    static WeakReference<ThreadPoolExecutor> threadPoolExecutorWhoseWorkerEnded() throws Exception {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 10, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Thread.ofVirtual().factory());
        e.allowCoreThreadTimeOut(true);
        e.submit(() -> sink++).get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (e.getPoolSize() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the worker did not time out");
            }
            Thread.sleep(1);
        }
        return new WeakReference<>(e);
    }

    static WeakReference<ExecutorService> closedPerTaskExecutor(int i) {
        return closedPerTaskExecutor(i, 1);
    }

    static WeakReference<ExecutorService> closedPerTaskExecutor(int i, int tasks) {
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        for (int k = 0; k < tasks; k++) {
            ex.submit(() -> sink += i);
        }
        ex.close(); // waits for the tasks' threads to terminate
        return new WeakReference<>(ex);
    }

    /** Collects until every referent is gone or GIVE_UP_NS has passed; returns how many remain. */
    static int uncollectedAfterGc(List<? extends WeakReference<?>> refs) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_NS;
        for (;;) {
            System.gc();
            int left = 0;
            for (WeakReference<?> r : refs) {
                if (r.get() != null) {
                    left++;
                }
            }
            if (left == 0 || System.nanoTime() - deadline > 0) {
                return left;
            }
            Thread.sleep(20);
        }
    }
}
