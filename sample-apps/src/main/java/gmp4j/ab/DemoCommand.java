/*
 * DemoCommand: `./gmp4j demo`, the short A/B tour: server-mixed first (Tomcat on virtual threads,
 * short requests while others compute, loaded by wrk: what gmp4j is for), then hog-latency (what
 * preemption buys), ping-pong (what runnext buys) and http (the JDK's server under an in-process
 * load), each once on the JDK's ForkJoinPool and once on gmp4j, about a minute once built. Prints
 * each scenario's verdict and headline figures (the full tables too with --full) and writes
 * OUT/index.html, a dashboard with each scenario's verdict, figures and plot, linking its page.
 * Without wrk (the launcher installs it or says how) server-mixed is skipped with a note saying so.
 */
package gmp4j.ab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo",
        description = "A short A/B of server-mixed, hog-latency, ping-pong and http on the JDK's ForkJoinPool and on gmp4j.")
public final class DemoCommand implements Callable<Integer> {
    static final List<String> SCENARIOS = List.of("server-mixed", "hog-latency", "ping-pong", "http");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--duration", description = "per scenario and arm (default: each scenario's own, 3-5 s)")
    String duration;

    @Option(names = "--warmup", description = "server-mixed's unmeasured wrk run (default: " + ServerLoad.DEFAULT_WARMUP + ")")
    String warmup;

    @Option(names = "--gomaxprocs", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
    int gomaxprocs;

    @Option(names = "--full", description = "also print every figure of each scenario (its HTML page has them too)")
    boolean full;

    @Option(names = "--out", defaultValue = "target/gmp4j-report", description = "(default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<String> cards = new java.util.ArrayList<>();
        for (String name : SCENARIOS) {
            AbResult r;
            Scenario s = Scenario.named(name);
            if (s.load() != null && System.getProperty("gmp4j.wrk") == null && Wrk.onPath() == null) {
                String note = name + " skipped: it needs wrk, the HTTP load generator (apt-get install wrk)";
                System.err.println("gmp4j demo: " + note);
                cards.add(AbHtml.skipped(name, note));
                continue;
            }
            try {
                r = AbCommand.run(s, new AbCommand.Settings(duration != null ? duration : s.defaultDuration(), gomaxprocs, 1, "1g",
                        "trace", out, List.of(), warmup));
            } catch (ArmRun.AbException e) {
                System.err.println("gmp4j demo: " + e.getMessage());
                return 1;
            }
            System.out.print(r.summary());
            if (full) {
                System.out.print(r.table());
            }
            Path html = r.writeReport(out);
            cards.add(AbHtml.card(r, html.getFileName().toString()));
        }
        Path page = out.resolve("index.html");
        Files.writeString(page, AbHtml.dashboard(cards));
        System.out.println();
        if (!full) {
            System.out.println("Every figure: ./gmp4j demo --full, or each scenario's page.");
        }
        System.out.println("HTML report: " + page.toAbsolutePath());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(AbCommand.commandLine(new DemoCommand()).execute(args));
    }
}
