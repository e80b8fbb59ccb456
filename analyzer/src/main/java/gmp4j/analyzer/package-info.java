/**
 * gmp4j's analyzer: reads the gmp4j.* JFR events the agent records (notes/EVENTS.md) and turns
 * them into Go-style analyses.
 *
 * <p>The reading core, for every consumer (analyses, exporters):
 * <ul>
 *   <li>{@link gmp4j.analyzer.SchedEvent}: one record per event kind, time in epoch nanoseconds;</li>
 *   <li>{@link gmp4j.analyzer.RecordingReader#read}: streams a file's gmp4j events in time order to
 *       a consumer in bounded memory, with a {@link gmp4j.analyzer.Progress} callback, and returns
 *       the {@link gmp4j.analyzer.RecordingInfo} (time span from the chunk headers);</li>
 *   <li>{@link gmp4j.analyzer.BadInputException}: anything wrong with the input, one line for the user.</li>
 * </ul>
 */
package gmp4j.analyzer;
