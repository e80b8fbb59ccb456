/*
 * ExportCommand: `gmp4j export REC.jfr --format go|perfetto -o OUT`, the recording in another
 * tool's format. Only the command line lives here; the conversion is gmp4j.analyzer.export.Exporters
 * (Go execution trace for `go tool trace`, Perfetto / Chrome trace JSON).
 */
package gmp4j.analyzer;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Convert a gmp4j JFR recording to a Go execution trace (go tool trace) or a Perfetto trace.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REC.jfr", description = "recording made with the gmp4j agent and JFR on")
    Path recording;

    @Option(names = "--format", required = true, paramLabel = "go|perfetto", description = "output format: go or perfetto")
    String format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "file to write")
    Path output;

    @Override
    public Integer call() {
        return gmp4j.analyzer.export.Exporters.export(recording, format, output);
    }
}
