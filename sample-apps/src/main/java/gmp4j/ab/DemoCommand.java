/*
 * DemoCommand: `./gmp4j demo`, the short A/B tour: hog-latency (what preemption buys), ping-pong
 * (what runnext buys) and http (a server under load), each once on the JDK's ForkJoinPool and once
 * on gmp4j, under a minute once built. Prints each table and writes OUT/index.html, which links
 * every scenario's comparison.
 */
package gmp4j.ab;

import gmp4j.analyzer.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo",
        description = "A short A/B of hog-latency, ping-pong and http on the JDK's ForkJoinPool and on gmp4j.")
public final class DemoCommand implements Callable<Integer> {
    static final List<String> SCENARIOS = List.of("hog-latency", "ping-pong", "http");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--duration", description = "per scenario and arm (default: each scenario's own, 3-5 s)")
    String duration;

    @Option(names = "--gomaxprocs", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
    int gomaxprocs;

    @Option(names = "--out", defaultValue = "target/gmp4j-report", description = "(default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        StringBuilder index = new StringBuilder();
        for (String name : SCENARIOS) {
            AbResult r;
            Scenario s = Scenario.named(name);
            try {
                r = AbCommand.run(s, new AbCommand.Settings(duration != null ? duration : s.defaultDuration(), gomaxprocs, 1, "1g",
                        "trace", out, List.of()));
            } catch (ArmRun.AbException e) {
                System.err.println("gmp4j demo: " + e.getMessage());
                return 1;
            }
            System.out.print(r.table());
            Path html = r.writeReport(out);
            index.append("<h2><a href=\"").append(HtmlReport.escape(html.getFileName().toString())).append("\">")
                    .append(HtmlReport.escape(name)).append("</a></h2>\n<pre>").append(HtmlReport.escape(r.table()))
                    .append("</pre>\n");
        }
        Path page = out.resolve("index.html");
        Files.writeString(page, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>gmp4j demo</title>"
                + "<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1000px}pre{font-size:12px}</style>"
                + "</head><body><h1>gmp4j demo: ForkJoinPool vs gmp4j</h1>\n" + index + "</body></html>\n");
        System.out.println();
        System.out.println("HTML report: " + page.toAbsolutePath());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(AbCommand.commandLine(new DemoCommand()).execute(args));
    }
}
