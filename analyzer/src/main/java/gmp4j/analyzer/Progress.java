/*
 * Progress: how far a RecordingReader has got through a file, as a fraction from 0 to 1
 * (estimated from event times against the recording's time span). Called at most every few
 * thousand events, always on the reading thread, and once with 1.0 at the end.
 */
package gmp4j.analyzer;

@FunctionalInterface
public interface Progress {
    Progress NONE = fraction -> { };

    void update(double fraction);
}
