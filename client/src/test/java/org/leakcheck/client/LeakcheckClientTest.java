package org.leakcheck.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.leakcheck.protocol.identity.NirIdentity;

/** The client's handling of what a server may answer, against canned HTTP answers on loopback. */
class LeakcheckClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INFO = "{\"protocolVersion\":1,\"suite\":\"P256-SHA256\",\"bucketBits\":12,"
            + "\"keyId\":\"k-1\",\"datasets\":[{\"id\":\"labs-2021\",\"title\":\"Labs\",\"description\":\"\","
            + "\"patients\":10,\"loadedAt\":\"2026-11-29T20:00:00Z\"}]}";
    private static final String EMPTY_BUCKET = "{\"bucket\":${bucket},\"entrySize\":32,\"datasets\":[]}";
    private static final NirIdentity NIR = NirIdentity.parse("1 85 05 78 006 048 30");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void readsInfo() throws Exception {
        ServiceInfo info = LeakcheckClient.parseInfo(json(INFO));
        assertEquals(12, info.bucketBits());
        assertEquals(Optional.of("k-1"), info.keyId());
        assertEquals("Labs", info.dataset("labs-2021").orElseThrow().displayName());
    }

    @Test
    void refusesAnotherProtocolVersionOrSuite() {
        for (String bad : new String[] {INFO.replace("\"protocolVersion\":1", "\"protocolVersion\":2"),
                INFO.replace("P256-SHA256", "P384-SHA384"), INFO.replace("\"bucketBits\":12", "\"bucketBits\":40"),
                INFO.replace("labs-2021", "Labs 2021!")}) {
            assertThrows(ResponseException.class, () -> LeakcheckClient.parseInfo(json(bad)));
        }
    }

    @Test
    void refusesABucketAnswerForAnotherBucketOrWithBrokenEntries() throws Exception {
        assertEquals(0, LeakcheckClient.parseBucket(json("{\"bucket\":5,\"entrySize\":32,\"datasets\":[]}"), 5).size());
        String[] bad = {"{\"bucket\":6,\"entrySize\":32,\"datasets\":[]}",
                "{\"bucket\":5,\"entrySize\":16,\"datasets\":[]}",
                "{\"bucket\":5,\"entrySize\":32}",
                "{\"bucket\":5,\"entrySize\":32,\"datasets\":[{\"id\":\"labs-2021\",\"entries\":\"AAAA\"}]}",
                "{\"bucket\":5,\"entrySize\":32,\"datasets\":[{\"id\":\"labs-2021\",\"entries\":\"AA==\"}]}",
                "{\"bucket\":5,\"entrySize\":32,\"datasets\":[{\"id\":\"../x\",\"entries\":\"\"}]}"};
        for (String body : bad) {
            assertThrows(ResponseException.class, () -> LeakcheckClient.parseBucket(json(body), 5), body);
        }
    }

    @Test
    void aProblemAnswerBecomesATypedExceptionWithFieldAndRule() throws Exception {
        try (CannedApi api = new CannedApi()) {
            api.on("/v1/info", CannedApi.Canned.json(INFO))
                    .on("/v1/buckets/*", CannedApi.Canned.json(EMPTY_BUCKET))
                    .on("/v1/evaluate", new CannedApi.Canned(400, "application/problem+json",
                            "{\"type\":\"https://leakcheck.org/problems/invalid-element\",\"title\":\"Invalid blinded element\","
                                    + "\"status\":400,\"detail\":\"blindedElement is not a point on P-256\","
                                    + "\"field\":\"blindedElement\",\"rule\":\"element.not-on-curve\"}", Map.of()));
            ApiProblemException e = assertThrows(ApiProblemException.class,
                    () -> LeakcheckClient.create(api.uri()).check(NIR));
            assertEquals(400, e.status());
            assertEquals("blindedElement", e.field());
            assertEquals("element.not-on-curve", e.rule());
            assertTrue(e.getMessage().contains("element.not-on-curve"));
        }
    }

    @Test
    void http429BecomesRateLimitedWithRetryAfter() throws Exception {
        try (CannedApi api = new CannedApi()) {
            api.on("/v1/info", new CannedApi.Canned(429, "application/json", "{\"message\":\"Too Many Requests\"}",
                    Map.of("Retry-After", "30")));
            RateLimitedException e = assertThrows(RateLimitedException.class, () -> LeakcheckClient.create(api.uri()).info());
            assertEquals(Optional.of(Duration.ofSeconds(30)), e.retryAfter());
        }
    }

    @Test
    void aProxysHtmlErrorPageIsAnApiErrorWithoutDetails() throws Exception {
        try (CannedApi api = new CannedApi()) {
            api.on("/v1/info", new CannedApi.Canned(502, "text/html", "<html>Bad gateway</html>", Map.of()));
            ApiProblemException e = assertThrows(ApiProblemException.class, () -> LeakcheckClient.create(api.uri()).info());
            assertEquals(502, e.status());
            assertEquals(null, e.rule());
        }
    }

    @Test
    void aRotatedKeyIsReportedAndInfoIsFetchedAgain() throws Exception {
        try (CannedApi api = new CannedApi()) {
            api.on("/v1/info", CannedApi.Canned.json(INFO))
                    .on("/v1/buckets/*", CannedApi.Canned.json(EMPTY_BUCKET))
                    .on("/v1/evaluate", CannedApi.Canned.json(
                            "{\"evaluatedElement\":\"A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW\",\"keyId\":\"k-2\"}"));
            LeakcheckClient client = LeakcheckClient.create(api.uri());
            ResponseException e = assertThrows(ResponseException.class, () -> client.check(NIR));
            assertTrue(e.getMessage().contains("key changed"));
            api.on("/v1/info", CannedApi.Canned.json(INFO.replace("k-1", "k-2")));
            assertFalse(client.check(NIR).found(), "after a fresh /v1/info the check goes through");
        }
    }

    @Test
    void anInvalidEvaluatedElementIsAResponseError() throws Exception {
        try (CannedApi api = new CannedApi()) {
            api.on("/v1/info", CannedApi.Canned.json(INFO))
                    .on("/v1/buckets/*", CannedApi.Canned.json(EMPTY_BUCKET))
                    .on("/v1/evaluate", CannedApi.Canned.json("{\"evaluatedElement\":\"AA\",\"keyId\":\"k-1\"}"));
            ResponseException e = assertThrows(ResponseException.class, () -> LeakcheckClient.create(api.uri()).check(NIR));
            assertTrue(e.getMessage().contains("element.identity"), e.getMessage());
        }
    }

    @Test
    void anUnreachableApiIsANetworkError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        NetworkException e = assertThrows(NetworkException.class,
                () -> LeakcheckClient.create(URI.create("http://127.0.0.1:" + port)).info());
        assertTrue(e.getMessage().startsWith("cannot reach the API"));
    }

    @Test
    void refusesAnApiUrlThatIsNotHttp() {
        assertThrows(IllegalArgumentException.class, () -> LeakcheckClient.create(URI.create("ftp://example.org")));
    }
}
