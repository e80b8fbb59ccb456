package gmp4j.samples;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which shapes of CPU-bound code get preempted. For each {@link HogShape} in turn, two hogs of that
 * shape run on (meant to be) two carriers for a short window while the {@link Probe} sleeps 1 ms in
 * a loop. A probe wake-up whose sleep began after both hogs were running means a hog gave up its
 * carrier, i.e. was preempted; the probe's p99 and max lateness say how promptly.
 *
 * <p>On the JDK's ForkJoinPool no shape is preempted. Under an agent that instruments application
 * code, the loops inside JDK methods (the sort, the stream's element loop) are not instrumented:
 * they can be preempted at most where they call back into application code (the stream's lambdas,
 * if the agent gives such small methods a check at all) or return to it (the loop around each
 * sort), so their lateness is bounded by that distance.
 */
@Command(name = "preemption-coverage",
        description = {"For each shape of CPU-bound code (spin loop, counted loops, recursion, leaf calls, stream, "
                + "synchronized, JDK sort): were two such hogs on two carriers preempted, and how late did a 1 ms probe wake?",
                "Run with as many hogs as carriers (e.g. -Djdk.virtualThreadScheduler.parallelism=2, or gomaxprocs=2 for gmp4j)."})
public final class PreemptionCoverage extends Sample {

    @Option(names = "--window", defaultValue = "500ms", converter = DurationConverter.class,
            description = "how long each shape's hogs run (default: ${DEFAULT-VALUE})")
    Duration window;

    @Mixin
    HogOptions hogs;

    @Option(names = "--sort-size", defaultValue = "1000000",
            description = "Integers per sort in the sort shape (default: ${DEFAULT-VALUE})")
    int sortSize;

    public static void main(String[] args) {
        Sample.main(new PreemptionCoverage(), args);
    }

    @Override
    Result measure() throws Exception {
        require(sortSize >= 1, "--sort-size must be at least 1");
        require(window.isPositive(), "--window must be positive");
        Result r = hogs.params(this, result().param("window_ms", window.toMillis()), 1).param("sort_size", sortSize);
        r.line(String.format("%-14s %9s  %-9s %12s %12s", "shape", "wake-ups", "preempted", "p99 late", "max late"));
        int preempted = 0;
        for (HogShape shape : HogShape.values()) {
            HogWindow w = HogWindow.run(shape, hogs.count, Hog.sortInput(shape, sortSize), hogs.interval, Duration.ZERO, window);
            String key = shape.kebab.replace('-', '_');
            boolean yes = w.wakeups() > 0;
            preempted += yes ? 1 : 0;
            long p99 = w.lateness().getValueAtPercentile(99);
            long max = w.lateness().getMaxValue();
            r.put(key + "_wakeups", w.wakeups())
                    .put(key + "_preempted", yes ? "yes" : "no")
                    .put(key + "_p99_us", Result.micros(p99))
                    .put(key + "_max_us", Result.micros(max));
            r.line(String.format("%-14s %9d  %-9s %12s %12s", shape.kebab, w.wakeups(), yes ? "yes" : "no",
                    Result.human(p99), Result.human(max)));
        }
        return r.figure("preempted_shapes", "shapes preempted", preempted, "of " + HogShape.values().length)
                .line("A shape counts as preempted when the probe woke while its hogs held the carriers;")
                .line("with more carriers than hogs the probe wakes anyway. JDK-internal loops (sort, the")
                .line("stream's element loop) are not instrumented: expect them to be preempted at most where")
                .line("they call back into application code (a lambda, a comparator) or return to it")
                .line("(between sorts).");
    }
}
