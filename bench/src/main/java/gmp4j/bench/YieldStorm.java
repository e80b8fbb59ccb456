/*
 * YieldStorm: THREADS virtual threads each call Thread.yield() YIELDS times (100 x 1000 = 100 000
 * yields per operation); the JMH thread starts them all and joins them. Measures the cost of a
 * virtual thread giving up its carrier and being rescheduled (gmp4j: Gosched, the G goes to the
 * global run queue) with many runnable threads competing. Score: milliseconds per operation.
 */
package gmp4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 8, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class YieldStorm {

    static final int THREADS = 100;
    static final int YIELDS = 1000;

    @Benchmark
    public void yieldStorm(Schedulers s) throws InterruptedException {
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            threads[i] = s.start(() -> {
                for (int j = 0; j < YIELDS; j++) {
                    Thread.yield();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
