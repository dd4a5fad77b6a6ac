package org.leakcheck.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.MemoryBucketSource;
import org.leakcheck.function.support.TestKeys;
import org.leakcheck.store.StoredBucket;

/**
 * The local server over real HTTP on 127.0.0.1: the API answers exactly as the handlers do, and
 * the built site is served read-only with the security headers. The table is in memory here; the
 * dynalite path is in LookupIntegrationTest.
 */
class LocalServerTest {

    private static final String GENERATOR = "A2sX0fLhLEJH-Lzm5WOkQPJ3A32BLeszoPShOUXYmMKW";

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
        evaluate = new EvaluateHandler(TestKeys.key(), settings);
        buckets = new BucketsHandler(new MemoryBucketSource()
                .put(7, new StoredBucket("labs-2021", Datasets.entries(2, 7)))
                .manifest(Datasets.manifest("labs-2021", 2, 12, "k-1")),
                BucketsConfig.of(12, Optional.empty()), settings);
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
    void answersTheApiExactlyAsTheHandlersDo() throws Exception {
        String body = "{\"blindedElement\":\"" + GENERATOR + "\"}";
        HttpResponse<String> response = send(to("/v1/evaluate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, response.statusCode());
        String direct = evaluate.handleRequest(Events.withHeader(Events.load("evaluate-valid"), "Content-Type",
                "application/json"), null).getBody();
        assertEquals(direct, response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());

        HttpResponse<String> bucket = send(to("/v1/buckets/7"));
        assertEquals(200, bucket.statusCode());
        assertEquals(buckets.handleRequest(Events.load("bucket-valid"), null).getBody(), bucket.body());
        String etag = bucket.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, send(to("/v1/buckets/7").header("If-None-Match", etag)).statusCode());
        JsonNode info = Events.json(send(to("/v1/info")).body());
        assertEquals(1, info.get("datasets").size());
    }

    @Test
    void mapsErrorsThroughUnchanged() throws Exception {
        assertEquals(415, send(to("/v1/evaluate").POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode());
        HttpResponse<String> tooLarge = send(to("/v1/evaluate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(200_000))));
        assertEquals(413, tooLarge.statusCode());
        assertEquals("application/problem+json", tooLarge.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> binary = send(to("/v1/evaluate").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe, '{'})));
        assertEquals(400, binary.statusCode());
        assertEquals(405, send(to("/v1/info").DELETE()).statusCode());
        assertEquals(404, send(to("/v1/nothing")).statusCode());
        assertEquals(400, send(to("/v1/buckets/%31")).statusCode());
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
        HttpResponse<String> api = send(to("/v1/info"));
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
    void fallsBackToStrictDefaultHeadersWithoutTheFile() throws Exception {
        Files.delete(root.resolve("website/security-headers.json"));
        assertEquals(SecurityHeaders.DEFAULT, LocalServer.securityHeadersFor(root.resolve("website/dist")));
        assertTrue(SecurityHeaders.DEFAULT.get("Content-Security-Policy").contains("default-src 'none'"));
        assertEquals("no-referrer", SecurityHeaders.DEFAULT.get("Referrer-Policy"));
    }

    @Test
    void readsAFlatHeadersFileToo() throws IOException {
        Map<String, String> headers = SecurityHeaders.parse(
                "{\"Referrer-Policy\": \"no-referrer\", \"ignored\": 1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("Referrer-Policy", "no-referrer"), headers);
    }
}
