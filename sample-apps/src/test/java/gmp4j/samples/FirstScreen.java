package gmp4j.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A page as a person sees it on a laptop: headless Chromium shows it in a 1366x768 viewport and,
 * through the DevTools protocol (a WebSocket; the page itself runs no script), says where elements
 * are. Used to check that a report's verdict and plot are on the first screen.
 */
final class FirstScreen implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final int WIDTH = 1366;
    static final int HEIGHT = 768;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    FirstScreen(Path page, Path profileDir) throws Exception {
        browser = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=" + profileDir,
                "--window-size=" + WIDTH + "," + HEIGHT, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path portFile = profileDir.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (System.nanoTime() > deadline || !browser.isAlive()) {
                    throw new IOException("chromium gave no DevTools port");
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).getFirst().trim());
            HttpClient http = HttpClient.newHttpClient();
            String ws = null;
            while (ws == null) {
                JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText())) {
                        ws = t.path("webSocketDebuggerUrl").asText();
                    }
                }
                if (ws == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("chromium shows no page");
                    }
                    Thread.sleep(50);
                }
            }
            socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new Listener()).get(30, TimeUnit.SECONDS);
            call("Emulation.setDeviceMetricsOverride", Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1,
                    "mobile", false));
            // the page target can still show its first, empty document: wait for ours, loaded
            while (!evaluate("location.protocol === 'file:' && document.readyState === 'complete'").asBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the page did not load");
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            browser.destroyForcibly();
            throw e;
        }
    }

    /** A JavaScript expression's value (DevTools evaluates it; the page's own policy forbids scripts). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        return r.path("result").path("value");
    }

    /**
     * Each element the CSS selector picks: its text and whether it lies wholly in the first screen
     * (top at least 0, bottom at most the viewport's height, right at most its width).
     */
    List<Element> elements(String selector) throws Exception {
        JsonNode v = evaluate("JSON.stringify(Array.from(document.querySelectorAll(" + JSON.writeValueAsString(selector)
                + ")).map(e => { const r = e.getBoundingClientRect(); return {text: e.textContent,"
                + " visible: r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.height > 0}; }))");
        List<Element> found = new java.util.ArrayList<>();
        for (JsonNode n : JSON.readTree(v.asText())) {
            found.add(new Element(n.path("text").asText(), n.path("visible").asBoolean()));
        }
        return found;
    }

    record Element(String text, boolean onFirstScreen) {}

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(30, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IOException(method + ": " + r.get("error"));
        }
        return r.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(text.toString());
                    CompletableFuture<JsonNode> f = m.has("id") ? replies.remove(m.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(m);
                    }
                } catch (IOException e) {
                    replies.values().forEach(f -> f.completeExceptionally(e));
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (socket != null) {
            socket.abort();
        }
        browser.descendants().forEach(ProcessHandle::destroy); // its renderer and helpers
        browser.destroy();
        if (!browser.waitFor(10, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
        }
    }
}
