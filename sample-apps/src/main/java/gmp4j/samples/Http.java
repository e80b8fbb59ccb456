package gmp4j.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The JDK's {@code HttpServer} on 127.0.0.1 with a virtual thread per request, driven over
 * loopback by an in-process closed-loop client ({@link ClosedLoop}: C virtual threads, each
 * sending one request with {@code java.net.http.HttpClient} after another).
 *
 * <p>With {@code --mixed}, 10 % of the requests are heavy: the handler computes for about 20 ms
 * without blocking ({@link Work#spin}, calibrated at start-up). Without preemption a heavy handler
 * keeps its carrier for all of that, so light requests queue behind it; light and heavy latency
 * are reported separately to show what preemption does to the light requests' tail.
 */
@Command(name = "http",
        description = {"JDK HttpServer with a virtual thread per request, driven by an in-process closed-loop client over loopback: requests/s and latency.",
                "--mixed makes 10 % of the requests CPU-heavy (~20 ms of computation); light and heavy latency are reported separately."})
public final class Http extends Sample {

    @Mixin
    Timing timing;

    @Option(names = {"--clients", "--threads"}, defaultValue = "16",
            description = "concurrent client connections (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--mixed", description = "make some requests CPU-heavy")
    boolean mixed;

    @Option(names = "--heavy-percent", defaultValue = "10",
            description = "with --mixed: percentage of heavy requests (default: ${DEFAULT-VALUE})")
    int heavyPercent;

    @Option(names = "--heavy-ms", defaultValue = "20",
            description = "with --mixed: CPU time of a heavy request in ms (default: ${DEFAULT-VALUE})")
    double heavyMillis;

    private static final int LIGHT = 0;
    private static final int HEAVY = 1;
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);

    private long heavyIterations;

    public static void main(String[] args) {
        Sample.main(new Http(), args);
    }

    @Override
    Result measure() throws Exception {
        require(clients >= 1, "--clients must be at least 1");
        require(heavyPercent >= 0 && heavyPercent <= 100, "--heavy-percent must be 0..100");
        require(heavyMillis > 0, "--heavy-ms must be positive");
        Result r = timing.params(this, result());
        heavyIterations = mixed ? Work.iterationsFor(heavyMillis) : 0;

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(handlers);
        server.createContext("/light", ex -> respond(ex, 0));
        server.createContext("/heavy", ex -> respond(ex, heavyIterations));
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        HttpRequest light = request(base.resolve("/light"));
        HttpRequest heavy = request(base.resolve("/heavy"));
        int heavyShare = mixed ? heavyPercent : 0;
        ClosedLoop loop;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            loop = new ClosedLoop(2).run(clients, timing, (c, seq) -> {
                // per-client reproducible choice of heavy requests
                boolean isHeavy = new SplittableRandom(c * 1_000_003L + seq).nextInt(100) < heavyShare;
                HttpResponse<byte[]> response = client.send(isHeavy ? heavy : light, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP status " + response.statusCode());
                }
                return isHeavy ? HEAVY : LIGHT;
            });
            client.shutdownNow();
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }
        long requests = loop.requests();
        r.param("clients", clients)
                .param("mixed", mixed ? "yes" : "no")
                .param("heavy_percent", heavyShare)
                .param("heavy_ms", mixed ? heavyMillis : 0)
                .param("heavy_iterations", heavyIterations)
                .figure("requests", "requests", requests, "")
                .figure("requests_per_s", "requests/s", loop.perSecond(requests), "")
                .figure("errors", "errors", loop.errors(), "")
                .latency("light", "light latency", loop.latency(LIGHT))
                .figure("heavy_requests", "heavy requests", loop.latency(HEAVY).getTotalCount(), "")
                .latency("heavy", "heavy latency", loop.latency(HEAVY));
        if (!loop.firstError().isEmpty()) {
            r.line("first error: " + loop.firstError());
        }
        return r;
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static void respond(HttpExchange ex, long iterations) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            Work.keep(Work.spin(iterations, iterations));
            ex.sendResponseHeaders(200, OK.length);
            try (OutputStream body = ex.getResponseBody()) {
                body.write(OK);
            }
        }
    }
}
