package gmp4j.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A real HTTP server on virtual threads, a thread per request, for load from another process
 * (wrk, as the A/B runner's server scenarios run it): Tomcat 11 embedded ({@code --server tomcat},
 * the default) or the JDK's {@code HttpServer} ({@code --server jdk}), serving the same four
 * endpoints ({@link Endpoints}): {@code /hello}, {@code /sleep}, {@code /io}, {@code /cpu?ms=20}.
 *
 * <p>Once it listens it prints one line {@code GMP4J-LISTENING {"server":...,"port":N,"url":...}}
 * on stdout (the port is chosen by the system unless {@code --port} says otherwise). It serves
 * until {@code --duration} has passed or, with {@code --stop-on-eof}, until its stdin ends,
 * whichever comes first ({@code --duration 0}: no time limit), then stops the server and prints
 * its result: the requests each endpoint served, the errors it answered, and how many handlers ran
 * on platform threads (none, when the server does run a virtual thread per request).
 */
@Command(name = "server",
        description = {"Tomcat 11 embedded (--server tomcat) or the JDK's HttpServer (--server jdk) on virtual threads, a thread"
                + " per request, for load from another process (e.g. wrk). Endpoints: /hello answers at once, /sleep sleeps 1 ms,"
                + " /io reads a small file, /cpu?ms=20 computes for 20 ms of CPU without blocking.",
                "Prints 'GMP4J-LISTENING {json}' with the port once it listens; stops after --duration or, with --stop-on-eof,"
                        + " when stdin ends, then prints the requests it served."})
public final class Server extends Sample {

    /** A started server; closing it stops it. */
    interface Running extends AutoCloseable {
        int port();

        String description();
    }

    /** The servers this sample can run. */
    enum Kind {
        TOMCAT, JDK
    }

    static final String LISTENING = "GMP4J-LISTENING ";

    @Option(names = "--server", defaultValue = "tomcat",
            description = "tomcat or jdk (default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--port", defaultValue = "0", description = "TCP port on 127.0.0.1; 0: any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "stop after this long; 0s: no time limit (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--stop-on-eof", description = "also stop when stdin ends (how the A/B runner stops it)")
    boolean stopOnEof;

    @Option(names = "--io-bytes", defaultValue = "4096", description = "size of the file /io reads (default: ${DEFAULT-VALUE})")
    int ioBytes;

    @Option(names = "--cpu-iterations-per-ms", defaultValue = "0",
            description = "work of one ms of /cpu, in Work.spin iterations; 0: calibrate at start-up in CPU time (default: ${DEFAULT-VALUE})")
    long cpuIterationsPerMs;

    public static void main(String[] args) {
        Sample.main(new Server(), args);
    }

    @Override
    Result measure() throws Exception {
        Kind kind = switch (server) {
            case "tomcat" -> Kind.TOMCAT;
            case "jdk" -> Kind.JDK;
            default -> null;
        };
        require(kind != null, "--server must be tomcat or jdk, not '" + server + "'");
        require(port >= 0 && port <= 65535, "--port must be 0..65535");
        require(!duration.isNegative(), "--duration must not be negative");
        require(ioBytes >= 1 && ioBytes <= 1 << 20, "--io-bytes must be 1..1048576");
        require(cpuIterationsPerMs >= 0, "--cpu-iterations-per-ms must not be negative");
        Path dir = Files.createTempDirectory("gmp4j-server");
        try {
            return serve(kind, dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Result serve(Kind kind, Path dir) throws Exception {
        Endpoints endpoints = new Endpoints(dir, ioBytes, cpuIterationsPerMs);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        CountDownLatch stop = new CountDownLatch(1);
        long started = System.nanoTime();
        long servedNanos;
        String description;
        int boundPort;
        try (Running running = kind == Kind.TOMCAT ? new TomcatServer(loopback, port, dir.resolve("tomcat"), endpoints)
                : new JdkServer(loopback, port, endpoints)) {
            boundPort = running.port();
            description = running.description();
            String url = "http://" + loopback.getHostAddress() + ":" + boundPort;
            System.out.println(LISTENING + "{\"server\":\"" + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + "\",\"port\":" + boundPort + ",\"url\":\"" + url + "\"}");
            System.out.flush();
            System.err.println("server: " + description + " at " + url + "/ (/hello /sleep /io /cpu?ms=20); stops "
                    + (duration.isZero() ? "" : "after " + duration.toMillis() + " ms" + (stopOnEof ? " or " : ""))
                    + (stopOnEof ? "when stdin ends" : "") + (duration.isZero() && !stopOnEof ? "when killed" : ""));
            if (stopOnEof) {
                // A platform daemon thread: it only waits for the end of stdin and must not take a carrier.
                Thread.ofPlatform().daemon().name("stop-on-eof").start(() -> {
                    try {
                        System.in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // a broken stdin ends it as well
                    }
                    stop.countDown();
                });
            }
            if (duration.isZero()) {
                stop.await();
            } else {
                stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            }
            servedNanos = System.nanoTime() - started;
        }
        Result r = result().param("server", kind.name().toLowerCase(java.util.Locale.ROOT))
                .param("port", boundPort)
                .param("io_bytes", ioBytes)
                .param("cpu_iterations_per_ms", endpoints.cpuIterationsPerMs())
                .figure("served_ms", "served for", servedNanos / 1_000_000, "ms");
        r.line(description);
        endpoints.report(r);
        return r;
    }
}
