package gmp4j.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server sample's endpoints, the same for every server it can run on (Tomcat, the JDK's
 * {@code HttpServer}): each server only turns a request's path and query into a call of
 * {@link #handle} and writes the {@link Reply} back.
 *
 * <ul>
 *   <li>{@code /hello}: answers at once;</li>
 *   <li>{@code /sleep[?ms=1]}: sleeps (a timer, then a wake-up), then answers;</li>
 *   <li>{@code /io}: reads a small temporary file (blocking file I/O: open, read, close), answers
 *       with its bytes;</li>
 *   <li>{@code /cpu[?ms=20]}: computes for about that much CPU time without blocking, in a loop
 *       that gmp4j's injected checks can preempt ({@link Work#spin}, calibrated at start-up in
 *       CPU time, so that the request does a fixed amount of work however long it waits).</li>
 * </ul>
 *
 * <p>It counts the requests of each endpoint, and notes the carrier of the first handler that ran
 * on a virtual thread and how many handlers ran on platform threads (none should: the point of
 * the sample is a virtual thread per request).
 */
final class Endpoints {

    /** One endpoint: its path and the default of its {@code ms} parameter (none for hello and io). */
    enum Kind {
        HELLO("/hello", 0),
        SLEEP("/sleep", 1),
        IO("/io", 0),
        CPU("/cpu", 20);

        final String path;
        final double defaultMillis;

        Kind(String path, double defaultMillis) {
            this.path = path;
            this.defaultMillis = defaultMillis;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a handler writes back: a status and a plain-text body. */
    record Reply(int status, byte[] body) {
        static Reply text(int status, String text) {
            return new Reply(status, text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Most a request may ask of {@code /sleep} or {@code /cpu}: ten seconds. */
    private static final double MAX_MILLIS = 10_000;
    private static final Reply HELLO = Reply.text(200, "hello\n");
    private static final Reply SLEPT = Reply.text(200, "slept\n");
    private static final Reply COMPUTED = Reply.text(200, "computed\n");

    private final LongAdder[] served = new LongAdder[Kind.values().length];
    private final LongAdder notFound = new LongAdder();
    private final LongAdder badRequests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder onPlatformThreads = new LongAdder();
    private final AtomicReference<String> handlerCarrier = new AtomicReference<>();
    private final Path ioFile;
    private final double iterationsPerMilli;

    /**
     * Writes the {@code /io} file ({@code ioBytes} bytes in {@code dir}) and, unless
     * {@code iterationsPerMs} is positive, calibrates {@code /cpu} on the calling thread.
     */
    Endpoints(Path dir, int ioBytes, long iterationsPerMs) throws IOException {
        for (int i = 0; i < served.length; i++) {
            served[i] = new LongAdder();
        }
        byte[] content = new byte[ioBytes];
        for (int i = 0; i < ioBytes; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        ioFile = Files.write(dir.resolve("io.txt"), content);
        iterationsPerMilli = iterationsPerMs > 0 ? iterationsPerMs
                : Work.iterationsFor(Kind.CPU.defaultMillis) / Kind.CPU.defaultMillis;
    }

    long cpuIterationsPerMs() {
        return Math.round(iterationsPerMilli);
    }

    /** The reply to a GET of {@code path} with the raw {@code query} (or null). */
    Reply handle(String path, String query) {
        Thread self = Thread.currentThread();
        if (!self.isVirtual()) {
            onPlatformThreads.increment();
        } else if (handlerCarrier.get() == null) {
            handlerCarrier.compareAndSet(null, Result.carrierOf(self));
        }
        Kind kind = kind(path);
        if (kind == null) {
            notFound.increment();
            return Reply.text(404, "no such endpoint: try /hello, /sleep, /io or /cpu?ms=20\n");
        }
        double millis = millis(query, kind.defaultMillis);
        if (!(millis >= 0 && millis <= MAX_MILLIS)) {
            badRequests.increment();
            return Reply.text(400, "ms must be a number of milliseconds from 0 to " + (long) MAX_MILLIS + "\n");
        }
        try {
            Reply reply = switch (kind) {
                case HELLO -> HELLO;
                case SLEEP -> {
                    Thread.sleep(Duration.ofNanos(Math.round(millis * 1e6)));
                    yield SLEPT;
                }
                case IO -> new Reply(200, Files.readAllBytes(ioFile));
                case CPU -> {
                    long n = Math.round(millis * iterationsPerMilli);
                    Work.keep(Work.spin(n, n));
                    yield COMPUTED;
                }
            };
            served[kind.ordinal()].increment();
            return reply;
        } catch (IOException | InterruptedException e) {
            failures.increment();
            return Reply.text(500, e + "\n");
        }
    }

    private static Kind kind(String path) {
        for (Kind k : Kind.values()) {
            if (k.path.equals(path)) {
                return k;
            }
        }
        return null;
    }

    /** The {@code ms} parameter of a raw query such as {@code ms=20}; NaN when it is not a number. */
    static double millis(String query, double otherwise) {
        if (query == null || query.isEmpty()) {
            return otherwise;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("ms=")) {
                try {
                    return Double.parseDouble(pair.substring(3));
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return otherwise;
    }

    /** The counters as figures of the sample's result. */
    void report(Result r) {
        long total = 0;
        for (Kind k : Kind.values()) {
            long n = served[k.ordinal()].sum();
            total += n;
            r.figure(k.key() + "_served", k.path + " served", n, "");
        }
        r.figure("served", "requests served", total, "")
                .figure("not_found", "404 not found", notFound.sum(), "")
                .figure("bad_requests", "400 bad request", badRequests.sum(), "")
                .figure("failures", "500 failures", failures.sum(), "")
                .figure("platform_thread_handlers", "handlers on platform threads", onPlatformThreads.sum(), "")
                .put("handler_carrier", handlerCarrier.get() == null ? "none" : handlerCarrier.get())
                .line("handlers' carrier:       " + r.get("handler_carrier"));
    }
}
