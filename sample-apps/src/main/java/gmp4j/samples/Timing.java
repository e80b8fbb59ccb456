package gmp4j.samples;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --duration} and {@code --warmup} of the samples that measure a steady state (a picocli mixin). */
final class Timing {

    @Option(names = "--duration", defaultValue = "3s", converter = DurationConverter.class,
            description = "measured duration (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "500ms", converter = DurationConverter.class,
            description = "unmeasured warm-up before it (default: ${DEFAULT-VALUE})")
    Duration warmup;

    /** Rejects a zero duration or a negative warm-up as misuse, and records both in the result. */
    Result params(Sample sample, Result result) {
        sample.require(duration.isPositive() && !warmup.isNegative(), "--duration must be positive, --warmup not negative");
        return result.param("duration_ms", duration.toMillis()).param("warmup_ms", warmup.toMillis());
    }
}
