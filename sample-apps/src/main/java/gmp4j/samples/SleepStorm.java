package gmp4j.samples;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * 100k virtual threads each sleeping random short times (1-50 ms) for a few rounds: the timer
 * machinery at scale (the JDK's "VirtualThread-unparker" threads, or gmp4j's per-P timer heaps).
 * Reports how late the sleeps ended and how long the whole storm took.
 */
@Command(name = "sleep-storm",
        description = "100k virtual threads sleeping random 1-50 ms, several rounds: timer lateness and total time.")
public final class SleepStorm extends Sample {

    @Option(names = "--threads", defaultValue = "100000",
            description = "sleeping virtual threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--rounds", defaultValue = "5",
            description = "sleeps per thread (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--min", defaultValue = "1ms", converter = DurationConverter.class,
            description = "shortest sleep (default: ${DEFAULT-VALUE})")
    Duration min;

    @Option(names = "--max", defaultValue = "50ms", converter = DurationConverter.class,
            description = "longest sleep (default: ${DEFAULT-VALUE})")
    Duration max;

    public static void main(String[] args) {
        Sample.main(new SleepStorm(), args);
    }

    @Override
    Result measure() throws Exception {
        require(threads >= 1 && rounds >= 1, "--threads and --rounds must be at least 1");
        require(min.isPositive() && max.compareTo(min) >= 0, "--min must be positive and --max at least --min");
        Histogram lateness = new ConcurrentHistogram(3);
        CountDownLatch done = new CountDownLatch(threads);
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        long sleep = ThreadLocalRandom.current().nextLong(minNanos, maxNanos + 1);
                        long start = System.nanoTime();
                        Thread.sleep(Duration.ofNanos(sleep));
                        lateness.recordValue(Math.max(0, System.nanoTime() - start - sleep));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        long spawned = System.nanoTime();
        long limitSeconds = rounds * max.toSeconds() + 60;
        if (!done.await(limitSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(done.getCount() + " of " + threads + " threads still sleeping after " + limitSeconds + " s");
        }
        long total = System.nanoTime() - t0;
        return result()
                .param("threads", threads)
                .param("rounds", rounds)
                .param("min_ms", min.toNanos() / 1e6)
                .param("max_ms", max.toNanos() / 1e6)
                .figure("sleeps", "sleeps", lateness.getTotalCount(), "")
                .figure("total_ms", "total time", total / 1e6, "ms")
                .figure("spawn_ms", "time to start all threads", (spawned - t0) / 1e6, "ms")
                .latency("lateness", "sleep lateness", lateness);
    }
}
