package gmp4j.samples;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * CPU-bound virtual threads against a latency probe. Two hogs spin in loops without calls while a
 * probe virtual thread sleeps 1 ms in a loop; the figures are how often the probe woke while the
 * hogs ran and how late it woke.
 *
 * <p>The hogs run through a warm-up first (--warmup); the figures are from the window after it.
 *
 * <p>Meant for two carriers ({@code -Djdk.virtualThreadScheduler.parallelism=2} on the JDK's pool,
 * {@code gomaxprocs=2} on gmp4j) and two hogs: the hogs then hold every carrier. Without preemption
 * the probe gets no wake-up until the hogs stop (its one late wake-up shows as the max lateness);
 * a scheduler that preempts after a time slice lets it wake every slice or so.
 */
@Command(name = "hog-latency",
        description = {"CPU-bound hog virtual threads vs a probe sleeping 1 ms in a loop: how often and how late the probe wakes.",
                "Run with as many hogs as carriers (e.g. -Djdk.virtualThreadScheduler.parallelism=2, or gomaxprocs=2 for gmp4j)."})
public final class HogLatency extends Sample {

    @Mixin
    Timing timing;

    @Mixin
    HogOptions hogs;

    @Option(names = "--shape", defaultValue = "int-loop", converter = HogShape.Converter.class,
            description = "loop shape of the hogs: spin-loop, int-loop, long-loop, recursion, leaf-call, stream, "
                    + "synchronized, sort (default: int-loop)")
    HogShape shape;

    static final int SORT_SIZE = 1_000_000;

    public static void main(String[] args) {
        Sample.main(new HogLatency(), args);
    }

    @Override
    Result measure() throws Exception {
        Result r = hogs.params(this, timing.params(this, result()), 0).param("shape", shape.kebab);
        Duration duration = timing.duration;
        HogWindow w = HogWindow.run(shape, hogs.count, Hog.sortInput(shape, SORT_SIZE), hogs.interval,
                timing.warmup, duration);
        return r
                .figure("hogs_started", "hogs running", w.hogsStarted(), "")
                .figure("wakeups", "probe wake-ups", w.wakeups(), "")
                .figure("wakeups_per_s", "probe wake-ups/s", w.wakeups() / (duration.toNanos() / 1e9), "")
                .latency("lateness", "probe lateness", w.lateness());
    }
}
