/*
 * FanOut: REQUESTS concurrent requests, each a virtual thread that starts SUBTASKS subtask
 * virtual threads, waits for all of them on a CountDownLatch (Go's sync.WaitGroup) and sums
 * their results. Each subtask does a tiny bit of CPU work (Blackhole.consumeCPU) and stores a
 * result. The JMH thread starts the requests and joins them.
 *
 * One operation is one request (@OperationsPerInvocation(REQUESTS)); the score is microseconds per
 * request of 100 subtasks while 8 such requests run concurrently.
 */
package gmp4j.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(FanOut.REQUESTS)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 8, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class FanOut {

    static final int REQUESTS = 8;
    static final int SUBTASKS = 100;
    /** Blackhole.consumeCPU tokens per subtask: a few hundred nanoseconds. */
    static final long WORK = 100;

    static final class Request implements Runnable {
        private final Schedulers s;
        private final int id;
        long result = -1;

        Request(Schedulers s, int id) {
            this.s = s;
            this.id = id;
        }

        @Override
        public void run() {
            CountDownLatch done = new CountDownLatch(SUBTASKS);
            long[] results = new long[SUBTASKS];
            for (int i = 0; i < SUBTASKS; i++) {
                int k = i;
                s.start(() -> {
                    Blackhole.consumeCPU(WORK);
                    results[k] = (long) id * SUBTASKS + k;
                    done.countDown();
                });
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long sum = 0;
            for (long r : results) {
                sum += r;
            }
            result = sum;
        }
    }

    @Benchmark
    public long fanOut(Schedulers s) throws InterruptedException {
        Request[] requests = new Request[REQUESTS];
        Thread[] threads = new Thread[REQUESTS];
        for (int r = 0; r < REQUESTS; r++) {
            requests[r] = new Request(s, r);
            threads[r] = s.start(requests[r]);
        }
        long total = 0;
        for (int r = 0; r < REQUESTS; r++) {
            threads[r].join();
            total += requests[r].result;
        }
        long n = (long) REQUESTS * SUBTASKS;
        if (total != n * (n - 1) / 2) {
            throw new AssertionError("fan-out total " + total + " != " + n * (n - 1) / 2);
        }
        return total;
    }
}
