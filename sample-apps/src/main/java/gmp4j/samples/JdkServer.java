package gmp4j.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK's {@code com.sun.net.httpserver.HttpServer} with
 * {@code Executors.newVirtualThreadPerTaskExecutor()} as its executor: a virtual thread per
 * request (its dispatcher, which accepts connections and reads request heads, stays one platform
 * thread). The backlog is 100, Tomcat's default accept count. One handler serves every path
 * through {@link Endpoints}.
 */
final class JdkServer implements Server.Running {

    private static final int BACKLOG = 100;

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

    JdkServer(InetAddress address, int port, Endpoints endpoints) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), BACKLOG);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> respond(exchange, endpoints));
        server.start();
    }

    private static void respond(HttpExchange exchange, Endpoints endpoints) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Endpoints.Reply reply = exchange.getRequestMethod().equals("GET")
                    ? endpoints.handle(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery())
                    : Endpoints.Reply.text(405, "GET only\n");
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(reply.status(), reply.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(reply.body());
            }
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public String description() {
        return "the JDK's com.sun.net.httpserver.HttpServer, Executors.newVirtualThreadPerTaskExecutor()";
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
