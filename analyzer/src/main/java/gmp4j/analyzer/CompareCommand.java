/*
 * CompareCommand: `gmp4j compare A.jfr B.jfr [--json] [--html OUT]`, the figures of two
 * recordings side by side with ratios B/A (Comparison); --html writes one self-contained page
 * with plots (HtmlReport).
 */
package gmp4j.analyzer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two gmp4j JFR recordings (e.g. A = the ForkJoinPool arm, B = gmp4j):",
                "every figure of 'analyze' side by side with the ratio B/A."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A.jfr", description = "the baseline recording")
    Path a;

    @Parameters(index = "1", paramLabel = "B.jfr", description = "the recording compared with it")
    Path b;

    @Option(names = "--json", description = "print both reports and the ratios as JSON instead of a table")
    boolean json;

    @Option(names = "--html", paramLabel = "OUT", description = "also write a self-contained HTML report with plots to OUT")
    Path html;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (html != null && (Files.isDirectory(html) || (html.getParent() != null && !Files.isDirectory(html.getParent())))) {
            throw new BadInputException(html + ": cannot write the HTML report there (no such directory)");
        }
        AnalysisReport ra = GoroutineAnalysis.analyze(a, ProgressBar.forFile(a, err));
        AnalysisReport rb = GoroutineAnalysis.analyze(b, ProgressBar.forFile(b, err));
        Comparison c = Comparison.of(ra, rb);
        if (html != null) {
            try {
                Files.writeString(html, HtmlReport.compare(c), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException(html + ": cannot write the HTML report (" + RecordingReader.oneLine(e) + ")");
            }
        }
        if (json) {
            Json.write(c, out);
        } else {
            TextReport.compare(c, out);
            if (html != null) {
                out.println();
                out.println("HTML report: " + html);
            }
        }
        out.flush();
        return 0;
    }
}
