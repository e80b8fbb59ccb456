/*
 * Exporters: PLACEHOLDER for the exporters (Go execution trace, Perfetto), which are built on
 * another branch on top of RecordingReader / SchedEvent. `gmp4j export` calls export(); this
 * version only says that the build has no exporters. Replace this whole class.
 */
package gmp4j.analyzer.export;

import gmp4j.analyzer.BadInputException;
import java.nio.file.Path;

public final class Exporters {
    private Exporters() {
    }

    /**
     * Writes recording `in` to `out` in `format` ("go" or "perfetto"); returns the exit code.
     * Throws gmp4j.analyzer.BadInputException (one line, exit code 2) for bad input.
     */
    public static int export(Path in, String format, Path out) {
        throw new BadInputException("not implemented in this build");
    }
}
