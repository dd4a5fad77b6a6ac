package org.leakcheck.infrastructure;

/**
 * The API's access log line: one JSON object per request.
 *
 * <p>What is left out is the point. No {@code $context.path} (it carries the dataset, load and
 * bucket: the resource path {@code /v2/buckets/{dataset}/{load}/{bucket}} is logged instead), no
 * query string, no body, no client address and no user agent: joined with a bucket they would
 * narrow down who checked what (docs/protocol.md §9). The API key id tells the site's traffic from
 * a registered caller's.
 */
public final class AccessLog {
    private AccessLog() {
    }

    /** The format string given to API Gateway. */
    public static final String FORMAT = "{"
            + "\"requestId\":\"$context.requestId\","
            + "\"time\":\"$context.requestTimeEpoch\","
            + "\"stage\":\"$context.stage\","
            + "\"method\":\"$context.httpMethod\","
            + "\"route\":\"$context.resourcePath\","
            + "\"status\":\"$context.status\","
            + "\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\","
            + "\"latencyMs\":\"$context.responseLatency\","
            + "\"integrationLatencyMs\":\"$context.integration.latency\","
            + "\"integrationStatus\":\"$context.integration.status\","
            + "\"errorType\":\"$context.error.responseType\","
            + "\"apiKeyId\":\"$context.identity.apiKeyId\""
            + "}";
}
