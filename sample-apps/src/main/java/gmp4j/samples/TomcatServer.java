package gmp4j.samples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

/**
 * Tomcat 11 embedded, with a virtual thread per request: the HTTP/1.1 NIO connector with
 * {@code useVirtualThreads=true}, which makes the connector's executor start a new virtual thread
 * for each request it processes (Tomcat's own acceptor and poller stay platform threads, as in any
 * Tomcat deployment). Everything else is Tomcat's defaults (keep-alive of 100 requests per
 * connection, accept count 100, 8192 connections), as a new user gets them. One servlet serves
 * every path through {@link Endpoints}.
 */
final class TomcatServer implements Server.Running {

    /** Tomcat logs through java.util.logging; its loggers are kept here so that the level holds. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector;

    TomcatServer(InetAddress address, int port, Path baseDir, Endpoints endpoints) throws LifecycleException {
        TOMCAT_LOG.setLevel(Level.WARNING);
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setSilent(true);
        connector = new Connector("HTTP/1.1");
        connector.setPort(port);
        require(connector.setProperty("address", address.getHostAddress()), "address");
        require(connector.setProperty("useVirtualThreads", "true"), "useVirtualThreads");
        tomcat.setConnector(connector);
        StandardContext context = (StandardContext) tomcat.addContext("", baseDir.toString());
        // Its leak checks at stop need --add-opens and only warn without them; this sample has no webapp to leak.
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Tomcat.addServlet(context, "endpoints", new EndpointServlet(endpoints));
        context.addServletMappingDecoded("/*", "endpoints");
        tomcat.start();
        if (connector.getLocalPort() <= 0) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException("Tomcat's connector did not start (port " + port + " taken?)");
        }
    }

    private static void require(boolean set, String property) {
        if (!set) {
            throw new IllegalStateException("Tomcat's connector has no property " + property);
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String description() {
        return ServerInfo.getServerInfo() + " embedded, NIO connector with useVirtualThreads=true";
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /** Every GET goes to {@link Endpoints#handle}. */
    private static final class EndpointServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Endpoints endpoints;

        EndpointServlet(Endpoints endpoints) {
            this.endpoints = endpoints;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Endpoints.Reply reply = endpoints.handle(request.getRequestURI(), request.getQueryString());
            response.setStatus(reply.status());
            response.setContentType("text/plain");
            response.setContentLength(reply.body().length);
            response.getOutputStream().write(reply.body());
        }
    }
}
