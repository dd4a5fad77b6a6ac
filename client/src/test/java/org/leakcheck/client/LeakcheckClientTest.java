package org.leakcheck.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.client.cli.CheckCli;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.IdentityKind;
import org.leakcheck.protocol.identity.NameDobIdentity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.EntryKeys;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.rules.RuleCases;

/**
 * The client against {@link TestService}, an honest in-memory v2 service with real cryptography
 * that a test can make lie. Two datasets with different bucket bits; the NIR is in both, the name
 * in the first only. Needs nothing else (loopback HTTP only).
 */
class LeakcheckClientTest {

    private static final KeyMaterial KEY = KeyMaterial.fromSeed(seed(0x10));
    private static final KeyMaterial OTHER_KEY = KeyMaterial.fromSeed(seed(0x70));
    private static final Identity NIR = NirIdentity.parse("1 85 05 78 006 048 30");
    private static final Identity NAME = NameDobIdentity.parse("d'Artagnan", "Charles", "23/11/1961");
    private static final Identity ABSENT_NAME = NameDobIdentity.parse("Martin", "Anne", "1980-05-31");

    private TestService service;

    @BeforeEach
    void start() throws Exception {
        service = new TestService(KEY, List.of(
                new TestService.Dataset("labs-2021", 3, Map.of(
                        NIR, EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL),
                        NAME, EnumSet.of(ExposureKind.IDENTITY, ExposureKind.ADDRESS))),
                new TestService.Dataset("mutuelle-2024", 0, Map.of(
                        NIR, EnumSet.of(ExposureKind.INSURER)))));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private LeakcheckClient client() {
        return LeakcheckClient.builder(service.uri()).pinnedKey(KEY.publicKey()).build();
    }

