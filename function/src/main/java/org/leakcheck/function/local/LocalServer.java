package org.leakcheck.function.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.aws.AwsClients;
import org.leakcheck.function.aws.KeySources;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.buckets.DynamoBucketSource;
import org.leakcheck.function.http.Route;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.store.BucketTable;

/**
 * The lookup API and the website on plain HTTP, on 127.0.0.1 only ({@code leakcheck serve}).
 *
 * <p>There is no second implementation of the API: each request becomes the API Gateway proxy
 * event that API Gateway would send ({@link EventAdapter}), goes to the same handler instances
 * that Lambda runs ({@code /v2/evaluate} to {@link EvaluateHandler}, every other {@code /v2/}
 * path to {@link BucketsHandler}), and the response event goes back as HTTP. Everything else is
 * the static site.
 */
public final class LocalServer implements AutoCloseable {

    /** Larger bodies are cut here; the handler still sees more than its 16 KiB limit and answers 413. */
    private static final int MAX_READ_BYTES = 64 * 1024;
    private static final long MAX_DRAIN_BYTES = 10L * 1024 * 1024;
    private static final int THREADS = 32;

    static {
        // Without TCP_NODELAY the JDK server writes headers and body as two small segments, and
        // Nagle's algorithm with the client's delayed ACK adds ~40 ms to every keep-alive response.
        // Read once, when the JDK's server configuration class loads: set it before any server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
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
        Path folder = (site == null ? ServeOptions.DEFAULT_SITE : site).toAbsolutePath().normalize();
        return folder.resolveSibling(SecurityHeaders.FILE_NAME);
    }

    /** The headers of {@link #securityHeadersFile(Path)}; fails, naming the file, when it is missing or empty. */
    public static Map<String, String> securityHeadersFor(Path site) {
        return SecurityHeaders.require(securityHeadersFile(site));
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
            if (path.equals(Route.EVALUATE.resource())) {
                invoke(exchange, evaluate);
            } else if (path.equals("/v2") || path.startsWith("/v2/")) {
                invoke(exchange, buckets);
            } else {
                site.serve(exchange);
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

    /** {@code leakcheck serve}: see {@link ServeOptions#USAGE}. */
    public static void main(String[] args) {
        ServeOptions options;
        try {
            options = ServeOptions.parse(args);
        } catch (ServeOptions.HelpRequested help) {
            System.out.print(ServeOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("serve: " + e.getMessage());
            System.err.print(ServeOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            LocalServer server = start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "leakcheck-serve-stop"));
            System.err.println("serve: listening on " + server.uri() + "/ (API under /v2/"
                    + (options.site().isPresent() ? ", website from " + options.site().get() : ", no website") + ")");
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            System.err.println("serve: cannot start: " + e.getMessage());
            System.exit(2);
        }
    }

    private static LocalServer start(ServeOptions options) throws IOException {
        Path site = options.site().orElse(null);
        Map<String, String> headers = SecurityHeaders.require(
                options.securityHeaders().orElseGet(() -> securityHeadersFile(site)));
        HttpSettings http = HttpSettings.of(options.allowedOrigin(), System.out::println);
        KeyMaterial key = KeySources.fromFile(options.key());
        PinnedKey publicKey = options.publicKey().map(KeySources::publicKeyFromFile).orElse(key.publicKey());
        if (!publicKey.equals(key.publicKey())) {
            System.err.println("serve: warning: --public-key is not the public key of --key: every client that pins "
                    + "--public-key will refuse the evaluations");
        }
        EvaluateHandler evaluate = new EvaluateHandler(key, options.batchLimit(), http);
        // A local engine ignores credentials, but the SDK signs every request.
        DynamoDbClient dynamo = AwsClients.dynamoDb(Region.of(options.region()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Optional.of(options.endpoint()));
        BucketsHandler buckets = new BucketsHandler(
                new DynamoBucketSource(new BucketTable(dynamo, options.table())),
                BucketsConfig.of(publicKey, options.batchLimit()), http);
        return new LocalServer(options.port(), evaluate, buckets, site, headers);
    }
}
