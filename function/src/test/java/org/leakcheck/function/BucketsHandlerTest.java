package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
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
import org.leakcheck.function.support.CapturedLog;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.Problems;
import org.leakcheck.function.support.TestKeys;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.Progress;
import org.leakcheck.store.StoredBucket;
import org.leakcheck.store.WriteOptions;
import org.leakcheck.testkit.Dynalite;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * The buckets handler on API Gateway event fixtures, reading a real table in dynalite (needs
 * Node and testkit/node_modules, installed by the testkit module's build).
 *
 * <p>The table holds {@code labs-2021} served under the fixtures' load (B = 12, P = 16; items 0, 7
 * and 4095), the items of its previous load (left by a reload not yet cleaned up), a dataset
 * loaded under another key, one loaded for protocol version 1, items of a dataset without a
 * manifest, and a membership dataset whose end date has passed: only the first may be served,
 * and only under its current load; the ended one is listed as ended.
 */
class BucketsHandlerTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();

    private static final String TABLE = "buckets-handler-test";
    private static final String ORIGIN = "https://check.example.org";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final byte[] BUCKET_7 = Datasets.entries(16, 7);
    private static final PinnedKey PUBLIC_KEY = TestKeys.key().publicKey();

    private final CapturedLog log = new CapturedLog();
    private final BucketsHandler handler = newHandler(PartnerBatchLimit.DEFAULT);

    @BeforeAll
    static void loadTable() {
        BucketTable table = new BucketTable(DYNAMO.client(), TABLE);
        table.createIfMissing();
        String keyId = PUBLIC_KEY.keyId();
        write(table, DatasetLoad.of("labs-2021", Datasets.LOAD, 12), new StoredBucket(0, Datasets.entries(16, 0)),
                new StoredBucket(7, BUCKET_7), new StoredBucket(4095, Datasets.entries(16, 4095)));
        write(table, DatasetLoad.of("labs-2021", Datasets.OLD_LOAD, 12), new StoredBucket(7, Datasets.entries(16, 77)));
        table.putManifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, keyId));
        write(table, DatasetLoad.of("foreign-key", Datasets.LOAD, 12), new StoredBucket(7, Datasets.entries(16, 70)));
        table.putManifest(Datasets.manifest("foreign-key", Datasets.LOAD, 16, 12, TestKeys.otherKey().keyId()));
        write(table, DatasetLoad.of("old-version", Datasets.LOAD, 12), new StoredBucket(7, Datasets.entries(16, 71)));
        table.putManifest(Datasets.manifest("old-version", Datasets.LOAD, 16, 12, keyId, 1, 32));
        write(table, DatasetLoad.of("half-loaded", Datasets.LOAD, 12), new StoredBucket(7, Datasets.entries(16, 72)));
        write(table, DatasetLoad.of("ended-2020", Datasets.LOAD, 12), new StoredBucket(7, Datasets.entries(16, 73)));
        table.putManifest(Datasets.manifest("ended-2020", Datasets.LOAD, 12, keyId, DisclosurePolicy.MEMBERSHIP,
                Instant.parse("2026-01-01T00:00:00Z"), Datasets.NOTICE));
    }

    private static void write(BucketTable table, DatasetLoad load, StoredBucket... items) {
        table.writeBuckets(load, Datasets.SERVED_UNTIL, List.of(items), WriteOptions.defaults(), Progress.NONE);
    }

    private BucketsHandler newHandler(PartnerBatchLimit limit) {
        return new BucketsHandler(new BucketTable(DYNAMO.client(), TABLE),
                BucketsConfig.of(PUBLIC_KEY, limit), HttpSettings.of(Optional.of(ORIGIN), log));
    }

    private APIGatewayProxyResponseEvent call(String fixture) {
        return handler.handleRequest(Events.load(fixture), null);
    }

    @Test
    void servesTheItemOfTheServedLoad() {
        APIGatewayProxyResponseEvent response = call("bucket-valid");
        assertEquals(200, response.getStatusCode());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        JsonNode body = Events.json(response.getBody());
        assertEquals(4, body.size());
        assertEquals("labs-2021", body.get("dataset").asText());
        assertEquals(Datasets.LOAD, body.get("load").asText());
        assertEquals(7, body.get("bucket").asInt());
        assertArrayEquals(BUCKET_7, Base64Url.decode(body.get("entries").asText()));
    }

    @Test
    void servesTheFirstAndLastBucketOfTheDataset() {
        assertEquals(0, Events.json(call("bucket-zero").getBody()).get("bucket").asInt());
        assertEquals(4095, Events.json(call("bucket-last").getBody()).get("bucket").asInt());
    }

    @Test
    void aBucketIsImmutableAndCarriesAStrongETag() {
        APIGatewayProxyResponseEvent response = call("bucket-valid");
        String etag = response.getHeaders().get("ETag");
        assertNotNull(etag);
        assertTrue(etag.matches("\"[A-Za-z0-9_-]{22}\""), "strong, quoted");
        assertEquals(IMMUTABLE, response.getHeaders().get("Cache-Control"));
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
        assertEquals(IMMUTABLE, notModified.getHeaders().get("Cache-Control"));
        APIGatewayProxyResponseEvent weak = handler.handleRequest(
                Events.withHeader(Events.load("bucket-if-none-match"), "If-None-Match", "\"other\", W/" + etag), null);
        assertEquals(304, weak.getStatusCode(), "If-None-Match uses the weak comparison (RFC 9110 13.1.2)");
        APIGatewayProxyResponseEvent stale = handler.handleRequest(
                Events.withHeader(Events.load("bucket-if-none-match"), "If-None-Match", "\"stale\""), null);
        assertEquals(200, stale.getStatusCode());
    }

    @Test
    void aLoadThatIsNotTheServedOneIsNotFoundAndNeverCached() {
        for (String fixture : List.of("bucket-old-load", "bucket-unknown-dataset", "bucket-other-key")) {
            APIGatewayProxyResponseEvent response = call(fixture);
            Problems.assertProblem(response, 404, "not-found", "load.unknown", "load");
            assertEquals("no-store", response.getHeaders().get("Cache-Control"), fixture);
        }
        for (String dataset : List.of("old-version", "half-loaded", "ended-2020")) {
            APIGatewayProxyRequestEvent event = Events.load("bucket-valid");
            event.setPath("/v2/buckets/" + dataset + "/" + Datasets.LOAD + "/7");
            Problems.assertProblem(handler.handleRequest(event, null), 404, "not-found", "load.unknown", "load");
        }
    }

    @Test
    void infoPublishesTheKeyTheBatchLimitsAndTheServedLoads() {
        APIGatewayProxyResponseEvent response = call("info");
        assertEquals(200, response.getStatusCode());
        assertEquals("public, max-age=60", response.getHeaders().get("Cache-Control"));
        assertNotNull(response.getHeaders().get("ETag"));
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        JsonNode info = Events.json(response.getBody());
        assertEquals(2, info.get("protocolVersion").asInt());
        assertEquals("P256-SHA256", info.get("suite").asText());
        assertEquals("VOPRF", info.get("mode").asText());
        assertEquals(PUBLIC_KEY.publicKeyBase64Url(), info.get("publicKey").asText());
        assertTrue(PUBLIC_KEY.matches(Base64Url.decode(info.get("publicKey").asText())));
        assertEquals(PUBLIC_KEY.keyId(), info.get("keyId").asText());
        JsonNode batch = info.get("batch");
        assertEquals(4, batch.get("page").asInt(), "the public's limit");
        assertEquals(256, batch.get("limit").asInt(), "registered callers' limit, by default the maximum");
        assertEquals(256, batch.get("max").asInt());
        assertEquals(2, info.get("datasets").size(), "another key, another version, no manifest: not listed");
        JsonNode ended = info.get("datasets").get(0);
        assertEquals(List.of("id", "status", "title", "description", "servedUntil", "disclosure", "notice"),
                fieldNames(ended), "an ended dataset has no load: no client reads its buckets");
        assertEquals("ended-2020", ended.get("id").asText());
        assertEquals("ended", ended.get("status").asText());
        assertEquals("2026-01-01T00:00:00Z", ended.get("servedUntil").asText());
        assertEquals("membership", ended.get("disclosure").asText());
        assertEquals(Events.json(Datasets.NOTICE), ended.get("notice"));
        JsonNode dataset = info.get("datasets").get(1);
        assertEquals(List.of("id", "status", "load", "bucketBits", "paddedSize", "entrySize", "title", "description",
                "patients", "entries", "loadedAt", "servedUntil", "disclosure", "exposedKinds", "notice"),
                fieldNames(dataset), "open: no factor");
        assertEquals("labs-2021", dataset.get("id").asText());
        assertEquals("served", dataset.get("status").asText());
        assertEquals(Datasets.LOAD, dataset.get("load").asText());
        assertEquals(12, dataset.get("bucketBits").asInt());
        assertEquals(16, dataset.get("paddedSize").asInt());
        assertEquals(32, dataset.get("entrySize").asInt());
        assertEquals("Title of labs-2021", dataset.get("title").asText());
        assertEquals("Synthetic dataset for tests", dataset.get("description").asText());
        assertEquals(1000, dataset.get("patients").asLong());
        assertEquals(900, dataset.get("entries").asLong());
        assertEquals("2026-11-29T20:00:00Z", dataset.get("loadedAt").asText());
        assertEquals("2036-01-01T00:00:00Z", dataset.get("servedUntil").asText());
        assertEquals("open", dataset.get("disclosure").asText());
        assertEquals("[\"IDENTITY\",\"NIR\",\"MEDICAL\"]", dataset.get("exposedKinds").toString(), "in bit order");
        assertEquals(Events.json(Datasets.NOTICE), dataset.get("notice"), "the notice, passed through as JSON");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theFeedListsEveryDatasetServedOrEndedAsJsonFeed() {
        APIGatewayProxyResponseEvent response = call("feed");
        assertEquals(200, response.getStatusCode());
        assertEquals("application/feed+json", response.getHeaders().get("Content-Type"));
        assertEquals("public, max-age=300", response.getHeaders().get("Cache-Control"));
        JsonNode feed = Events.json(response.getBody());
        assertEquals("https://jsonfeed.org/version/1.1", feed.get("version").asText());
        assertEquals(2, feed.get("items").size());
        JsonNode served = feed.get("items").get(1);
        assertEquals("labs-2021/" + Datasets.LOAD, served.get("id").asText());
        assertEquals("Title of labs-2021", served.get("title").asText());
        assertEquals("Synthetic dataset for tests\n\nServed until 2036-01-01T00:00:00Z.", served.get("content_text").asText());
        assertEquals("2026-11-29T20:00:00Z", served.get("date_published").asText());
        assertEquals("{\"dataset\":\"labs-2021\",\"status\":\"served\",\"servedUntil\":\"2036-01-01T00:00:00Z\","
                + "\"disclosure\":\"open\"}", served.get("_leakcheck").toString());
        JsonNode ended = feed.get("items").get(0);
        assertEquals("ended-2020", ended.get("id").asText(), "the same load date: by id; an ended item names no load");
        assertEquals("ended", ended.get("_leakcheck").get("status").asText());
        assertFalse(response.getBody().contains("content_html"), "plain text only");
        String etag = response.getHeaders().get("ETag");
        APIGatewayProxyResponseEvent notModified = handler.handleRequest(
                Events.withHeader(Events.load("feed-if-none-match"), "If-None-Match", etag), null);
        assertEquals(304, notModified.getStatusCode());
        assertEquals("public, max-age=300", notModified.getHeaders().get("Cache-Control"));
    }

    @Test
    void infoAnnouncesTheConfiguredPartnerLimit() {
        JsonNode batch = Events.json(newHandler(new PartnerBatchLimit(64)).handleRequest(Events.load("info"), null)
                .getBody()).get("batch");
        assertEquals(4, batch.get("page").asInt());
        assertEquals(64, batch.get("limit").asInt());
        assertEquals(256, batch.get("max").asInt());
    }

    @Test
    void infoAnswersIfNoneMatchWith304() {
        String etag = call("info").getHeaders().get("ETag");
        APIGatewayProxyResponseEvent response = handler.handleRequest(
                Events.withHeader(Events.load("info-if-none-match"), "If-None-Match", etag), null);
        assertEquals(304, response.getStatusCode());
        assertEquals("public, max-age=60", response.getHeaders().get("Cache-Control"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "bucket-bad-dataset,      400, dataset.format, dataset, invalid-bucket",
            "bucket-bad-load,         400, load.format,    load,    invalid-bucket",
            "bucket-short-load,       400, load.format,    load,    invalid-bucket",
            "bucket-leading-zero,     400, bucket.format,  bucket,  invalid-bucket",
            "bucket-negative,         400, bucket.format,  bucket,  invalid-bucket",
            "bucket-not-a-number,     400, bucket.format,  bucket,  invalid-bucket",
            "bucket-out-of-range,     400, bucket.range,   bucket,  invalid-bucket",
            "bucket-huge,             400, bucket.range,   bucket,  invalid-bucket",
            "bucket-old-load,         404, load.unknown,   load,    not-found",
            "bucket-wrong-method,     405, route.method,   method,  method-not-allowed",
            "info-wrong-method,       405, route.method,   method,  method-not-allowed",
            "feed-wrong-method,       405, route.method,   method,  method-not-allowed",
            "unknown-route,           404, route.unknown,  path,    not-found",
            "unknown-trailing-slash,  404, route.unknown,  path,    not-found",
            "unknown-root,            404, route.unknown,  path,    not-found",
            "unknown-v1,              404, route.unknown,  path,    not-found",
            "unknown-bucket-segments, 404, route.unknown,  path,    not-found",
            "evaluate-valid,          404, route.unknown,  path,    not-found",
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
        assertEquals("GET, OPTIONS", call("feed-wrong-method").getHeaders().get("Allow"));
    }

    @Test
    void answersPreflightsOfTheAllowedOrigin() {
        for (String fixture : List.of("bucket-preflight", "info-preflight", "feed-preflight")) {
            APIGatewayProxyResponseEvent response = call(fixture);
            assertEquals(204, response.getStatusCode());
            assertEquals(ORIGIN, response.getHeaders().get("Access-Control-Allow-Origin"));
            assertEquals("GET, OPTIONS", response.getHeaders().get("Access-Control-Allow-Methods"));
        }
    }

    @Test
    void logsTheRouteButNeverTheBucketOrTheDataset() {
        log.clear();
        call("bucket-last");
        JsonNode line = Events.json(log.last());
        assertEquals("buckets", line.get("route").asText());
        assertEquals(200, line.get("status").asInt());
        assertFalse(log.last().contains("4095"), "the bucket number must not be logged");
        assertFalse(log.last().contains(Datasets.LOAD), "the load must not be logged");
        JsonNode emf = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals("leakcheck", emf.get("Namespace").asText());
        assertEquals("route", emf.get("Dimensions").get(0).get(0).asText());
        assertEquals(1, line.get("requests").asInt());
    }

    @Test
    void primesInfoAndABucketWithoutLogging() {
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
            BucketsHandler failing = new BucketsHandler(broken,
                    BucketsConfig.of(PUBLIC_KEY, PartnerBatchLimit.DEFAULT), HttpSettings.of(Optional.empty(), log));
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
