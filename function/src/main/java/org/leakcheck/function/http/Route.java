package org.leakcheck.function.http;

import java.util.Optional;

/**
 * The API's routes (docs/protocol.md §7). Matching is exact: no trailing slash, no case folding,
 * no percent-decoding, so there is one spelling of each URL and one cache entry per bucket.
 */
public enum Route {
    EVALUATE("evaluate", "POST", "/v1/evaluate"),
    BUCKET("buckets", "GET", "/v1/buckets/{bucket}"),
    INFO("info", "GET", "/v1/info");

    private static final String BUCKET_PREFIX = "/v1/buckets/";

    private final String metricName;
    private final String method;
    private final String resource;

    Route(String metricName, String method, String resource) {
        this.metricName = metricName;
        this.method = method;
        this.resource = resource;
    }

    /** The {@code route} dimension of the metrics and of the log line. */
    public String metricName() {
        return metricName;
    }

    /** The one method this route serves (besides the CORS preflight OPTIONS). */
    public String method() {
        return method;
    }

    /** The API Gateway resource path. */
    public String resource() {
        return resource;
    }

    /** The {@code Allow} header value for this route. */
    public String allow() {
        return method + ", OPTIONS";
    }

    /** A matched route and its path parameter (the raw bucket text, or null). */
    public record Match(Route route, String parameter) {
    }

    /** The route of {@code path}, if any. The bucket parameter is returned raw, for the handler to validate. */
    public static Optional<Match> match(String path) {
        if (path == null) {
            return Optional.empty();
        }
        if (path.equals(EVALUATE.resource)) {
            return Optional.of(new Match(EVALUATE, null));
        }
        if (path.equals(INFO.resource)) {
            return Optional.of(new Match(INFO, null));
        }
        if (path.startsWith(BUCKET_PREFIX) && path.length() > BUCKET_PREFIX.length()
                && path.indexOf('/', BUCKET_PREFIX.length()) < 0) {
            return Optional.of(new Match(BUCKET, path.substring(BUCKET_PREFIX.length())));
        }
        return Optional.empty();
    }
}
