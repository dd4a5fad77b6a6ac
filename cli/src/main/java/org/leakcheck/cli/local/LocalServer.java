package org.leakcheck.cli.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.http.Route;

/**
 * The lookup API and the website on plain HTTP, on 127.0.0.1 only ({@code leakcheck serve}).
 *
 * <p>There is no second implementation of the API: each request becomes the API Gateway proxy
 * event that API Gateway would send ({@link EventAdapter}), goes to the same handler instances
 * that Lambda runs ({@code /v2/evaluate} to {@link EvaluateHandler}, every other {@code /v2/}
 * path to {@link BucketsHandler}), and the response event goes back as HTTP. Everything else is
 * the static site; what is not one of its files (or has no path, or another method than GET and
 * HEAD) goes to the buckets handler too, which answers the documented {@code route.unknown}
 * problem with the security headers and its one log line.
 *
 * <p>Slow clients are bounded: a request not read within {@value #MAX_REQUEST_SECONDS} s is
 * dropped, and the executor has room for many of them beside the callers that are served.
 */
public final class LocalServer implements AutoCloseable {

    /** The site served when none is given and it has been built. */
    public static final Path DEFAULT_SITE = Path.of("website", "dist");

    /** Larger bodies are cut here; the handler still sees more than its 16 KiB limit and answers 413. */
    private static final int MAX_READ_BYTES = 64 * 1024;
    private static final long MAX_DRAIN_BYTES = 10L * 1024 * 1024;
    /**
     * Enough for 32 parallel API callers plus a good number of clients that hold a thread while
     * they dribble their headers in (the JDK server reads headers on the executor).
     */
    private static final int THREADS = 128;
    /** A request whose headers have not all arrived after this many seconds is dropped. */
    static final int MAX_REQUEST_SECONDS = 5;

    static {
        // Without TCP_NODELAY the JDK server writes headers and body as two small segments, and
        // Nagle's algorithm with the client's delayed ACK adds ~40 ms to every keep-alive response.
        // Read once, when the JDK's server configuration class loads: set it before any server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // Slow clients: without a limit, connections that send half a request line or half their
        // headers hold an executor thread each for as long as they like (40 of them locked the
        // server out for 24 s). maxReqTime drops a request not fully read in time; the JDK's
        // timer runs every clockTick ms.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.clockTick") == null) {
            System.setProperty("sun.net.httpserver.clockTick", "500");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> evaluate;
    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> buckets;
    private final StaticSite site;
    private final Map<String, String> securityHeaders;

    /**
     * Binds {@code 127.0.0.1:port} (0 for a free port) and starts serving.
     *
     * @param site the built website folder, or null
     * @param securityHeaders headers added to every response (see {@link SecurityHeaders})
     */
    public LocalServer(int port,
                       RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> evaluate,
                       RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> buckets,
                       Path site, Map<String, String> securityHeaders) throws IOException {
        this.evaluate = evaluate;
        this.buckets = buckets;
        this.securityHeaders = Map.copyOf(securityHeaders);
        this.site = new StaticSite(site, this.securityHeaders);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "leakcheck-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /**
     * The site's header list: {@code security-headers.json} beside the site folder, or beside
     * {@code website/dist} when no site is served (the repository's {@code website/}). Only where
     * the file is looked for has a default; its content has none.
     */
    public static Path securityHeadersFile(Path site) {
        Path folder = (site == null ? DEFAULT_SITE : site).toAbsolutePath().normalize();
        return folder.resolveSibling(SecurityHeaders.FILE_NAME);
    }

    /** The headers of {@link #securityHeadersFile(Path)}; fails, naming the file, when it is missing or empty. */
    public static Map<String, String> securityHeadersFor(Path site) {
        return SecurityHeaders.require(securityHeadersFile(site));
    }

    /** The headers of {@code file} when given, else those of {@link #securityHeadersFile(Path)}. */
    public static Map<String, String> securityHeadersFor(Path site, Path file) {
        return SecurityHeaders.require(file != null ? file : securityHeadersFile(site));
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (path == null) {
                invoke(exchange, buckets);
            } else if (path.equals(Route.EVALUATE.resource())) {
                invoke(exchange, evaluate);
            } else if (path.equals("/v2") || path.startsWith("/v2/")) {
                invoke(exchange, buckets);
            } else if (!site.serve(exchange)) {
                // Not a file of the site (or no site, a method other than GET and HEAD, a path
                // that is not one): the API's documented 404 problem, with its log line.
                invoke(exchange, buckets);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or a bug: the handlers themselves never throw.
            try {
                exchange.sendResponseHeaders(500, -1);
            } catch (IOException | RuntimeException alreadySent) {
                // Headers were already sent; nothing more to say.
            }
            exchange.close();
        }
    }

    private void invoke(HttpExchange exchange,
                        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler)
            throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_READ_BYTES + 1);
            // Read what is left (up to API Gateway's own 10 MB limit) so that the client gets our
            // 413 instead of a connection reset when we close with unread data.
            byte[] discard = new byte[8192];
            long left = MAX_DRAIN_BYTES;
            for (int n = in.read(discard); n > 0 && left > 0; n = in.read(discard)) {
                left -= n;
            }
        }
        APIGatewayProxyResponseEvent response = handler.handleRequest(EventAdapter.toEvent(exchange, body), null);
        EventAdapter.send(exchange, response, securityHeaders);
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