    private static byte[] seed(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (first + i);
        }
        return seed;
    }

    @Test
    void checksBothKindsInOneSubmissionWithOneVerdictEach() {
        List<CheckResult> results = client().check(List.of(NIR, ABSENT_NAME));
        assertEquals(2, results.size());
        CheckResult nir = results.get(0);
        assertEquals(IdentityKind.NIR, nir.kind());
        assertTrue(nir.found());
        assertEquals(List.of("labs-2021", "mutuelle-2024"), nir.exposures().stream().map(e -> e.dataset().id()).toList());
        assertEquals(EnumSet.of(ExposureKind.NIR, ExposureKind.MEDICAL), nir.exposures().get(0).kinds());
        assertEquals(EnumSet.of(ExposureKind.INSURER), nir.exposures().get(1).kinds());
        CheckResult name = results.get(1);
        assertEquals(IdentityKind.NAME_DOB, name.kind());
        assertFalse(name.found());
        assertEquals(2, name.checked().size());
    }

    @Test
    void findsANameByItsCanonicalForm() {
        CheckResult result = client().check(NameDobIdentity.parse("D’ARTAGNAN", "charles", "1961-11-23"));
        assertTrue(result.found());
        assertEquals(List.of("labs-2021"), result.exposures().stream().map(e -> e.dataset().id()).toList());
        assertEquals(EnumSet.of(ExposureKind.IDENTITY, ExposureKind.ADDRESS), result.exposures().get(0).kinds());
    }

    @Test
    void everySubmissionSendsQElementsAndReadsQBucketsPerDatasetWhateverWasAsked() {
        LeakcheckClient client = client();
        client.check(NIR);
        client.check(List.of(NIR, NAME));
        client.check(ABSENT_NAME);
        client.check(List.of(NIR, NAME), Optional.of("12345"));
        assertEquals(List.of(4, 4, 4, 4), service.evaluatedCounts(), "Q = batch.page = 4, dummies included");
        assertEquals(1, service.count("GET /v2/info"), "/v2/info is read once");
        assertEquals(4 * 4, service.count("GET /v2/buckets/labs-2021/" + service.load("labs-2021").loadIdHex() + "/"));
        assertEquals(4 * 4, service.count("GET /v2/buckets/mutuelle-2024/" + service.load("mutuelle-2024").loadIdHex() + "/0"));
    }

    @Test
    void moreIdentitiesThanThePageHoldsArePaddedToTheLimitWithAnApiKey() {
        LeakcheckClient registered = LeakcheckClient.builder(service.uri()).pinnedKey(KEY.publicKey())
                .apiKey("partner-key-of-the-test").build();
        List<Identity> five = List.of(NIR, NAME, ABSENT_NAME, NIR, ABSENT_NAME);
        List<CheckResult> results = registered.check(five);
        assertEquals(List.of(true, true, false, true, false), results.stream().map(CheckResult::found).toList());
        assertEquals(List.of(8), service.evaluatedCounts(), "batch.limit of the test service");
        List<Identity> nine = List.of(NIR, NAME, ABSENT_NAME, NIR, NAME, NIR, NAME, NIR, NAME);
        assertThrows(IllegalArgumentException.class, () -> registered.check(nine));
        assertThrows(IllegalArgumentException.class, () -> registered.check(List.of()));
        assertThrows(IllegalArgumentException.class, () -> client().check(five),
                "without an API key, batch.limit is not this caller's: batch.page is");
    }

    @Test
    void aServiceAnnouncingAnotherKeyIsTheKeyErrorAndNothingIsSent() {
        service.announce(OTHER_KEY);
        KeyMismatchException e = assertThrows(KeyMismatchException.class, () -> client().check(NIR));
        assertEquals("the service's key is not the expected one", e.getMessage());
        assertEquals(List.of("GET /v2/info"), service.requests(), "no element leaves before the key is checked");
    }

    @Test
    void anAnnouncedKeyIdThatIsNotThePinnedKeysIsTheKeyError() {
        service.filterInfo(info -> info.put("keyId", OTHER_KEY.keyId()));
        assertThrows(KeyMismatchException.class, () -> client().info());
        service.filterInfo(info -> info.put("publicKey", "not base64url!"));
        assertThrows(KeyMismatchException.class, () -> client().info());
    }

    @Test
    void anEvaluationUnderAnotherKeyIsTheKeyErrorNeverNotFound() {
        // What a compromised evaluate function could do: the right key in /v2/info, its own in the answers.
        service.evaluateWith(OTHER_KEY);
        assertThrows(KeyMismatchException.class, () -> client().check(List.of(NIR, ABSENT_NAME)));
        assertEquals(0, service.count("GET /v2/buckets/"), "nothing is concluded from an unverified answer");
    }

    @Test
    void aTamperedProofIsTheKeyError() {
        service.filterEvaluation(evaluation -> {
            byte[] proof = Base64Url.decode(evaluation.get("proof").textValue());
            proof[40] ^= 0x01;
            return evaluation.put("proof", Base64Url.encode(proof));
        });
        assertThrows(KeyMismatchException.class, () -> client().check(NIR));
    }

    @Test
    void aTamperedEvaluatedElementIsTheKeyError() {
        service.filterEvaluation(evaluation -> {
            ArrayNode elements = (ArrayNode) evaluation.get("evaluatedElements");
            elements.set(0, elements.get(1));
            return evaluation;
        });
        assertThrows(KeyMismatchException.class, () -> client().check(NIR));
    }

    @Test
    void anEvaluationNamingAnotherKeyOrAnsweringAnotherCountIsTheKeyError() {
        service.filterEvaluation(evaluation -> evaluation.put("keyId", OTHER_KEY.keyId()));
        assertThrows(KeyMismatchException.class, () -> client().check(NIR));
        service.filterEvaluation(evaluation -> {
            ((ArrayNode) evaluation.get("evaluatedElements")).remove(1);
            return evaluation;
        });
        assertThrows(KeyMismatchException.class, () -> client().check(NIR));
        service.filterEvaluation(evaluation -> evaluation.put("proof", "AA=="));
        assertThrows(KeyMismatchException.class, () -> client().check(NIR));
    }

    @Test
    void aReloadDuringTheCheckRedoesTheWholeSubmissionOnce() {
        String oldLoad = service.load("labs-2021").loadIdHex();
        service.reloadAfterNextEvaluation();
        LeakcheckClient client = client();
        List<CheckResult> results = client.check(List.of(NIR, NAME));
        assertTrue(results.get(0).found() && results.get(1).found());
        assertEquals(2, service.count("GET /v2/info"), "/v2/info read again after 404 load.unknown");
        assertEquals(List.of(4, 4), service.evaluatedCounts(), "the whole submission, redone once");
        assertFalse(service.load("labs-2021").loadIdHex().equals(oldLoad));
        assertEquals(service.load("labs-2021").loadIdHex(), client.info().dataset("labs-2021").orElseThrow().load());
    }

    @Test
    void aSecondReloadDuringOneCheckIsAnError() {
        service.reloadAfterNextEvaluation();
        service.filterEvaluation(evaluation -> {
            service.reloadAfterNextEvaluation();
            return evaluation;
        });
        ResponseException e = assertThrows(ResponseException.class, () -> client().check(NIR));
        assertTrue(e.getMessage().contains("replaced twice"), e.getMessage());
    }

    @Test
    void aMatchingEntryThatDoesNotOpenIsAnErrorNeverFoundNorNotFound() {
        byte[] fingerprint = EntryKeys.derive(Oprf.VERIFIABLE.evaluate(KEY.key(), NIR.canonicalBytes()),
                service.load("labs-2021")).fingerprint();
        service.filterItems(item -> {
            for (int at = 0; at < item.length; at += Entry.SIZE) {
                if (java.util.Arrays.equals(item, at, at + fingerprint.length, fingerprint, 0, fingerprint.length)) {
                    item[at + Entry.SIZE - 1] ^= 0x01;   // the last byte of the tag
                }
            }
            return item;
        });
        ResponseException e = assertThrows(ResponseException.class, () -> client().check(NIR));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aBucketAnswerForAnotherUrlOrOfAnotherSizeIsAProtocolError() {
        service.filterItems(item -> java.util.Arrays.copyOf(item, item.length - Entry.SIZE));
        assertThrows(ResponseException.class, () -> client().check(NIR));
        service.filterItems(item -> item);
        service.on("/v2/buckets/*", TestService.Canned.json("{\"dataset\":\"labs-2021\",\"load\":\"" + "0".repeat(32)
                + "\",\"bucket\":0,\"entries\":\"\"}"));
        assertThrows(ResponseException.class, () -> client().check(NIR));
    }

    @Test
    void aDatasetThatCannotBeSearchedIsIgnoredNotCountedAsNotFound() {
        service.filterInfo(info -> {
            ((ObjectNode) info.get("datasets").get(1)).put("entrySize", 64);
            return info;
        });
        CheckResult result = client().check(NIR);
        assertEquals(List.of("labs-2021"), result.checked().stream().map(DatasetInfo::id).toList());
        assertEquals(0, service.count("GET /v2/buckets/mutuelle-2024/"));
        ServiceInfo info = LeakcheckClient.parseInfo(infoWith("\"bucketBits\": 40"), KEY.publicKey());
        assertTrue(info.datasets().isEmpty());
    }

    @Test
    void ignoresExactlyTheDatasetsWhoseBucketBitsBucketBitsRefuses() {
        for (int bits : RuleCases.BUCKET_BITS) {
            ServiceInfo info = LeakcheckClient.parseInfo(infoWith("\"bucketBits\": " + bits), KEY.publicKey());
            assertEquals(BucketBits.isValid(bits), info.dataset("labs-2021").isPresent(), "bucketBits " + bits);
        }
    }

    @Test
    void ignoresExactlyTheDatasetsWhoseIdOrLoadTheProtocolRefuses() {
        for (String id : RuleCases.DATASET_IDS) {
            ServiceInfo info = LeakcheckClient.parseInfo(json(INFO.replace("\"id\": \"labs-2021\"",
                    "\"id\": " + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(id))), KEY.publicKey());
            assertEquals(DatasetIds.isValid(id), !info.datasets().isEmpty(), "dataset \"" + id + "\"");
        }
        for (String load : RuleCases.LOAD_IDS) {
            ServiceInfo info = LeakcheckClient.parseInfo(json(INFO.replace("9f0c".repeat(8), load)), KEY.publicKey());
            assertEquals(DatasetLoad.isValidLoadId(load), !info.datasets().isEmpty(), "load \"" + load + "\"");
        }
    }

    @Test
    void refusesAnotherProtocolVersionSuiteOrMode() {
        for (String[] change : new String[][] {{"\"protocolVersion\": 2", "\"protocolVersion\": 1"},
                {"P256-SHA256", "P384-SHA384"}, {"\"VOPRF\"", "\"OPRF\""}}) {
            String info = INFO.replace(change[0], change[1]);
            assertThrows(ResponseException.class, () -> LeakcheckClient.parseInfo(json(info), KEY.publicKey()),
                    change[1]);
        }
        ServiceInfo ok = LeakcheckClient.parseInfo(json(INFO), KEY.publicKey());
        assertEquals(4, ok.batchPage());
        assertEquals(4, ok.batchLimit());
        assertEquals(256, ok.batchMax());
        assertEquals(11, ok.dataset("labs-2021").orElseThrow().bucketBits());
    }

    private static final String INFO = "{\"protocolVersion\": 2, \"suite\": \"P256-SHA256\", \"mode\": \"VOPRF\","
            + " \"publicKey\": \"" + KEY.publicKey().publicKeyBase64Url() + "\", \"keyId\": \"" + KEY.keyId() + "\","
            + " \"batch\": {\"page\": 4, \"limit\": 4, \"max\": 256}, \"datasets\": [{\"id\": \"labs-2021\", \"status\": \"served\","
            + " \"load\": \"" + "9f0c".repeat(8) + "\", \"bucketBits\": 11, \"paddedSize\": 608, \"entrySize\": 32, \"title\": \"Labs\","
            + " \"description\": \"\", \"patients\": 491840, \"entries\": 1023314, \"loadedAt\": \"2026-11-29T20:00:00Z\","
            + " \"servedUntil\": \"2027-12-01T00:00:00Z\", \"disclosure\": \"membership\", \"exposedKinds\": [\"IDENTITY\", \"MEDICAL\"],"
            + " \"factor\": {\"label\": {\"fr\": \"Numéro\", \"en\": \"Number\"}, \"hint\": {\"fr\": \"Carte\", \"en\": \"Card\"}},"
            + " \"notice\": " + TestService.NOTICE + "}]}";

    private static com.fasterxml.jackson.databind.JsonNode infoWith(String bits) {
        return json(INFO.replace("\"bucketBits\": 11", bits));
    }

    @Test
    void aProblemAnswerBecomesATypedExceptionWithFieldAndRule() {
        service.on("/v2/evaluate", new TestService.Canned(400, "application/problem+json",
                "{\"type\":\"https://leakcheck.org/problems/invalid-element\",\"title\":\"Invalid blinded element\","
                        + "\"status\":400,\"detail\":\"the element is not a point on P-256\","
                        + "\"field\":\"blindedElements[1]\",\"rule\":\"element.not-on-curve\"}", Map.of()));
        ApiProblemException e = assertThrows(ApiProblemException.class, () -> client().check(NIR));
        assertEquals(400, e.status());
        assertEquals("blindedElements[1]", e.field());
        assertEquals("element.not-on-curve", e.rule());
        assertTrue(e.getMessage().contains("element.not-on-curve"));
    }

    @Test
    void http429BecomesRateLimitedWithRetryAfter() {
        service.on("/v2/info", new TestService.Canned(429, "application/json", "{\"message\":\"Too Many Requests\"}",
                Map.of("Retry-After", "30")));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> client().info());
        assertEquals(Optional.of(Duration.ofSeconds(30)), e.retryAfter());
    }

    @Test
    void aProxysHtmlErrorPageIsAnApiErrorWithoutDetails() {
        service.on("/v2/info", new TestService.Canned(502, "text/html", "<html>Bad gateway</html>", Map.of()));
        ApiProblemException e = assertThrows(ApiProblemException.class, () -> client().info());
        assertEquals(502, e.status());
        assertNull(e.rule());
    }

    @Test
    void anUnreachableApiIsANetworkError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        NetworkException e = assertThrows(NetworkException.class, () -> LeakcheckClient.builder(
                URI.create("http://127.0.0.1:" + port)).pinnedKey(KEY.publicKey()).build().info());
        assertTrue(e.getMessage().startsWith("cannot reach the API"));
    }

    @Test
    void aRegisteredCallerSendsItsApiKeyOnEveryRequest() {
        LeakcheckClient client = LeakcheckClient.builder(service.uri()).pinnedKey(KEY.publicKey()).apiKey("k3y-value").build();
        assertTrue(client.check(NIR).found());
        assertEquals(service.requests().size(), service.apiKeys().size());
        assertTrue(service.apiKeys().stream().allMatch("k3y-value"::equals));
        assertThrows(IllegalArgumentException.class, () -> LeakcheckClient.builder(service.uri()).apiKey("two words"));
        int sent = service.apiKeys().size();
        client().check(NIR);
        assertEquals(sent, service.apiKeys().size(), "no key header without an API key");
    }

    @Test
    void needsAnHttpUrlAndAPinnedKey() {
        assertThrows(IllegalArgumentException.class,
                () -> LeakcheckClient.builder(URI.create("ftp://example.org")).pinnedKey(KEY.publicKey()).build());
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> LeakcheckClient.builder(URI.create("https://example.org")).build());
        assertTrue(e.getMessage().contains("no default"));
    }

    @Test
    void theCheckCommandPrintsOneVerdictPerIdentityAndExitsWithTheAnswer(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.pub.json"), KEY.publicKey().toJson());
        String[] both = {"--api", service.uri().toString(), "--public-key", key.toString(), "--nir", "185057800604830",
                "--last-name", "Martin", "--first-name", "Anne", "--birth-date", "1980-05-31"};
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(CheckCli.FOUND, CheckCli.run(both, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].startsWith("FOUND: the NIR is in 2 of the 2 dataset(s)"), out.toString());
        assertTrue(out.toString().contains("  - Title of labs-2021 (labs-2021)\n    exposed: social security number (NIR), "
                + "medical data"), out.toString());
        assertTrue(out.toString().contains("    contact: Cellule fuite — https://example.org/fuite, fuite@example.org, "
                + "+33 1 23 45 67 89\n"), out.toString());
        assertTrue(out.toString().contains("NOT FOUND: the name with birth date is in none of the 2 dataset(s) checked:"),
                out.toString());
        assertFalse(out.toString().contains("Martin") || out.toString().contains("185057"), "no identity is printed");

        String[] absent = {"--api", service.uri().toString(), "--public-key", key.toString(), "--last-name", "Martin",
                "--first-name", "Anne", "--birth-date", "1980-05-31"};
        assertEquals(CheckCli.NOT_FOUND, CheckCli.run(absent, new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true)));

        service.evaluateWith(OTHER_KEY);
        StringWriter forged = new StringWriter();
        assertEquals(CheckCli.ERROR, CheckCli.run(both, new PrintWriter(new StringWriter(), true), new PrintWriter(forged, true)));
        assertTrue(forged.toString().contains("the service's key is not the expected one"), forged.toString());
        assertFalse(forged.toString().contains("NOT FOUND"));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
