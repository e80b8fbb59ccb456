/*
 * Main: the analyzer's command line, `gmp4j analyze | compare | export` (picocli). It is the
 * Main-Class of the agent jar, so `java -jar gmp4j-agent.jar analyze rec.jfr` works; the agent's
 * premain path never touches this package.
 *
 * Exit codes: 0 done; 2 bad usage or bad input (one line on stderr: what is wrong, never a stack
 * trace); 1 an internal error (also one line; GMP4J_DEBUG=1 adds the stack trace).
 */
package gmp4j.analyzer;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "gmp4j", mixinStandardHelpOptions = true, version = "gmp4j analyzer 0.1.0",
        description = "Analyse JFR recordings of gmp4j's scheduler events.",
        subcommands = {AnalyzeCommand.class, CompareCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No sub-command: say which exist.
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: analyze, compare or export");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, a) -> {
            String cmd = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(cmd + ": " + RecordingReader.oneLine(e)
                    + " (see '" + cmd + " --help')");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            String cmd = c.getCommandSpec().qualifiedName();
            if (e instanceof BadInputException) {
                c.getErr().println(cmd + ": " + e.getMessage());
                return BAD_INPUT;
            }
            c.getErr().println(cmd + ": internal error: " + e.getClass().getSimpleName() + ": "
                    + RecordingReader.oneLine(e) + " (GMP4J_DEBUG=1 shows where)");
            if (System.getenv("GMP4J_DEBUG") != null) {
                e.printStackTrace(c.getErr());
            }
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
