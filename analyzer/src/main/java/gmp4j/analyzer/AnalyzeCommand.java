/*
 * AnalyzeCommand: `gmp4j analyze REC.jfr [--json]`, Go's goroutine analysis of one recording
 * (GoroutineAnalysis), as aligned text tables or, with --json, as JSON for machines.
 */
package gmp4j.analyzer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Goroutine analysis of a gmp4j JFR recording, as Go's trace tool does it:",
                "execution, scheduling wait, block and syscall time per goroutine and per kind,",
                "scheduling latency percentiles, per-P utilisation, preemptions, steals, hand-offs,",
                "Ms over time and the minimum mutator utilisation (MMU) curve."})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REC.jfr", description = "recording made with the gmp4j agent and JFR on")
    Path recording;

    @Option(names = "--json", description = "print the full report as JSON instead of tables")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AnalysisReport report = GoroutineAnalysis.analyze(recording,
                ProgressBar.forFile(recording, spec.commandLine().getErr()));
        if (json) {
            Json.write(report, out);
        } else {
            TextReport.analyze(report, out);
        }
        return 0;
    }
}
