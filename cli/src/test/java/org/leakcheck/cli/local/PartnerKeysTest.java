package org.leakcheck.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.MemoryBucketSource;
import org.leakcheck.function.support.SettableClock;
import org.leakcheck.function.support.TestKeys;

/**
 * The local server's emulation of API Gateway's API keys and usage-plan quota ({@link PartnerKeys}):
 * the key file's rules, then real HTTP on 127.0.0.1 to the real handlers (the table in memory: the
 * evaluate function never reads it). Needs nothing else.
 */
class PartnerKeysTest {
    /** Synthetic keys for the tests, not secrets. */
    private static final String PARTNER = "testPartnerKey-0000000000000000000000001";
    private static final String OTHER_PARTNER = "testPartnerKey-0000000000000000000000002";
    private static final String GENERATOR = "A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private LocalServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private LocalServer start(PartnerKeys partners, int partnerLimit) throws IOException {
        HttpSettings settings = HttpSettings.of(Optional.empty(), log::add);
        EvaluateHandler evaluate = new EvaluateHandler(TestKeys.key(), new PartnerBatchLimit(partnerLimit), settings);
        BucketsHandler buckets = new BucketsHandler(new MemoryBucketSource()
                .put("labs-2021", Datasets.LOAD, 7, Datasets.entries(16, 7))
                .manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, TestKeys.key().keyId())),
                BucketsConfig.of(TestKeys.key().publicKey(), new PartnerBatchLimit(partnerLimit)), settings);
        server = new LocalServer(0, evaluate, buckets, null, Map.of("X-Test", "yes"), partners);
        return server;
    }

    private HttpResponse<String> evaluate(int elements, String... apiKeys) throws Exception {
        String body = "{\"blindedElements\":[" + ("\"" + GENERATOR + "\",").repeat(elements - 1) + "\"" + GENERATOR
                + "\"]}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + "/v2/evaluate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (String key : apiKeys) {
            request.header("x-api-key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String rule) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("yes", response.headers().firstValue("X-Test").orElseThrow(), "the security headers too");
        JsonNode body = Events.json(response.body());
        assertEquals(rule, body.get("rule").asText());
        assertEquals(status, body.get("status").asInt());
        return body;
    }

    @Test
    void readsOneKeyALineSkippingBlankLinesAndComments() throws IOException {
        Path file = Files.writeString(dir.resolve("partners.txt"),
                "# partners of the test\n\n  " + PARTNER + "  \r\n   # another comment\n" + OTHER_PARTNER + "\n");
        assertEquals(2, PartnerKeys.read(file).size());
    }

    @Test
    void refusesABadLineNamingItsNumberNeverTheKey() throws IOException {
        Map<String, String> bad = Map.of(
                "tooShortKey-0000001", "20 to 128 characters",
                "x".repeat(129), "20 to 128 characters",
                "aKeyWith a space-in-it-0000000", "printable ASCII",
                "aKeyWithAnAccent-é-000000000000", "printable ASCII",
                "aKeyWithATab\t00000000000000000", "printable ASCII");
        for (Map.Entry<String, String> line : bad.entrySet()) {
            Path file = Files.write(dir.resolve("bad.txt"),
                    ("# first line\n" + PARTNER + "\n" + line.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PartnerKeys.read(file));
            assertTrue(e.getMessage().startsWith(file + " line 3: "), e.getMessage());
            assertTrue(e.getMessage().contains(line.getValue()), e.getMessage());
            assertFalse(e.getMessage().contains(line.getKey().strip()), "the key is never in the message");
            assertFalse(e.getMessage().contains(PARTNER), "nor any other key");
        }
        Path twice = Files.writeString(dir.resolve("twice.txt"), PARTNER + "\n" + PARTNER + "\n");
        IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class, () -> PartnerKeys.read(twice));
        assertEquals(twice + " line 2: this key is given twice", repeated.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.txt"), "# no key yet\n\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PartnerKeys.read(empty)).getMessage()
                .contains("holds no partner key"));
        assertThrows(IOException.class, () -> PartnerKeys.read(dir.resolve("missing.txt")));
        IllegalArgumentException listed = assertThrows(IllegalArgumentException.class,
                () -> PartnerKeys.of(List.of(PARTNER, "short")));
        assertTrue(listed.getMessage().startsWith("partner key 2: "), listed.getMessage());
    }

    @Test
    void writesANewRandomKeyForItsOwnerOnly() throws IOException {
        Path file = PartnerKeys.writeNewKeyFile(dir.resolve("partner.key"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String key = Files.readString(file).strip();
        assertEquals(40, key.length());
        assertEquals(1, PartnerKeys.read(file).size());
        assertNotEquals(key, Files.readString(PartnerKeys.writeNewKeyFile(dir.resolve("partner.key"))).strip());
        assertEquals(1, Files.list(dir).count(), "no temporary file is left");
    }

    @Test
    void aPartnerKeySendsUpToThePartnerLimitAndThePublicUpToQ() throws Exception {
        start(PartnerKeys.of(List.of(PARTNER, OTHER_PARTNER)), 256);
        HttpResponse<String> full = evaluate(256, PARTNER);
        assertEquals(200, full.statusCode(), full.body());
        assertEquals(256, Events.json(full.body()).get("evaluatedElements").size());
        assertEquals(200, evaluate(256, OTHER_PARTNER).statusCode());
        assertTrue(problem(evaluate(257, PARTNER), 400, "batch.too-large").get("detail").asText()
                .contains("at most 256 elements, the limit of registered API callers"));
        assertEquals(200, evaluate(4).statusCode());
        assertTrue(problem(evaluate(5), 400, "batch.too-large").get("detail").asText()
                .contains("at most 4 elements without a registered API key"));
        JsonNode batch = Events.json(get("/v2/info", PARTNER).body()).get("batch");
        assertEquals(List.of(4, 256, 256), List.of(batch.get("page").asInt(), batch.get("limit").asInt(),
                batch.get("max").asInt()));
    }

    @Test
    void aKeyThatMatchesNoneGetsTheGateways403BeforeAnyHandler() throws Exception {
        start(PartnerKeys.of(List.of(PARTNER)), 256);
        for (HttpResponse<String> refused : List.of(evaluate(2, OTHER_PARTNER), evaluate(2, PARTNER + "x"),
                evaluate(2, PARTNER.substring(1)), evaluate(2, PARTNER, PARTNER), get("/v2/info", OTHER_PARTNER),
                get("/v2/buckets/labs-2021/" + Datasets.LOAD + "/7", "x"))) {
            JsonNode body = problem(refused, 403, "api-key.invalid");
            assertEquals("https://leakcheck.org/problems/forbidden", body.get("type").asText());
        }
        assertTrue(log.isEmpty(), "no handler ran: " + log);
        assertEquals(404, get("/elsewhere", OTHER_PARTNER).statusCode(), "the key is checked on the API's routes only");
    }

    @Test
    void withoutPartnerKeysAnyKeyIsRefusedAndNoKeyIsThePublic() throws Exception {
        start(PartnerKeys.none(), 256);
        problem(evaluate(2, PARTNER), 403, "api-key.invalid");
        assertEquals(200, evaluate(4).statusCode());
        problem(evaluate(5), 400, "batch.too-large");
    }

    @Test
    void aKeyPastItsDailyQuotaGets429UntilTheNextUtcDay() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-01T23:59:00Z"));
        start(PartnerKeys.of(List.of(PARTNER, OTHER_PARTNER)).withDailyQuota(2, clock), 256);
        assertEquals(200, evaluate(8, PARTNER).statusCode());
        assertEquals(200, get("/v2/info", PARTNER).statusCode(), "every API request counts, as in a usage plan");
        JsonNode refused = problem(evaluate(8, PARTNER), 429, "rate.quota");
        assertEquals("https://leakcheck.org/problems/rate-limited", refused.get("type").asText());
        assertEquals(200, evaluate(8, OTHER_PARTNER).statusCode(), "each key has its own quota");
        assertEquals(200, evaluate(4).statusCode(), "the public has none here");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(200, evaluate(8, PARTNER).statusCode(), "a new UTC day");
    }

    @Test
    void noKeyValueReachesTheRequestLog() throws Exception {
        start(PartnerKeys.of(List.of(PARTNER)), 16);
        evaluate(16, PARTNER);
        evaluate(17, PARTNER);
        evaluate(2, OTHER_PARTNER);
        get("/v2/info", PARTNER);
        assertEquals(3, log.size(), "one line per request a handler answered");
        for (String line : log) {
            assertFalse(line.contains(PARTNER) || line.contains(OTHER_PARTNER)
                    || line.contains(PartnerKeys.apiKeyId(PARTNER)), line);
        }
    }
}
