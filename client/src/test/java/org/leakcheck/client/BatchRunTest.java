package org.leakcheck.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.ExposureKind;

/**
 * The streaming batch check against the in-process test service (batch.limit 8: two persons per
 * evaluation with an API key): order, packing, bucket reads, the errors that end a run and those
 * that do not. The HTTP-level faults against the real server are in the cli module's
 * BatchCheckIntegrationTest.
 */
class BatchRunTest {

    private static final KeyMaterial KEY = KeyMaterial.fromSeed(seed(0x10));
    private static final KeyMaterial OTHER_KEY = KeyMaterial.fromSeed(seed(0x70));
    private static final Identity NIR = NirIdentity.parse("1 85 05 78 006 048 30");
    private static final Identity NAME = NameDobIdentity.parse("d'Artagnan", "Charles", "23/11/1961");
    private static final Identity ABSENT_NAME = NameDobIdentity.parse("Martin", "Anne", "1980-05-31");
    private static final BatchOptions FAST = BatchOptions.defaults().withBackoff(Duration.ZERO, Duration.ofMillis(10))
            .withBucketReads(BatchOptions.BucketReads.NEEDED);

    private TestService service;

    @BeforeEach
    void start() throws Exception {
        service = new TestService(KEY, List.of(
                new TestService.Dataset("labs-2021", 3, Map.of(NIR, EnumSet.of(ExposureKind.NIR),
                        NAME, EnumSet.of(ExposureKind.IDENTITY))),
                new TestService.Dataset("mutuelle-2024", 0, Map.of(NIR, EnumSet.of(ExposureKind.INSURER)))));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private LeakcheckClient registered() {
        return LeakcheckClient.builder(service.uri()).pinnedKey(KEY.publicKey()).apiKey("partner-key-of-the-test").build();
    }

    /** 0: the NIR; 1: an absent name; 2: both (found); ... */
    private static List<BatchPerson> persons(int n) {
        List<BatchPerson> persons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            persons.add(switch (i % 3) {
                case 0 -> new BatchPerson(List.of(NIR), Optional.empty());
                case 1 -> new BatchPerson(List.of(ABSENT_NAME), Optional.empty());
                default -> new BatchPerson(List.of(NIR, NAME), Optional.of("12 345"));
            });
        }
        return persons;
    }

    private static List<BatchResult> drain(BatchRun run) {
        List<BatchResult> results = new ArrayList<>();
        try (run) {
            run.forEachRemaining(results::add);
        }
        return results;
    }

