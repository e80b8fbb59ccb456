package gmp4j.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The skynet benchmark: a tree of virtual threads, each level spawning 10 children, down to 1M
 * leaves (1,111,111 threads in all); each thread returns the sum of its subtree's leaf numbers, so
 * the root returns 0 + 1 + ... + 999,999. Measures thread creation, start, and join at scale, and,
 * since every thread allocates, the GC: compare schedulers with identical GC and heap flags.
 */
@Command(name = "skynet",
        description = "1M virtual threads in a tree (each level spawns 10 children) summing their numbers: time per run.")
public final class Skynet extends Sample {

    @Option(names = {"--size", "--threads"}, defaultValue = "1000000",
            description = "leaves of the tree, a power of --branches (default: ${DEFAULT-VALUE})")
    long size;

    @Option(names = "--branches", defaultValue = "10",
            description = "children per thread (default: ${DEFAULT-VALUE})")
    int branches;

    @Option(names = "--reps", defaultValue = "3",
            description = "measured runs (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--warmups", defaultValue = "1",
            description = "unmeasured runs first (default: ${DEFAULT-VALUE})")
    int warmups;

    public static void main(String[] args) {
        Sample.main(new Skynet(), args);
    }

    @Override
    Result measure() throws Exception {
        require(branches >= 2, "--branches must be at least 2");
        require(isPowerOf(size, branches), "--size must be a power of --branches (" + branches + "), e.g. 1000000");
        require(reps >= 1 && warmups >= 0, "--reps must be at least 1, --warmups not negative");
        long expected = size * (size - 1) / 2;
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run < warmups + reps; run++) {
            long t0 = System.nanoTime();
            long[] sum = new long[1];
            Thread root = Thread.ofVirtual().start(() -> sum[0] = skynet(0, size));
            root.join();
            double ms = (System.nanoTime() - t0) / 1e6;
            if (sum[0] != expected) {
                throw new IllegalStateException("skynet summed " + sum[0] + ", expected " + expected);
            }
            if (run >= warmups) {
                millis.add(ms);
            }
        }
        double mean = millis.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return result()
                .param("size", size)
                .param("branches", branches)
                .param("reps", reps)
                .param("warmups", warmups)
                .figure("threads", "virtual threads per run", threadsPerRun(), "")
                .figure("time_ms_mean", "mean time", mean, "ms")
                .figure("time_ms_min", "min time", millis.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), "ms")
                .figure("time_ms_max", "max time", millis.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), "ms")
                .param("times_ms", millis.stream().map(m -> String.format("%.1f", m)).collect(Collectors.joining(" ")));
    }

    /** Sum of the leaf numbers num .. num+size-1, each subtree on its own virtual thread. */
    private long skynet(long num, long size) {
        if (size == 1) {
            return num;
        }
        long childSize = size / branches;
        Thread[] children = new Thread[branches];
        long[] sums = new long[branches];
        for (int i = 0; i < branches; i++) {
            int slot = i;
            long childNum = num + i * childSize;
            children[i] = Thread.ofVirtual().start(() -> sums[slot] = skynet(childNum, childSize));
        }
        long total = 0;
        for (int i = 0; i < branches; i++) {
            try {
                children[i].join(); // orders the child's write to sums[i] before this read
            } catch (InterruptedException e) {
                throw new IllegalStateException("skynet thread interrupted", e);
            }
            total += sums[i];
        }
        return total;
    }

    private long threadsPerRun() {
        long threads = 0;
        for (long level = 1; level <= size; level *= branches) {
            threads += level;
        }
        return threads;
    }

    private static boolean isPowerOf(long n, int base) {
        if (n < 1) {
            return false;
        }
        while (n % base == 0) {
            n /= base;
        }
        return n == 1;
    }
}
