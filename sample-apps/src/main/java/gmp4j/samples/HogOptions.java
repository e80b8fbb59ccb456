package gmp4j.samples;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --hogs} and the probe's {@code --interval}, shared by the hog samples (a picocli mixin). */
final class HogOptions {

    @Option(names = {"--hogs", "--threads"}, defaultValue = "2",
            description = "hog virtual threads, as many as carriers (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--interval", defaultValue = "1ms", converter = DurationConverter.class,
            description = "the probe's sleep (default: ${DEFAULT-VALUE})")
    Duration interval;

    /** Rejects fewer than {@code minHogs} hogs or a zero interval as misuse, and records both in the result. */
    Result params(Sample sample, Result result, int minHogs) {
        sample.require(count >= minHogs, "--hogs must be at least " + minHogs);
        sample.require(interval.isPositive(), "--interval must be positive");
        return result.param("hogs", count).param("interval_us", interval.toNanos() / 1000);
    }
}