    @Test
    void everyPersonGetsOneResultInInputOrder() {
        List<BatchResult> results = drain(registered().checkAll(persons(11).iterator(), FAST.withConcurrency(3)));
        assertEquals(11, results.size());
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i, results.get(i).index());
            assertEquals(i % 3 != 1, results.get(i).found(), "person " + i);
            assertTrue(results.get(i).error().isEmpty());
        }
        assertEquals(Set.of("labs-2021", "mutuelle-2024"), results.get(0).byDataset().keySet());
        assertEquals(EnumSet.of(ExposureKind.NIR, ExposureKind.IDENTITY),
                results.get(2).byDataset().get("labs-2021").kinds(), "the kinds of both identities of one person");
    }

    @Test
    void withAnApiKeyPersonsArePackedToTheLimitAndEveryEvaluationHasItsSize() {
        BatchRun run = registered().checkAll(persons(5).iterator(), FAST);
        assertEquals(2, run.personsPerBatch(), "batch.limit 8 / Q 4");
        drain(run);
        assertEquals(List.of(8, 8, 8), service.evaluatedCounts(), "3 evaluations of 8 elements, dummies included");
        assertEquals(3, run.stats().evaluations());
        assertEquals(24, run.stats().elements());
    }

    @Test
    void withoutAnApiKeyEachPersonIsOneEvaluationOfQ() {
        LeakcheckClient client = LeakcheckClient.builder(service.uri()).pinnedKey(KEY.publicKey()).build();
        drain(client.checkAll(persons(3).iterator(), FAST));
        assertEquals(List.of(4, 4, 4), service.evaluatedCounts(), "the public's limit is batch.page");
    }

    @Test
    void eachBucketIsReadAtMostOncePerRun() {
        BatchRun run = registered().checkAll(persons(30).iterator(), FAST);
        drain(run);
        List<String> reads = service.requests().stream().filter(r -> r.startsWith("GET /v2/buckets/")).toList();
        assertEquals(reads.size(), new HashSet<>(reads).size(), "no bucket read twice");
        assertEquals(reads.size(), run.stats().bucketReads());
        assertTrue(reads.size() <= 8 + 1, "at most every bucket of both datasets");
    }

    @Test
    void readingAllBucketsDoesNotDependOnTheList() {
        BatchRun run = registered().checkAll(persons(1).iterator(), FAST.withBucketReads(BatchOptions.BucketReads.ALL));
        drain(run);
        Set<String> reads = new HashSet<>(service.requests().stream().filter(r -> r.startsWith("GET /v2/buckets/")).toList());
        Set<String> every = new HashSet<>();
        for (int b = 0; b < 8; b++) {
            every.add("GET /v2/buckets/labs-2021/" + service.load("labs-2021").loadIdHex() + "/" + b);
        }
        every.add("GET /v2/buckets/mutuelle-2024/" + service.load("mutuelle-2024").loadIdHex() + "/0");
        assertEquals(every, reads);
        assertEquals(9, run.stats().bucketReads());
    }

    @Test
    void autoReadsAllBucketsOnlyForAListLongEnough() {
        BatchOptions auto = FAST.withBucketReads(BatchOptions.BucketReads.AUTO);
        BatchRun shortList = registered().checkAll(persons(1).iterator(), auto.withExpectedPersons(1));
        assertFalse(shortList.readsAll(shortList.service().dataset("labs-2021").orElseThrow()), "4 elements < 8 buckets");
        BatchRun longList = registered().checkAll(persons(2).iterator(), auto.withExpectedPersons(2));
        assertTrue(longList.readsAll(longList.service().dataset("labs-2021").orElseThrow()), "8 elements >= 8 buckets");
        BatchRun unknown = registered().checkAll(persons(2).iterator(), auto);
        assertFalse(unknown.readsAll(unknown.service().dataset("labs-2021").orElseThrow()));
        shortList.close();
        longList.close();
        unknown.close();
    }

    @Test
    void anEvaluationUnderAnotherKeyEndsTheRun() {
        service.evaluateWith(OTHER_KEY);
        BatchRun run = registered().checkAll(persons(4).iterator(), FAST);
        assertThrows(KeyMismatchException.class, run::next);
        run.close();
    }

    @Test
    void anExhaustedQuotaEndsTheRunAtOnce() {
        service.on("/v2/evaluate", new TestService.Canned(429, "application/json", "{\"message\":\"Limit Exceeded\"}", Map.of()));
        BatchRun run = registered().checkAll(persons(4).iterator(), FAST);
        QuotaExhaustedException e = assertThrows(QuotaExhaustedException.class, run::next);
        assertEquals(RateLimitKind.QUOTA, e.kind());
        long posts = service.count("POST /v2/evaluate");
        assertTrue(posts >= 1 && posts <= 2, "one try per batch already in flight, no retry: " + posts);
        assertTrue(run.stats().quota() >= 1 && run.stats().quota() <= posts);
        run.close();
    }

    @Test
    void aServerErrorAfterEveryTryGivesEachPersonOfTheBatchAnExplicitError() {
        service.on("/v2/evaluate", new TestService.Canned(503, "application/json", "{}", Map.of()));
        List<BatchResult> results = drain(registered().checkAll(persons(3).iterator(), FAST.withMaxTries(2)));
        assertEquals(3, results.size(), "every person, once");
        for (BatchResult result : results) {
            assertTrue(result.error().isPresent());
            assertEquals(503, ((ApiProblemException) result.error().get()).status());
        }
        assertEquals(4, service.count("POST /v2/evaluate"), "two batches, two tries each");
    }

    @Test
    void aRefusedEvaluationEndsTheRun() {
        service.on("/v2/evaluate", new TestService.Canned(400, "application/problem+json",
                "{\"status\":400,\"rule\":\"batch.too-large\"}", Map.of()));
        BatchRun run = registered().checkAll(persons(2).iterator(), FAST);
        ApiProblemException e = assertThrows(ApiProblemException.class, run::next);
        assertEquals("batch.too-large", e.rule());
        run.close();
    }

    @Test
    void bucketReadsMayGoToAnotherBaseWithoutTheApiKey() {
        // The same service as "CDN" (its loads are its own): what is checked is that no bucket read carries the key.
        LeakcheckClient client = LeakcheckClient.builder(service.uri()).pinnedKey(KEY.publicKey())
                .apiKey("partner-key-of-the-test").bucketsApi(java.net.URI.create(service.uri() + "/")).build();
        List<BatchResult> results = drain(client.checkAll(persons(3).iterator(), FAST));
        assertEquals(List.of(true, false, true), results.stream().map(BatchResult::found).toList());
        assertTrue(service.count("GET /v2/buckets/") > 0);
        assertEquals(service.count("GET /v2/info") + service.count("POST /v2/evaluate"), service.apiKeys().size(),
                "the API key goes with info and evaluations, never with a bucket read");
    }

    @Test
    void aBaseUrlWithAStageKeepsItsPath() throws Exception {
        List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer stage = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 8);
        stage.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getRawPath());
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        stage.start();
        try {
            LeakcheckClient client = LeakcheckClient.builder(java.net.URI.create("http://127.0.0.1:"
                    + stage.getAddress().getPort() + "/prod/")).pinnedKey(KEY.publicKey()).build();
            assertThrows(ApiProblemException.class, client::info);
            assertEquals(List.of("/prod/v2/info"), paths, "an API Gateway stage is part of the base URL");
        } finally {
            stage.stop(0);
        }
    }

    @Test
    void aPersonIsOneOrTwoPlainIdentitiesOfDistinctKindsAndItsFactorIsCanonical() {
        assertThrows(IllegalArgumentException.class, () -> new BatchPerson(List.of(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new BatchPerson(List.of(NIR, NIR), Optional.empty()));
        assertEquals(Optional.of("12345"), new BatchPerson(List.of(NIR), Optional.of("12 345")).factor());
        assertEquals("BatchPerson[redacted]", new BatchPerson(List.of(NIR), Optional.of("1")).toString());
    }

    @Test
    void rateLimitsAreToldApartByTheirBodies() {
        assertEquals(RateLimitKind.QUOTA, RateLimitKind.of("{\"message\":\"Limit Exceeded\"}"));
        assertEquals(RateLimitKind.QUOTA, RateLimitKind.of("{\"status\":429,\"rule\":\"rate.quota\"}"));
        assertEquals(RateLimitKind.THROTTLED, RateLimitKind.of("{\"message\":\"Too Many Requests\"}"));
        assertEquals(RateLimitKind.THROTTLED, RateLimitKind.of("{\"rule\":\"rate.throttled\"}"));
        assertEquals(RateLimitKind.DAILY_CAP, RateLimitKind.of("{\"rule\":\"rate.daily\"}"));
        assertEquals(RateLimitKind.PER_ADDRESS, RateLimitKind.of("{\"rule\":\"rate.per-ip\"}"));
        assertEquals(RateLimitKind.UNKNOWN, RateLimitKind.of("<html>slow down</html>"));
        assertTrue(RateLimitKind.QUOTA.exhausted() && RateLimitKind.DAILY_CAP.exhausted());
        assertFalse(RateLimitKind.THROTTLED.exhausted());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryingSender.parseRetryAfter("7", clock));
        assertEquals(Optional.of(Duration.ofSeconds(90)),
                RetryingSender.parseRetryAfter("Tue, 01 Dec 2026 12:01:30 GMT", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryingSender.parseRetryAfter("Tue, 01 Dec 2026 11:00:00 GMT", clock));
        assertEquals(Optional.empty(), RetryingSender.parseRetryAfter("soon", clock));
        assertEquals(Optional.empty(), RetryingSender.parseRetryAfter("-3", clock));
    }

    private static byte[] seed(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (first + i);
        }
        return seed;
    }
}
