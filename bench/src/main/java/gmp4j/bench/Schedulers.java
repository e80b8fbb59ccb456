/*
 * Schedulers: the scheduler arm every benchmark is parameterised by, so that one JMH invocation
 * reports both. Benchmark methods take it as an argument; JMH reports its @Param as "scheduler".
 *
 *  - "fjp": the JDK's default virtual-thread scheduler (its ForkJoinPool), i.e. Thread.ofVirtual().
 *  - "gmp": a gmp4j Sched with GOMAXPROCS = availableProcessors (or -Dgmp4j.bench.gomaxprocs), created per trial (once per
 *    fork) and shut down in @TearDown. Building its virtual threads needs
 *    `--add-opens java.base/java.lang=ALL-UNNAMED` (the @Fork of every benchmark passes it).
 *
 * Both arms hand out unnamed virtual threads through a ThreadFactory (Thread.Builder itself is
 * not thread-safe; its factory() is, and keeps the builder's scheduler), so virtual threads can
 * start further virtual threads of the same arm.
 */
package gmp4j.bench;

import gmp4j.runtime.Sched;
import gmp4j.runtime.SchedConfig;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

@State(Scope.Benchmark)
public class Schedulers {

    @Param({"fjp", "gmp"})
    public String scheduler;

    private Sched sched;
    private Thread.Builder.OfVirtual builder;
    private ThreadFactory factory;

    @Setup(Level.Trial)
    public void setUp() {
        switch (scheduler) {
            case "fjp" -> builder = Thread.ofVirtual();
            case "gmp" -> {
                // Match the JDK pool's -Djdk.virtualThreadScheduler.parallelism when comparing at other sizes.
                int n = Integer.getInteger("gmp4j.bench.gomaxprocs", Runtime.getRuntime().availableProcessors());
                sched = new Sched(SchedConfig.defaults().withGomaxprocs(n));
                builder = sched.threadBuilder();
            }
            default -> throw new IllegalArgumentException("unknown scheduler: " + scheduler + " (fjp or gmp)");
        }
        factory = builder.factory();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (sched != null) {
            sched.shutdown();
            if (!sched.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gmp4j carriers did not exit within 10 s after shutdown: "
                        + sched.schedtraceLine());
            }
            sched = null;
        }
    }

    /** A new, unstarted virtual thread of this arm. Thread-safe. */
    public Thread newThread(Runnable task) {
        return factory.newThread(task);
    }

    /** Starts a virtual thread of this arm. Thread-safe. */
    public Thread start(Runnable task) {
        Thread t = factory.newThread(task);
        t.start();
        return t;
    }

    /** The gmp4j scheduler of the "gmp" arm, null for "fjp". */
    public Sched sched() {
        return sched;
    }
}
