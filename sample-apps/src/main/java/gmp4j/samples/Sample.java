package gmp4j.samples;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every sample shares: picocli wiring with one-line errors, option checks, and printing the
 * {@link Result} the sample measured.
 *
 * <p>Each sample is a picocli command (its options are its own fields) and a runnable main. The
 * samples use only public JDK APIs, so the same jar runs unchanged on the JDK's ForkJoinPool and
 * under {@code -javaagent:gmp4j-agent.jar}; that is what the A/B runner compares.
 *
 * <p>Exit codes: 0 success; 2 misuse (bad or unknown option, out-of-range value), one line on
 * stderr; 1 the measurement itself failed (one line naming the exception, never a stack trace).
 */
abstract class Sample implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    /** Runs the workload and returns its figures. */
    abstract Result measure() throws Exception;

    @Override
    public final Integer call() throws Exception {
        measure().print(System.out);
        return 0;
    }

    /** A result named after this sample's command. */
    final Result result() {
        return new Result(spec.name());
    }

    /** Rejects a bad option value as CLI misuse (exit code 2). */
    final void require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println(failed.getCommandName() + ": " + ex.getMessage() + " (--help lists the options)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            failed.getErr().println(failed.getCommandName() + ": failed: " + ex);
            return 1;
        });
        return cl;
    }

    /** The body of every sample's {@code main} and of {@link Samples#main}. */
    static void main(Object command, String[] args) {
        int code = commandLine(command).execute(args);
        System.out.flush();
        System.exit(code);
    }
}
