package gmp4j.samples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The jar's entry point: {@code java -jar gmp4j-samples.jar <sample> [options]} runs the sample of
 * that kebab-case name, exactly as its own main would ({@code java -cp gmp4j-samples.jar
 * gmp4j.samples.HogLatency ...}); {@code --help} lists the samples.
 */
@Command(name = "gmp4j-samples",
        description = "Sample workloads for comparing virtual-thread schedulers. Each prints a short block of figures, "
                + "then one line 'GMP4J-RESULT {json}'. '<sample> --help' lists a sample's options.",
        synopsisSubcommandLabel = "<sample>",
        commandListHeading = "Samples:%n",
        subcommands = {HogLatency.class, PreemptionCoverage.class, PingPong.class, Skynet.class, FanOut.class,
                Http.class, FileIo.class, SleepStorm.class, Server.class})
public final class Samples implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    public static void main(String[] args) {
        Sample.main(new Samples(), args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a sample: " + String.join(", ", spec.subcommands().keySet()));
    }
}
