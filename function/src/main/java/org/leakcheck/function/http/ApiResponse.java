package org.leakcheck.function.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

/**
 * A response being built: status, headers, text body. Converted to the API Gateway proxy
 * response event at the end of the pipeline.
 */
public final class ApiResponse {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The media type of a JSON Feed (jsonfeed.org/version/1.1). */
    public static final String FEED_JSON = "application/feed+json";
    public static final String NO_STORE = "no-store";
    /**
     * A bucket URL names a load, whose items never change (docs/protocol.md §7.3): the CDN and
     * browsers may keep the answer for a year without asking again, but never past the dataset's
     * end date ({@link #immutable(long)}).
     */
    public static final long IMMUTABLE_MAX_AGE = 31_536_000;
    /** {@code /v2/info} names the current load of each dataset: short-lived, one minute at most. */
    public static final long INFO_MAX_AGE = 60;
    /** {@code /v2/feed.json} changes when a dataset is loaded or ends: five minutes. */
    public static final String FEED_CACHE = "public, max-age=300";

    /** {@code public, max-age=N, immutable}, N the smaller of a year and {@code secondsLeft}. */
    public static String immutable(long secondsLeft) {
        return "public, max-age=" + Math.max(0, Math.min(IMMUTABLE_MAX_AGE, secondsLeft)) + ", immutable";
    }

    /** {@code public, max-age=N}, N from 0 to {@value #INFO_MAX_AGE}. */
    public static String shortLived(long maxAgeSeconds) {
        return "public, max-age=" + Math.max(0, Math.min(INFO_MAX_AGE, maxAgeSeconds));
    }

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final String body;
    private String rule;

    private ApiResponse(int status, String body) {
        this.status = status;
        this.body = body;
    }

    /** A JSON document with {@code status}. */
    public static ApiResponse json(int status, String json) {
        return new ApiResponse(status, json).header("Content-Type", JSON);
    }

    /** A response without a body (204, 304). */
    public static ApiResponse empty(int status) {
        return new ApiResponse(status, null);
    }

    /** The problem+json response for {@code problem}; never cached. */
    public static ApiResponse problem(Problem problem) {
        ApiResponse response = new ApiResponse(problem.status(), Json.problem(problem))
                .header("Content-Type", PROBLEM_JSON)
                .header("Cache-Control", NO_STORE);
        response.rule = problem.rule();
        return response;
    }

    /** Sets (or replaces) a header. */
    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Sets a header unless one is already there. */
    ApiResponse defaultHeader(String name, String value) {
        headers.putIfAbsent(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The problem rule this response answers with, or null. For the log line. */
    String rule() {
        return rule;
    }

    APIGatewayProxyResponseEvent toEvent() {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(new LinkedHashMap<>(headers))
                .withBody(body)
                .withIsBase64Encoded(false);
    }
}
