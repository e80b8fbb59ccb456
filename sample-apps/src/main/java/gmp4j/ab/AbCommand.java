/*
 * AbCommand: `./gmp4j ab SCENARIO` runs one sample twice in fresh JVMs with identical flags (heap,
 * GC, GOMAXPROCS and jdk.virtualThreadScheduler.parallelism, the same agent jar and JFR profile),
 * once on the JDK's ForkJoinPool (agent option scheduler=fjp: nothing is rescheduled, only the
 * same events are recorded) and once on gmp4j, then sets side by side the sample's own figures
 * (its GMP4J-RESULT line) and the analyzer's figures of both recordings, with ratios gmp4j/FJP,
 * and writes an HTML comparison. With --repeat N the arms alternate (FJP first on odd rounds, gmp4j
 * first on even ones) so that a drift of the machine hits both, and the table shows medians and
 * the spread (min..max) of each arm. A failed child run stops the comparison with its output.
 */
package gmp4j.ab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ab",
        description = "Run a sample on the JDK's ForkJoinPool and on gmp4j (fresh JVMs, identical flags, a JFR"
                + " recording each) and compare: the sample's figures and the analyzer's, with ratios gmp4j/FJP.")
public final class AbCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "a sample: ${COMPLETION-CANDIDATES}",
            completionCandidates = Scenario.Names.class)
    String scenario;

    @Parameters(index = "1..*", paramLabel = "SAMPLE-ARGS", description = "more options for the sample (after --)")
    List<String> sampleArgs = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "D", description = "how long the sample runs in each arm, e.g. 5s;"
            + " server scenarios: each measured wrk run"
            + " (default: the scenario's)")
    String duration;

    @Option(names = "--warmup", paramLabel = "D", description = "server scenarios: unmeasured wrk run before each"
            + " measured one, whole seconds, 0s for none (default: " + ServerLoad.DEFAULT_WARMUP + ")")
    String warmup;

    @Option(names = "--gomaxprocs", paramLabel = "N", defaultValue = "2",
            description = "GOMAXPROCS for gmp4j and parallelism for the ForkJoinPool (default: ${DEFAULT-VALUE})")
    int gomaxprocs;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "run each arm N times, alternating, and report medians and spread (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--heap", defaultValue = "1g", description = "-Xms and -Xmx of both arms (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--profile", defaultValue = "trace",
            description = "JFR profile of both arms: trace (every event) or gmp4j (low overhead) (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/gmp4j-report",
            description = "where the recordings, the arms' output and the HTML report go (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        Scenario s = Scenario.named(scenario);
        if (repeat < 1 || gomaxprocs < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--repeat and --gomaxprocs take a positive number");
        }
        if (duration != null && s.defaultDuration() == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), s.name()
                    + " does a fixed amount of work and takes no --duration; pass its own size options after --");
        }
        if (warmup != null && s.load() == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--warmup is for the server scenarios;"
                    + " pass a sample's own warm-up option after --");
        }
        if (s.load() != null) {
            for (String d : new String[] {duration, warmup}) {
                try {
                    if (d != null) {
                        parse(d);
                    }
                } catch (CommandLine.TypeConversionException e) {
                    throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
                }
            }
        }
        try {
            AbResult result = run(s, new Settings(duration != null ? duration : s.defaultDuration(), gomaxprocs, repeat,
                    heap, profile, out, sampleArgs, warmup));
            System.out.print(result.summary());
            System.out.print(result.table());
            System.out.println("HTML report: " + result.writeReport(out).toAbsolutePath());
            return 0;
        } catch (ArmRun.AbException e) {
            System.err.println("gmp4j ab: " + e.getMessage());
            return 1;
        }
    }

    /** The knobs both arms share; warmup (server scenarios only) null for the default. */
    record Settings(String duration, int gomaxprocs, int repeat, String heap, String profile, Path out,
            List<String> sampleArgs, String warmup) {

        Settings(String duration, int gomaxprocs, int repeat, String heap, String profile, Path out, List<String> sampleArgs) {
            this(duration, gomaxprocs, repeat, heap, profile, out, sampleArgs, null);
        }

        /** The server scenarios' warm-up. */
        String serverWarmup() {
            return warmup != null ? warmup : ServerLoad.DEFAULT_WARMUP;
        }
    }

    /** Runs the rounds of one scenario and analyses them. Used by `ab` and by `demo`. */
    static AbResult run(Scenario s, Settings settings) throws Exception {
        Settings set = settings;
        Files.createDirectories(set.out());
        List<ArmRun> fjp = new ArrayList<>();
        List<ArmRun> gmp = new ArrayList<>();
        for (int round = 1; round <= set.repeat(); round++) {
            List<Arm> order = round % 2 == 1 ? List.of(Arm.FJP, Arm.GMP) : List.of(Arm.GMP, Arm.FJP);
            for (Arm arm : order) {
                System.err.printf("gmp4j ab: %s on %s (round %d of %d, %s)...%n", s.name(), arm.label(), round,
                        set.repeat(), set.duration());
                ArmRun r = ArmRun.launch(s, arm, round, set);
                (arm == Arm.FJP ? fjp : gmp).add(r);
                set = sameCpuWork(s, set, r);
            }
        }
        return new AbResult(s, settings, fjp, gmp);
    }

    /**
     * The server sample calibrates its /cpu endpoint at start-up (Work.spin iterations per ms of CPU
     * time), which a busy machine can skew: every arm after the first gets the first arm's figure,
     * so that a /cpu request is the same work in both arms.
     */
    private static Settings sameCpuWork(Scenario s, Settings set, ArmRun first) {
        String option = "--cpu-iterations-per-ms";
        if (s.load() == null || set.sampleArgs().stream().anyMatch(a -> a.startsWith(option))
                || !(first.figures().get("cpu_iterations_per_ms") instanceof Number n)) {
            return set;
        }
        List<String> args = new ArrayList<>(set.sampleArgs());
        args.addAll(List.of(option, String.valueOf(n.longValue())));
        return new Settings(set.duration(), set.gomaxprocs(), set.repeat(), set.heap(), set.profile(), set.out(), args,
                set.warmup());
    }

    /** Parses a duration the way the samples do, for the child-JVM watchdog. */
    static Duration parse(String d) {
        return new gmp4j.samples.DurationConverter().convert(d);
    }

    public static void main(String[] args) {
        System.exit(commandLine(new AbCommand()).execute(args));
    }

    /** picocli with the samples' conventions: misuse is one line and exit code 2. */
    static CommandLine commandLine(Object command) {
        return new CommandLine(command).setParameterExceptionHandler((e, a) -> {
            System.err.println("gmp4j " + e.getCommandLine().getCommandName() + ": " + e.getMessage()
                    + " (--help for usage)");
            return 2;
        });
    }
}
