package org.leakcheck.cli.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
 * problem with the security headers and its one log line. So does a request that the HTTP parser
 * itself refuses (raw control bytes in the path, a malformed request line): Jetty hands it to
 * {@link #rejected}, never to a page of its own.
 *
 * <p>API keys are API Gateway's ({@link PartnerKeys}): a request to an API route without
 * {@code x-api-key} is the public (as through CloudFront, which adds the site key); one with a
 * registered caller's key reaches the handlers with that key in its event, as a direct call to the
 * execute-api URL does; one with any other key gets the deployed gateway's 403 ({@code api-key.invalid}),
 * and a key past its daily quota its 429 ({@code rate.quota}), before any handler runs.
 *
 * <p>The HTTP layer is Jetty's: it reads headers without holding a thread, so clients that dribble
 * theirs in cost a connection, not a worker, and a connection idle for
 * {@value #MAX_REQUEST_SECONDS} s is closed. Paths reach the handlers exactly as sent (no
 * normalisation, no decoding: docs/protocol.md §7.6).
 */
public final class LocalServer implements AutoCloseable {

    /** The site served when none is given and it has been built. */
    public static final Path DEFAULT_SITE = Path.of("website", "dist");

    /** Larger bodies are cut here; the handler still sees more than its 16 KiB limit and answers 413. */
    private static final int MAX_READ_BYTES = 64 * 1024;
    private static final long MAX_DRAIN_BYTES = 10L * 1024 * 1024;
    /** Workers for requests whose headers have arrived: 32 parallel API callers and room to spare. */
    private static final int THREADS = 64;
    /** A connection with nothing sent or received for this many seconds is closed. */
    static final int MAX_REQUEST_SECONDS = 5;
    /** The header API Gateway reads the key from (the stack's ApiKeySourceType.HEADER). */
    static final String API_KEY_HEADER = "x-api-key";
    /**
     * The deployed gateway's answers to a wrong key and to a used-up quota (infrastructure's
     * {@code PublicApi}, its {@code InvalidApiKey} and {@code QuotaExceeded} gateway responses).
     */
    static final String FORBIDDEN_BODY = "{\"type\":\"https://leakcheck.org/problems/forbidden\",\"title\":\"Forbidden\","
            + "\"status\":403,\"detail\":\"a valid API key is required on this endpoint\",\"rule\":\"api-key.invalid\"}";
    static final String QUOTA_BODY = "{\"type\":\"https://leakcheck.org/problems/rate-limited\",\"title\":\"Too many requests\","
            + "\"status\":429,\"detail\":\"the daily quota of this API key is used up\",\"rule\":\"rate.quota\"}";
    /** What a request outside the API's routes is: no key is checked there. */
    private static final PartnerKeys.Admission PUBLIC = new PartnerKeys.Admission(PartnerKeys.Outcome.PUBLIC, null);

    private final Server server;
    private final ServerConnector connector;
    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> evaluate;
    private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> buckets;
    private final StaticSite site;
    private final Map<String, String> securityHeaders;
    private final PartnerKeys partners;

    /**
     * Binds {@code 127.0.0.1:port} (0 for a free port) and starts serving, with no registered caller.
     *
     * @param site the built website folder, or null
     * @param securityHeaders headers added to every response (see {@link SecurityHeaders})
     */
    public LocalServer(int port,
                       RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> evaluate,
                       RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> buckets,
                       Path site, Map<String, String> securityHeaders) throws IOException {
        this(port, evaluate, buckets, site, securityHeaders, PartnerKeys.none());
    }

    /**
     * Binds {@code 127.0.0.1:port} (0 for a free port) and starts serving, with these registered callers.
     *
     * @param site the built website folder, or null
     * @param securityHeaders headers added to every response (see {@link SecurityHeaders})
     * @param partners the registered callers' API keys (and their daily quota)
     */
    public LocalServer(int port,
                       RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> evaluate,
                       RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> buckets,
                       Path site, Map<String, String> securityHeaders, PartnerKeys partners) throws IOException {
        this.evaluate = evaluate;
        this.buckets = buckets;
        this.partners = partners;
        this.securityHeaders = Map.copyOf(securityHeaders);
        this.site = new StaticSite(site, this.securityHeaders);

        QueuedThreadPool workers = new QueuedThreadPool(THREADS);
        workers.setName("leakcheck-http");
        workers.setDaemon(true);
        this.server = new Server(workers);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // The handlers match paths exactly and answer what they do not know (docs/protocol.md §7.6):
        // Jetty must neither refuse "ambiguous" paths (%2F, ..) with its own 400 nor rewrite them.
        http.setUriCompliance(UriCompliance.UNSAFE);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(MAX_REQUEST_SECONDS * 1000L);
        connector.setAcceptQueueSize(256);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                dispatch(request, response, callback);
                return true;
            }
        });
        server.setErrorHandler(this::rejected);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("the local server did not start", e);
        }
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

    /** The registered callers' keys this server accepts. */
    public PartnerKeys partners() {
        return partners;
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    private void dispatch(Request request, Response response, Callback callback) {
        try {
            String path = request.getHttpURI().getPath();
            if (path == null || path.isEmpty()) {
                invoke(request, response, callback, buckets, "", PUBLIC);
            } else if (Route.match(path).isPresent()) {
                // A route of the API: API Gateway checks the key (and its quota) before the function runs.
                PartnerKeys.Admission admission = partners.admit(request.getHeaders().getValuesList(API_KEY_HEADER));
                invoke(request, response, callback, path.equals(Route.EVALUATE.resource()) ? evaluate : buckets, path,
                        admission);
            } else if (path.equals("/v2") || path.startsWith("/v2/")) {
                invoke(request, response, callback, buckets, path, PUBLIC);
            } else if (!site.serve(request, response, callback)) {
                // Not a file of the site (or no site, a method other than GET and HEAD, a path
                // that is not one): the API's documented 404 problem, with its log line.
                invoke(request, response, callback, buckets, path, PUBLIC);
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, or a bug: the handlers themselves never throw.
            if (!response.isCommitted()) {
                response.setStatus(500);
                response.write(true, null, callback);
            } else {
                callback.failed(e);
            }
        }
    }

    /**
     * What Jetty could not parse into a request (raw control bytes in the path, a bad request
     * line or header): the route no one serves, so the buckets handler's {@code route.unknown}
     * problem with the security headers and one log line. The request's path is never passed on.
     */
    private boolean rejected(Request request, Response response, Callback callback) {
        try {
            response.reset();
            invoke(request, response, callback, buckets, "", PUBLIC);
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
        return true;
    }

    /** An answer of the gateway itself, before any handler (so without the handlers' log line). */
    private static APIGatewayProxyResponseEvent gatewayAnswer(int status, String body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store",
                        "X-Content-Type-Options", "nosniff"))
                .withBody(body);
    }

    /**
     * Reads the body, then answers with the gateway's refusal when {@code admission} is one, else with
     * {@code handler}, whose event carries the registered caller's key when there is one.
     */
    private void invoke(Request request, Response response, Callback callback,
                        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                        String path, PartnerKeys.Admission admission) throws IOException {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_READ_BYTES + 1);
            // Read what is left (up to API Gateway's own 10 MB limit) so that the client gets our
            // 413 instead of a connection reset when we close with unread data.
            byte[] discard = new byte[8192];
            long left = MAX_DRAIN_BYTES;
            for (int n = in.read(discard); n > 0 && left > 0; n = in.read(discard)) {
                left -= n;
            }
        } catch (IOException | RuntimeException unreadable) {
            // A request the parser refused has no readable body: answer it all the same.
            body = new byte[0];
        }
        APIGatewayProxyResponseEvent answer = switch (admission.outcome()) {
            case FORBIDDEN -> gatewayAnswer(403, FORBIDDEN_BODY);
            case QUOTA_EXCEEDED -> gatewayAnswer(429, QUOTA_BODY);
            case PARTNER -> handler.handleRequest(EventAdapter.toEvent(request, path, body,
                    request.getHeaders().get(API_KEY_HEADER)), null);
            case PUBLIC -> handler.handleRequest(EventAdapter.toEvent(request, path, body, null), null);
        };
        EventAdapter.send(response, callback, answer, securityHeaders);
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: the threads are daemons and the port goes with the process.
        }
    }
}
