package gmp4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server sample in a child JVM, each server (Tomcat, the JDK's HttpServer) on the JDK's pool
 * and under the agent: it prints its port, answers every endpoint (a few requests at once on
 * /sleep), rejects what it does not serve, stops when its stdin ends, and then reports exactly the
 * requests this test sent, all handled on virtual threads of the arm's scheduler.
 */
class ServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONCURRENT_SLEEPS = 8;

    static Stream<Arguments> serversOnBothSchedulers() {
        return Stream.of("tomcat", "jdk").flatMap(s -> Stream.of(Arguments.of(s, "jdk-pool"), Arguments.of(s, "agent")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("serversOnBothSchedulers")
    void theServerAnswersEveryEndpointAndStopsAtTheEndOfItsInput(String server, String scheduler) throws Exception {
        boolean agent = scheduler.equals("agent");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(agent ? SampleRun.underTheAgent() : SampleRun.onTheJdkPool());
        cmd.addAll(List.of("-cp", SampleRun.SAMPLES_JAR.toString(), Samples.class.getName(), "server", "--server", server,
                "--stop-on-eof", "--duration", "0s", "--io-bytes", "1000", "--cpu-iterations-per-ms", "1000"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GOMAXPROCS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("<" + e + ">");
            }
        });
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
        try {
            String first = lines.poll(60, TimeUnit.SECONDS);
            out.append(first).append('\n');
            assertTrue(first != null && first.startsWith(Server.LISTENING), "no listening line first: " + first + "\n" + cmd);
            JsonNode listening = JSON.readTree(first.substring(Server.LISTENING.length()));
            assertEquals(server, listening.get("server").asText(), first);
            int port = listening.get("port").asInt();
            assertTrue(port > 0, first);
            assertEquals("http://127.0.0.1:" + port, listening.get("url").asText(), first);

            URI base = URI.create(listening.get("url").asText());
            try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                assertAnswer(client, base, "/hello", 200, "hello\n");
                assertAnswer(client, base, "/sleep", 200, "slept\n");
                assertAnswer(client, base, "/io", 200, "abcdefghijklmnopqrstuvwxyz".repeat(39).substring(0, 1000));
                assertAnswer(client, base, "/cpu?ms=5", 200, "computed\n");
                assertAnswer(client, base, "/cpu", 200, "computed\n");
                assertEquals(404, get(client, base, "/nothing-here").statusCode());
                assertEquals(400, get(client, base, "/sleep?ms=-1").statusCode());
                assertEquals(400, get(client, base, "/cpu?ms=lots").statusCode());
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<HttpResponse<String>>> sleeps = new ArrayList<>();
                    for (int i = 0; i < CONCURRENT_SLEEPS; i++) {
                        sleeps.add(clients.submit(() -> get(client, base, "/sleep?ms=20")));
                    }
                    for (Future<HttpResponse<String>> f : sleeps) {
                        assertEquals("slept\n", f.get().body());
                    }
                }
            }
            p.getOutputStream().close(); // the end of its input stops it
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server did not stop at the end of its input");
            reader.join();
            lines.forEach(l -> out.append(l).append('\n'));
            SampleRun run = new SampleRun(cmd, p.exitValue(), out.toString(), err.join());
            JsonNode result = run.result();
            assertEquals("server", result.get("scenario").asText(), run::toString);
            assertEquals(server, result.get("server").asText(), run::toString);
            assertEquals(1, result.get("hello_served").asLong(), run::toString);
            assertEquals(1 + CONCURRENT_SLEEPS, result.get("sleep_served").asLong(), run::toString);
            assertEquals(1, result.get("io_served").asLong(), run::toString);
            assertEquals(2, result.get("cpu_served").asLong(), run::toString);
            assertEquals(5 + CONCURRENT_SLEEPS, result.get("served").asLong(), run::toString);
            assertEquals(1, result.get("not_found").asLong(), run::toString);
            assertEquals(2, result.get("bad_requests").asLong(), run::toString);
            assertEquals(0, result.get("failures").asLong(), run::toString);
            assertEquals(0, result.get("platform_thread_handlers").asLong(), "a virtual thread per request\n" + run);
            String carrier = agent ? "gmp4j-m" : "ForkJoinPool-1-worker";
            assertEquals(carrier, result.get("handler_carrier").asText(), run::toString);
            assertEquals(carrier, result.get("carrier").asText(), run::toString);
        } finally {
            p.destroyForcibly();
        }
    }

    private static void assertAnswer(HttpClient client, URI base, String path, int status, String body) throws Exception {
        HttpResponse<String> r = get(client, base, path);
        assertEquals(status, r.statusCode(), path);
        assertEquals(body, r.body(), path);
    }

    private static HttpResponse<String> get(HttpClient client, URI base, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    }
}
