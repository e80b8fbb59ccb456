/*
 * RecordingInfo: what the chunk headers of a .jfr file say, read before any event is parsed:
 * its size, number of chunks and the time span it covers (nanoseconds since the epoch).
 * RecordingReader.inspect builds it; it is also how a file is recognised as JFR at all.
 */
package gmp4j.analyzer;

import java.nio.file.Path;

public record RecordingInfo(Path path, long sizeBytes, int chunks, long startNanos, long endNanos) {

    public long durationNanos() {
        return endNanos - startNanos;
    }
}
