/*
 * Scenario: a sample the A/B runner knows, with how it is given a duration. Samples whose work is
 * a fixed amount (skynet, sleep-storm, preemption-coverage) take their own size options after --.
 * The server scenarios run the server sample until the runner closes its stdin, and put a load on
 * it with wrk in between (ServerLoad); their duration is that of each measured wrk run.
 */
package gmp4j.ab;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ParameterException;

record Scenario(String name, String sample, List<String> args, String defaultDuration, ServerLoad load) {

    Scenario(String name, String sample, List<String> args, String defaultDuration) {
        this(name, sample, args, defaultDuration, null);
    }

    static final List<Scenario> ALL = List.of(
            // /hello, then /sleep, then /io, each on 50 connections: what a server pays for gmp4j when nothing hogs
            new Scenario("server", "server", List.of(), "3s", new ServerLoad(List.of(
                    List.of(new ServerLoad.Stream("hello", "/hello", 50)),
                    List.of(new ServerLoad.Stream("sleep", "/sleep", 50)),
                    List.of(new ServerLoad.Stream("io", "/io", 50))))),
            // short requests on 20 connections while 4 hit a 20 ms CPU-bound endpoint: what preemption buys a server
            new Scenario("server-mixed", "server", List.of(), "5s", new ServerLoad(List.of(List.of(
                    new ServerLoad.Stream("sleep", "/sleep", 20),
                    new ServerLoad.Stream("cpu", "/cpu?ms=20", 4))))),
            new Scenario("hog-latency", "hog-latency", List.of(), "3s"),
            new Scenario("ping-pong", "ping-pong", List.of(), "3s"),
            new Scenario("http", "http", List.of(), "5s"),
            new Scenario("http-mixed", "http", List.of("--mixed"), "5s"),
            new Scenario("fan-out", "fan-out", List.of(), "3s"),
            new Scenario("file-io", "file-io", List.of(), "3s"),
            new Scenario("skynet", "skynet", List.of(), null),
            new Scenario("sleep-storm", "sleep-storm", List.of(), null),
            new Scenario("preemption-coverage", "preemption-coverage", List.of(), null));

    static Scenario named(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow(() -> new ParameterException(
                new picocli.CommandLine(new AbCommand()), "unknown scenario '" + name + "' (one of: "
                        + String.join(", ", ALL.stream().map(Scenario::name).toList()) + ")"));
    }

    /** The sample's command line: name, fixed args, duration (when it takes one), the user's args. */
    List<String> command(String duration, List<String> userArgs) {
        List<String> c = new ArrayList<>();
        c.add(sample);
        c.addAll(args);
        if (load != null) {
            c.addAll(List.of("--stop-on-eof", "--duration", "0s")); // the runner stops it when wrk is done
        } else if (defaultDuration != null && duration != null) {
            c.add("--duration");
            c.add(duration);
        }
        c.addAll(userArgs);
        return c;
    }

    /** For picocli's ${COMPLETION-CANDIDATES}. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ALL.stream().map(Scenario::name).iterator();
        }
    }
}
