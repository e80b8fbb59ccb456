/*
 * Skynet (https://github.com/atemerev/skynet): a 10-ary tree of virtual threads; each leaf returns
 * its number, each parent starts its 10 children, joins them and returns their sum. With the
 * default size (10^6 leaves, depth 6) one operation starts 1 111 111 virtual threads and must
 * total 499 999 500 000 (asserted: a wrong sum fails the run).
 *
 * Results travel through plain fields of the Node objects: Thread.join gives the happens-before
 * edge. No platform-thread pool is involved; the JMH thread only starts the root and joins it.
 * `size` is a @Param so that the smoke test can run a small tree (it must be a power of 10).
 * Score: milliseconds per skynet. The heap is fixed (-Xms2g -Xmx2g, ParallelGC) for both arms,
 * since a large part of the cost is allocating and collecting 1.1 M threads and their stacks.
 */
package gmp4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 8, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class Skynet {

    static final int DIV = 10;

    /** Number of leaves; a power of 10 (10^6 = the classic skynet). */
    @Param("1000000")
    public int size;

    private long expected;

    @Setup(Level.Trial)
    public void check() {
        long n = size;
        while (n > 1 && n % DIV == 0) {
            n /= DIV;
        }
        if (n != 1) {
            throw new IllegalArgumentException("skynet size must be a power of " + DIV + ": " + size);
        }
        expected = (long) size * (size - 1) / 2;
    }

    @Benchmark
    public long skynet(Schedulers s) throws InterruptedException {
        Node root = new Node(s, 0, size);
        s.start(root).join();
        if (root.sum != expected) {
            throw new AssertionError("skynet sum " + root.sum + " != " + expected);
        }
        return root.sum;
    }

    static final class Node implements Runnable {
        private final Schedulers s;
        private final long num;
        private final int size;
        long sum = -1;

        Node(Schedulers s, long num, int size) {
            this.s = s;
            this.num = num;
            this.size = size;
        }

        @Override
        public void run() {
            if (size == 1) {
                sum = num;
                return;
            }
            int child = size / DIV;
            Node[] nodes = new Node[DIV];
            Thread[] threads = new Thread[DIV];
            for (int i = 0; i < DIV; i++) {
                nodes[i] = new Node(s, num + (long) i * child, child);
                threads[i] = s.start(nodes[i]);
            }
            long total = 0;
            try {
                for (int i = 0; i < DIV; i++) {
                    threads[i].join();
                    total += nodes[i].sum;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // sum stays -1: the root's check fails
            }
            sum = total;
        }
    }
}
