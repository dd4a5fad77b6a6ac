package org.leakcheck.function.http;

import java.util.List;
import java.util.Optional;

/**
 * The API's routes (docs/protocol.md §7). Matching is exact: no trailing slash, no case folding,
 * no percent-decoding, so there is one spelling of each URL and one CDN cache entry per bucket.
 */
public enum Route {
    EVALUATE("evaluate", "POST", "/v2/evaluate"),
    BUCKET("buckets", "GET", "/v2/buckets/{dataset}/{load}/{bucket}"),
    INFO("info", "GET", "/v2/info"),
    /** The listed datasets as a JSON Feed 1.1, to learn when to check again without subscribing. */
    FEED("feed", "GET", "/v2/feed.json");

    private static final String BUCKET_PREFIX = "/v2/buckets/";
    private static final int BUCKET_SEGMENTS = 3;

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

    /**
     * A matched route and its raw path parameters: for {@link #BUCKET}, the dataset, load and
     * bucket texts in that order, unvalidated; empty for the other routes.
     */
    public record Match(Route route, List<String> parameters) {
        public Match {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * The route of {@code path}, if any. A bucket path has exactly three non-empty segments after
     * {@code /v2/buckets/}; they are returned raw, for the handler to validate.
     */
    public static Optional<Match> match(String path) {
        if (path == null) {
            return Optional.empty();
        }
        if (path.equals(EVALUATE.resource)) {
            return Optional.of(new Match(EVALUATE, List.of()));
        }
        if (path.equals(INFO.resource)) {
            return Optional.of(new Match(INFO, List.of()));
        }
        if (path.equals(FEED.resource)) {
            return Optional.of(new Match(FEED, List.of()));
        }
        if (path.startsWith(BUCKET_PREFIX)) {
            String[] segments = path.substring(BUCKET_PREFIX.length()).split("/", -1);
            if (segments.length == BUCKET_SEGMENTS && !segments[0].isEmpty() && !segments[1].isEmpty()
                    && !segments[2].isEmpty()) {
                return Optional.of(new Match(BUCKET, List.of(segments)));
            }
        }
        return Optional.empty();
    }
}
