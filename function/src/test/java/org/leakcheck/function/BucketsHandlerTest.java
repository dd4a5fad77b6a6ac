package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.buckets.DynamoBucketSource;
import org.leakcheck.function.support.CapturedLog;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.Problems;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.BucketWrite;
import org.leakcheck.store.ProgressListener;
import org.leakcheck.store.WriteOptions;
import org.leakcheck.testkit.Dynalite;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * The buckets handler on API Gateway event fixtures, reading a real table in dynalite (needs
 * Node and testkit/node_modules, installed by the testkit module's build).
 *
 * <p>The table holds a complete dataset (buckets 0, 7, 4095, P = 2), an incomplete one (items in
 * bucket 7, no manifest) and one loaded with other bucket bits: only the first may be served.
 */
class BucketsHandlerTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();

    private static final String TABLE = "buckets-handler-test";
    private static final String ORIGIN = "https://check.example.org";
    private static final byte[] BUCKET_7 = Datasets.entries(2, 7);

    private static BucketTable table;
    private final CapturedLog log = new CapturedLog();
    private BucketsHandler handler = newHandler(Optional.empty());

    @BeforeAll
    static void loadTable() {
        table = new BucketTable(DYNAMO.client(), TABLE);
        table.createIfMissing();
        table.writeBuckets("labs-2021", List.of(new BucketWrite(0, Datasets.entries(2, 0)),
                new BucketWrite(7, BUCKET_7), new BucketWrite(4095, Datasets.entries(2, 4095))),
                WriteOptions.defaults(), ProgressListener.NONE);
        table.putManifest(Datasets.manifest("labs-2021", 2, 12, "k-20261129-0a1b2c3d"));
        table.writeBuckets("half-loaded", List.of(new BucketWrite(7, Datasets.entries(2, 70))),
                WriteOptions.defaults(), ProgressListener.NONE);
        table.writeBuckets("other-bits", List.of(new BucketWrite(7, Datasets.entries(2, 71))),
                WriteOptions.defaults(), ProgressListener.NONE);
        table.putManifest(Datasets.manifest("other-bits", 2, 16, "k-20261129-0a1b2c3d"));
    }

    private BucketsHandler newHandler(Optional<String> keyId) {
        return new BucketsHandler(new DynamoBucketSource(new BucketTable(DYNAMO.client(), TABLE)),
                BucketsConfig.of(12, keyId), HttpSettings.of(Optional.of(ORIGIN), log));
    }

    private APIGatewayProxyResponseEvent call(String fixture) {
        return handler.handleRequest(Events.load(fixture), null);
    }

    @Test
    void servesTheEntriesOfCompleteDatasetsOnly() {
        APIGatewayProxyResponseEvent response = call("bucket-valid");
        assertEquals(200, response.getStatusCode());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        JsonNode body = Events.json(response.getBody());
        assertEquals(7, body.get("bucket").asInt());
        assertEquals(32, body.get("entrySize").asInt());
        assertEquals(1, body.get("datasets").size(), "half-loaded and other-bits must not be served");
        JsonNode dataset = body.get("datasets").get(0);
        assertEquals("labs-2021", dataset.get("id").asText());
        assertArrayEquals(BUCKET_7, Base64.getUrlDecoder().decode(dataset.get("entries").asText()));
    }

    @Test
    void servesTheFirstAndLastBucketAndEmptyOnes() {
        assertEquals(1, Events.json(call("bucket-zero").getBody()).get("datasets").size());
        assertEquals(1, Events.json(call("bucket-last").getBody()).get("datasets").size());
        APIGatewayProxyResponseEvent empty = call("bucket-empty");
        assertEquals(200, empty.getStatusCode());
        assertEquals(0, Events.json(empty.getBody()).get("datasets").size());
    }

    @Test
    void bucketsCarryAStrongETagAndArePubliclyCacheable() {
        APIGatewayProxyResponseEvent response = call("bucket-valid");
        String etag = response.getHeaders().get("ETag");
        assertNotNull(etag);
        assertTrue(etag.matches("\"[A-Za-z0-9_-]{22}\""), "strong, quoted");
        assertEquals("public, max-age=300", response.getHeaders().get("Cache-Control"));
        assertEquals(etag, call("bucket-valid").getHeaders().get("ETag"), "same content, same tag");
        assertFalse(etag.equals(call("bucket-zero").getHeaders().get("ETag")));
    }

    @Test
    void answersIfNoneMatchWith304() {
        String etag = call("bucket-valid").getHeaders().get("ETag");
        APIGatewayProxyResponseEvent notModified = handler.handleRequest(
                Events.withHeader(Events.load("bucket-if-none-match"), "If-None-Match", etag), null);
        assertEquals(304, notModified.getStatusCode());
        assertNull(notModified.getBody());
        assertEquals(etag, notModified.getHeaders().get("ETag"));
        assertEquals("public, max-age=300", notModified.getHeaders().get("Cache-Control"));
        APIGatewayProxyResponseEvent weak = handler.handleRequest(
                Events.withHeader(Events.load("bucket-if-none-match"), "If-None-Match", "\"other\", W/" + etag), null);
        assertEquals(304, weak.getStatusCode(), "If-None-Match uses the weak comparison (RFC 9110 13.1.2)");
        APIGatewayProxyResponseEvent stale = handler.handleRequest(
                Events.withHeader(Events.load("bucket-if-none-match"), "If-None-Match", "\"stale\""), null);
        assertEquals(200, stale.getStatusCode());
    }

    @Test
    void infoListsTheCompleteDatasetsAndTheKeyIdOfTheirManifests() {
        APIGatewayProxyResponseEvent response = call("info");
        assertEquals(200, response.getStatusCode());
        assertEquals("public, max-age=300", response.getHeaders().get("Cache-Control"));
        JsonNode info = Events.json(response.getBody());
        assertEquals(1, info.get("protocolVersion").asInt());
        assertEquals("P256-SHA256", info.get("suite").asText());
        assertEquals(12, info.get("bucketBits").asInt());
        assertEquals("k-20261129-0a1b2c3d", info.get("keyId").asText());
        assertEquals(1, info.get("datasets").size());
        JsonNode dataset = info.get("datasets").get(0);
        assertEquals("labs-2021", dataset.get("id").asText());
        assertEquals("Title of labs-2021", dataset.get("title").asText());
        assertEquals(1000, dataset.get("patients").asLong());
        assertEquals("2026-11-29T20:00:00Z", dataset.get("loadedAt").asText());
    }

    @Test
    void infoAnnouncesTheConfiguredKeyIdFirst() {
        handler = newHandler(Optional.of("k-configured"));
        assertEquals("k-configured", Events.json(call("info").getBody()).get("keyId").asText());
    }

    @Test
    void infoAnswersIfNoneMatchWith304() {
        String etag = call("info").getHeaders().get("ETag");
        APIGatewayProxyResponseEvent response = handler.handleRequest(
                Events.withHeader(Events.load("info-if-none-match"), "If-None-Match", etag), null);
        assertEquals(304, response.getStatusCode());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "bucket-leading-zero,    400, bucket.format, bucket, invalid-bucket",
            "bucket-negative,        400, bucket.format, bucket, invalid-bucket",
            "bucket-not-a-number,    400, bucket.format, bucket, invalid-bucket",
            "bucket-out-of-range,    400, bucket.range,  bucket, invalid-bucket",
            "bucket-huge,            400, bucket.range,  bucket, invalid-bucket",
            "bucket-wrong-method,    405, route.method,  method, method-not-allowed",
            "info-wrong-method,      405, route.method,  method, method-not-allowed",
            "unknown-route,          404, route.unknown, path,   not-found",
            "unknown-trailing-slash, 404, route.unknown, path,   not-found",
            "unknown-root,           404, route.unknown, path,   not-found",
            "evaluate-valid,         404, route.unknown, path,   not-found",
    })
    void answersBadRequestsWithAProblemNamingFieldAndRule(String fixture, int status, String rule, String field,
                                                          String type) {
        APIGatewayProxyRequestEvent event = Events.load(fixture);
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        Problems.assertProblem(response, status, type, rule, field);
        EvaluateHandlerTest.assertNoEcho(event, response);
    }

    @Test
    void wrongMethodListsTheAllowedOnes() {
        assertEquals("GET, OPTIONS", call("bucket-wrong-method").getHeaders().get("Allow"));
        assertEquals("GET, OPTIONS", call("info-wrong-method").getHeaders().get("Allow"));
    }

    @Test
    void answersPreflightsOfTheAllowedOrigin() {
        for (String fixture : List.of("bucket-preflight", "info-preflight")) {
            APIGatewayProxyResponseEvent response = call(fixture);
            assertEquals(204, response.getStatusCode());
            assertEquals(ORIGIN, response.getHeaders().get("Access-Control-Allow-Origin"));
            assertEquals("GET, OPTIONS", response.getHeaders().get("Access-Control-Allow-Methods"));
        }
    }

    @Test
    void logsTheRouteButNeverTheBucket() {
        log.clear();
        call("bucket-last");
        JsonNode line = Events.json(log.last());
        assertEquals("buckets", line.get("route").asText());
        assertEquals(200, line.get("status").asInt());
        assertFalse(log.last().contains("4095"), "the bucket number must not be logged");
        JsonNode emf = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("leakcheck", emf.get("Namespace").asText());
        assertEquals("route", emf.get("Dimensions").get(0).get(0).asText());
        assertEquals(1, line.get("requests").asInt());
    }

    @Test
    void primesTheTablePathWithoutLogging() {
        log.clear();
        assertEquals(200, handler.prime());
        assertTrue(log.lines().isEmpty());
    }

    @Test
    void anUnreachableTableGivesAGeneric500AndALoggedError() {
        try (Dynalite stopped = Dynalite.startInMemory()) {
            BucketTable broken = new BucketTable(stopped.clientBuilder()
                    .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build(), TABLE);
            stopped.stop();
            BucketsHandler failing = new BucketsHandler(new DynamoBucketSource(broken),
                    BucketsConfig.of(12, Optional.empty()), HttpSettings.of(Optional.empty(), log));
            log.clear();
            APIGatewayProxyResponseEvent response = failing.handleRequest(Events.load("bucket-valid"), null);
            assertEquals(500, response.getStatusCode());
            JsonNode problem = Events.json(response.getBody());
            assertEquals("https://leakcheck.org/problems/internal", problem.get("type").asText());
            assertFalse(response.getBody().contains("Exception"), "no exception text to callers");
            JsonNode line = Events.json(log.last());
            assertEquals("error", line.get("level").asText());
            assertEquals(1, line.get("5xx").asInt());
            assertTrue(line.get("error").asText().contains("software.amazon.awssdk"), line.get("error").asText());
        }
    }
}
