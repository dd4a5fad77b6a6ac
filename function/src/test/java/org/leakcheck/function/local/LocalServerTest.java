package org.leakcheck.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.function.BatchLimit;
import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.MemoryBucketSource;
import org.leakcheck.function.support.TestKeys;

/**
 * The local server over real HTTP on 127.0.0.1: the API answers exactly as the handlers do, and
 * the built site is served read-only with the security headers. The table is in memory here; the
 * dynalite path is in LookupIntegrationTest.
 */
class LocalServerTest {

    private static final String BATCH = "{\"blindedElements\":[\"A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW\","
            + "\"A3zyexiNA09-ilI4AwS1GsPAiWnid_IbNaYLSPxHZpl4\"]}";
    private static final String BUCKET_7 = "/v2/buckets/labs-2021/" + Datasets.LOAD + "/7";

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private EvaluateHandler evaluate;
    private BucketsHandler buckets;
    private LocalServer server;

    @BeforeEach
    void start() throws IOException {
        Path site = Files.createDirectories(root.resolve("website/dist"));
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>leakcheck</title>");
        Files.createDirectories(site.resolve("assets"));
        Files.writeString(site.resolve("assets/app.js"), "console.log(1)");
        Files.writeString(root.resolve("website/secret.txt"), "outside the site");
        Files.writeString(root.resolve("website/security-headers.json"),
                "{\"headers\": {\"Content-Security-Policy\": \"default-src 'self'\", \"X-Test\": \"yes\"}}");
        HttpSettings settings = HttpSettings.of(Optional.empty(), line -> { });
        evaluate = new EvaluateHandler(TestKeys.key(), BatchLimit.page(), settings);
        buckets = new BucketsHandler(new MemoryBucketSource()
                .put("labs-2021", Datasets.LOAD, 7, Datasets.entries(16, 7))
                .manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, TestKeys.key().keyId())),
                BucketsConfig.of(TestKeys.key().publicKey(), BatchLimit.page()), settings);
        server = new LocalServer(0, evaluate, buckets, site, LocalServer.securityHeadersFor(site));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path));
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals("127.0.0.1", server.uri().getHost());
    }

    @Test
    void answersTheApiAsTheHandlersDo() throws Exception {
        HttpResponse<String> response = send(to("/v2/evaluate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BATCH)));
        assertEquals(200, response.statusCode());
        JsonNode evaluation = Events.json(response.body());
        JsonNode direct = Events.json(evaluate.handleRequest(Events.load("evaluate-valid"), null).getBody());
        assertEquals(direct.get("evaluatedElements"), evaluation.get("evaluatedElements"));
        assertEquals(direct.get("keyId"), evaluation.get("keyId"));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());

        HttpResponse<String> bucket = send(to(BUCKET_7));
        assertEquals(200, bucket.statusCode());
        assertEquals(buckets.handleRequest(Events.load("bucket-valid"), null).getBody(), bucket.body());
        assertEquals("public, max-age=31536000, immutable", bucket.headers().firstValue("Cache-Control").orElseThrow());
        String etag = bucket.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, send(to(BUCKET_7).header("If-None-Match", etag)).statusCode());
        JsonNode info = Events.json(send(to("/v2/info")).body());
        assertEquals(1, info.get("datasets").size());
        assertEquals(TestKeys.key().publicKey().publicKeyBase64Url(), info.get("publicKey").asText());
    }

    @Test
    void mapsErrorsThroughUnchanged() throws Exception {
        assertEquals(415, send(to("/v2/evaluate").POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode());
        HttpResponse<String> tooLarge = send(to("/v2/evaluate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(200_000))));
        assertEquals(413, tooLarge.statusCode());
        assertEquals("application/problem+json", tooLarge.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> binary = send(to("/v2/evaluate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe, '{'})));
        assertEquals(400, binary.statusCode());
        assertEquals("body.json", Events.json(binary.body()).get("rule").asText());
        assertEquals(405, send(to("/v2/info").DELETE()).statusCode());
        assertEquals(404, send(to("/v2/nothing")).statusCode());
        assertEquals(404, send(to("/v1/info")).statusCode(), "version 1 is gone");
        assertEquals(400, send(to("/v2/buckets/labs-2021/" + Datasets.LOAD + "/%31")).statusCode());
        HttpResponse<String> old = send(to("/v2/buckets/labs-2021/" + Datasets.OLD_LOAD + "/7"));
        assertEquals(404, old.statusCode());
        assertEquals("no-store", old.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void servesTheSiteWithItsSecurityHeaders() throws Exception {
        HttpResponse<String> index = send(to("/"));
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("<title>leakcheck</title>"));
        assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("default-src 'self'", index.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertEquals("yes", index.headers().firstValue("X-Test").orElseThrow());
        HttpResponse<String> script = send(to("/assets/app.js"));
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> api = send(to("/v2/info"));
        assertEquals("default-src 'self'", api.headers().firstValue("Content-Security-Policy").orElseThrow());
    }

    @Test
    void neverServesAnythingOutsideTheSite() throws Exception {
        for (String path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt",
                "/..%2fsecret.txt", "/missing.html", "/assets"}) {
            HttpResponse<String> response = send(to(path));
            assertEquals(404, response.statusCode(), path);
            assertFalse(response.body().contains("outside the site"), path);
        }
        assertEquals(405, send(to("/index.html").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void refusesToServeWithoutTheHeadersFileAndNamesIt() throws Exception {
        Path file = root.resolve("website/security-headers.json");
        Files.delete(file);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> LocalServer.securityHeadersFor(root.resolve("website/dist")));
        assertTrue(missing.getMessage().contains(file.toString()), missing.getMessage());
        assertFalse(missing.getMessage().contains("\n"), "one line");
    }

    @Test
    void looksForTheHeadersBesideTheSiteOrBesideWebsiteDistWithoutOne() {
        assertEquals(root.resolve("website/security-headers.json"),
                LocalServer.securityHeadersFile(root.resolve("website/dist")));
        assertEquals(Path.of("website", "security-headers.json").toAbsolutePath(), LocalServer.securityHeadersFile(null));
    }

    @Test
    void serveTakesTheKeyAndOptionallyAnotherPublicKeyAndABatchLimit() {
        ServeOptions defaults = ServeOptions.parse(new String[] {"--endpoint", "http://127.0.0.1:1", "--table", "t",
                "--key", "key.json"});
        assertEquals(Path.of("key.json"), defaults.key());
        assertTrue(defaults.publicKey().isEmpty(), "the key's own public key");
        assertEquals(2, defaults.batchLimit().value());
        ServeOptions options = ServeOptions.parse(new String[] {"--endpoint", "http://127.0.0.1:1", "--table", "t",
                "--key", "key.json", "--public-key", "key.pub.json", "--batch-limit", "256", "--port", "0"});
        assertEquals(Optional.of(Path.of("key.pub.json")), options.publicKey());
        assertEquals(256, options.batchLimit().value());
        assertEquals(Optional.of(Path.of("h.json")), ServeOptions.parse(new String[] {"--endpoint", "http://x", "--table", "t",
                "--key", "k", "--security-headers", "h.json"}).securityHeaders());
        for (String[] bad : new String[][] {{"--endpoint", "http://x", "--table", "t"},
                {"--endpoint", "http://x", "--table", "t", "--key", "k", "--batch-limit", "1"},
                {"--endpoint", "http://x", "--table", "t", "--key", "k", "--bucket-bits", "12"}}) {
            assertThrows(IllegalArgumentException.class, () -> ServeOptions.parse(bad), String.join(" ", bad));
        }
    }

    @Test
    void anExplicitHeadersFileMustExistAndNameHeaders() throws IOException {
        Path file = root.resolve("website/security-headers.json");
        assertEquals("yes", SecurityHeaders.require(file).get("X-Test"));
        assertThrows(IllegalArgumentException.class, () -> SecurityHeaders.require(root.resolve("absent.json")));
        Path empty = Files.writeString(root.resolve("empty.json"), "{}");
        assertThrows(IllegalArgumentException.class, () -> SecurityHeaders.require(empty));
        Path notJson = Files.writeString(root.resolve("broken.json"), "[");
        assertThrows(IllegalArgumentException.class, () -> SecurityHeaders.require(notJson));
    }

    @Test
    void readsAFlatHeadersFileToo() throws IOException {
        Map<String, String> headers = SecurityHeaders.parse(
                "{\"Referrer-Policy\": \"no-referrer\", \"ignored\": 1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("Referrer-Policy", "no-referrer"), headers);
    }
}
