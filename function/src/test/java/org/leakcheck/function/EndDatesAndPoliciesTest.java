package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.support.CapturedLog;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.MemoryBucketSource;
import org.leakcheck.function.support.Problems;
import org.leakcheck.function.support.SettableClock;
import org.leakcheck.function.support.TestKeys;
import org.leakcheck.protocol.lookup.DisclosurePolicy;

/**
 * Disclosure policies and end dates on the buckets handler, with event fixtures, an in-memory
 * table and a wall clock moved by hand: what {@code /v2/info} and {@code /v2/feed.json} say per
 * policy, a dataset crossing its end date (listed as ended, its buckets 404 at once, whatever the
 * manifest cache holds), {@code max-age} never outliving the end date, and a manifest whose notice
 * does not parse (neither listed nor served, logged once, never a 500). Needs nothing to run.
 */
class EndDatesAndPoliciesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String KEY_ID = TestKeys.key().keyId();
    private static final String OPEN = "open-2021";
    private static final String MEMBERS = "members-2022";
    private static final String GATED = "gated-2023";

    private final SettableClock clock = new SettableClock(NOW);
    private final AtomicLong nanos = new AtomicLong();
    private final MemoryBucketSource table = new MemoryBucketSource();
    private final CapturedLog log = new CapturedLog();

    private BucketsHandler handler(Duration manifestTtl) {
        return new BucketsHandler(table, new BucketsConfig(TestKeys.key().publicKey(), PartnerBatchLimit.DEFAULT, manifestTtl,
                nanos::get, clock), HttpSettings.of(Optional.empty(), log));
    }

    private void dataset(String id, DisclosurePolicy policy, Instant servedUntil, String notice) {
        table.manifest(Datasets.manifest(id, Datasets.LOAD, 12, KEY_ID, policy, servedUntil, notice));
        table.put(id, Datasets.LOAD, 7, Datasets.entries(16, id.hashCode()));
    }

    private static APIGatewayProxyRequestEvent bucket(String dataset) {
        APIGatewayProxyRequestEvent event = Events.load("bucket-valid");
        event.setPath("/v2/buckets/" + dataset + "/" + Datasets.LOAD + "/7");
        return event;
    }

    private static JsonNode byId(JsonNode info, String id) {
        for (JsonNode d : info.get("datasets")) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("not listed: " + id);
    }

    @Test
    void infoAnnouncesEachDatasetsPolicyAndTheFactorOfThoseThatUseOne() {
        Instant until = NOW.plus(Duration.ofDays(365));
        dataset(OPEN, DisclosurePolicy.OPEN, until, Datasets.NOTICE);
        dataset(MEMBERS, DisclosurePolicy.MEMBERSHIP, until, Datasets.NOTICE);
        dataset(GATED, DisclosurePolicy.GATED, until, Datasets.NOTICE);
        JsonNode info = Events.json(handler(Duration.ofSeconds(60)).handleRequest(Events.load("info"), null).getBody());
        assertEquals(List.of(GATED, MEMBERS, OPEN), ids(info), "sorted by id");
        assertEquals("open", byId(info, OPEN).get("disclosure").asText());
        assertFalse(byId(info, OPEN).has("factor"), "open: no factor to ask for");
        for (String id : List.of(MEMBERS, GATED)) {
            JsonNode dataset = byId(info, id);
            assertEquals(id.equals(MEMBERS) ? "membership" : "gated", dataset.get("disclosure").asText());
            assertEquals("{\"label\":{\"fr\":\"Numéro d'adhérent de votre mutuelle\",\"en\":\"Your mutuelle member number\"},"
                    + "\"hint\":{\"fr\":\"Sur votre carte de tiers payant\",\"en\":\"On your third-party payment card\"}}",
                    dataset.get("factor").toString());
            assertEquals("[\"IDENTITY\",\"NIR\",\"MEDICAL\"]", dataset.get("exposedKinds").toString());
            assertEquals("served", dataset.get("status").asText());
            assertEquals(until.toString(), dataset.get("servedUntil").asText());
        }
    }

    @Test
    void aDatasetPastItsEndDateIsListedAsEndedAndItsBucketsAreNotFoundAtOnce() {
        Instant until = NOW.plus(Duration.ofHours(1));
        dataset(MEMBERS, DisclosurePolicy.MEMBERSHIP, until, Datasets.NOTICE);
        dataset(OPEN, DisclosurePolicy.OPEN, NOW.plus(Duration.ofDays(30)), Datasets.NOTICE);
        BucketsHandler handler = handler(Duration.ofSeconds(60));
        assertEquals(200, handler.handleRequest(bucket(MEMBERS), null).getStatusCode());

        clock.set(until);   // served while now < servedUntil: the end instant itself is ended
        JsonNode ended = byId(Events.json(handler.handleRequest(Events.load("info"), null).getBody()), MEMBERS);
        assertEquals("ended", ended.get("status").asText());
        assertFalse(ended.has("load") || ended.has("bucketBits") || ended.has("factor") || ended.has("exposedKinds"));
        assertEquals(Events.json(Datasets.NOTICE), ended.get("notice"));
        APIGatewayProxyResponseEvent gone = handler.handleRequest(bucket(MEMBERS), null);
        Problems.assertProblem(gone, 404, "not-found", "load.unknown", "load");
        assertEquals("no-store", gone.getHeaders().get("Cache-Control"));
        assertEquals(1, table.manifestQueries(), "decided on the clock, not by reading the table again");
        assertEquals(200, handler.handleRequest(bucket(OPEN), null).getStatusCode(), "the other dataset is still served");
    }

    @Test
    void noCacheKeepsABucketOrTheInfoPastTheEndDate() {
        dataset(OPEN, DisclosurePolicy.OPEN, NOW.plus(Duration.ofDays(400)), Datasets.NOTICE);
        dataset(MEMBERS, DisclosurePolicy.MEMBERSHIP, NOW.plus(Duration.ofSeconds(1000)).plusMillis(400), Datasets.NOTICE);
        BucketsHandler handler = handler(Duration.ofSeconds(60));
        assertEquals("public, max-age=31536000, immutable",
                handler.handleRequest(bucket(OPEN), null).getHeaders().get("Cache-Control"), "a year at most");
        assertEquals("public, max-age=1000, immutable",
                handler.handleRequest(bucket(MEMBERS), null).getHeaders().get("Cache-Control"), "the whole seconds left");
        assertEquals("public, max-age=60", handler.handleRequest(Events.load("info"), null).getHeaders().get("Cache-Control"));
        clock.advance(Duration.ofSeconds(970));
        assertEquals("public, max-age=30, immutable",
                handler.handleRequest(bucket(MEMBERS), null).getHeaders().get("Cache-Control"));
        assertEquals("public, max-age=30", handler.handleRequest(Events.load("info"), null).getHeaders().get("Cache-Control"),
                "the info must list it as ended when it ends");
        String etag = handler.handleRequest(bucket(MEMBERS), null).getHeaders().get("ETag");
        APIGatewayProxyResponseEvent notModified = handler.handleRequest(
                Events.withHeader(bucket(MEMBERS), "If-None-Match", etag), null);
        assertEquals(304, notModified.getStatusCode());
        assertEquals("public, max-age=30, immutable", notModified.getHeaders().get("Cache-Control"));
    }

    @Test
    void theInfoIsNotCachedLongerThanTheManifests() {
        dataset(OPEN, DisclosurePolicy.OPEN, NOW.plus(Duration.ofDays(400)), Datasets.NOTICE);
        assertEquals("public, max-age=2", handler(Duration.ofSeconds(2)).handleRequest(Events.load("info"), null)
                .getHeaders().get("Cache-Control"));
        assertEquals("public, max-age=0", handler(Duration.ZERO).handleRequest(Events.load("info"), null)
                .getHeaders().get("Cache-Control"));
    }

    @Test
    void theFeedNamesTheLoadOfAServedDatasetAndOnlyTheIdOfAnEndedOne() {
        dataset(MEMBERS, DisclosurePolicy.MEMBERSHIP, NOW.plus(Duration.ofDays(1)), Datasets.NOTICE);
        dataset(GATED, DisclosurePolicy.GATED, NOW.minus(Duration.ofDays(1)), Datasets.NOTICE);
        APIGatewayProxyResponseEvent response = handler(Duration.ofSeconds(60)).handleRequest(Events.load("feed"), null);
        assertEquals("application/feed+json", response.getHeaders().get("Content-Type"));
        JsonNode items = Events.json(response.getBody()).get("items");
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asText()));
        assertEquals(List.of(GATED, MEMBERS + "/" + Datasets.LOAD), ids);
        assertEquals("gated", items.get(0).get("_leakcheck").get("disclosure").asText());
        assertTrue(items.get(0).get("content_text").asText().endsWith("; no longer served."));
        assertFalse(response.getBody().contains("controller"), "the feed carries no notice");
    }

    @Test
    void aManifestWhoseNoticeDoesNotParseIsNeitherListedNorServedAndIsLoggedOnce() {
        dataset(OPEN, DisclosurePolicy.OPEN, NOW.plus(Duration.ofDays(10)), Datasets.NOTICE);
        List<String> broken = List.of("{\"controller\": ", "[1, 2]", "\"text\"", "{\"a\":1} {\"b\":2}",
                "{\"a\":1,\"a\":2}", "not json at all <script>");
        for (int i = 0; i < broken.size(); i++) {
            dataset("broken-" + i, DisclosurePolicy.MEMBERSHIP, NOW.plus(Duration.ofDays(10)), broken.get(i));
        }
        BucketsHandler handler = handler(Duration.ZERO);
        for (int round = 0; round < 3; round++) {
            APIGatewayProxyResponseEvent info = handler.handleRequest(Events.load("info"), null);
            assertEquals(200, info.getStatusCode());
            assertEquals(List.of(OPEN), ids(Events.json(info.getBody())));
            assertEquals(200, handler.handleRequest(Events.load("feed"), null).getStatusCode());
            Problems.assertProblem(handler.handleRequest(bucket("broken-0"), null), 404, "not-found", "load.unknown", "load");
        }
        List<String> warnings = log.lines().stream().filter(l -> l.contains("\"level\":\"warn\"")).toList();
        assertEquals(broken.size(), warnings.size(), "one line per broken load, however often the manifests are read");
        assertTrue(warnings.get(0).contains("broken-0") && warnings.get(0).contains("notice"), warnings.get(0));
        assertFalse(String.join("\n", log.lines()).contains("<script>"), "the notice's text is not logged");
    }

    @Test
    void aManifestTheStoreCannotReadHidesNoOtherDatasetAndIsLoggedOnce() {
        dataset(OPEN, DisclosurePolicy.OPEN, NOW.plus(Duration.ofDays(10)), Datasets.NOTICE);
        table.unreadableManifest("older-2020");
        BucketsHandler handler = handler(Duration.ZERO);
        for (int round = 0; round < 3; round++) {
            APIGatewayProxyResponseEvent info = handler.handleRequest(Events.load("info"), null);
            assertEquals(200, info.getStatusCode());
            assertEquals(List.of(OPEN), ids(Events.json(info.getBody())));
        }
        List<String> warnings = log.lines().stream().filter(l -> l.contains("\"level\":\"warn\"")).toList();
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("older-2020") && warnings.get(0).contains("cannot be read"), warnings.get(0));
    }

    private static List<String> ids(JsonNode info) {
        List<String> ids = new ArrayList<>();
        info.get("datasets").forEach(d -> ids.add(d.get("id").asText()));
        return ids;
    }
}
