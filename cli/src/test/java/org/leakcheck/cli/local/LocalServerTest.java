package org.leakcheck.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

import org.leakcheck.function.PartnerBatchLimit;
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
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        Path site = Files.createDirectories(root.resolve("website/dist"));
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>leakcheck</title>");
        Files.createDirectories(site.resolve("assets"));
        Files.writeString(site.resolve("assets/app.js"), "console.log(1)");
        Files.writeString(root.resolve("website/secret.txt"), "outside the site");
        Files.writeString(root.resolve("website/security-headers.json"),
                "{\"headers\": {\"Content-Security-Policy\": \"default-src 'self'\", \"X-Test\": \"yes\"}}");
        HttpSettings settings = HttpSettings.of(Optional.empty(), log::add);
        evaluate = new EvaluateHandler(TestKeys.key(), PartnerBatchLimit.DEFAULT, settings);
        buckets = new BucketsHandler(new MemoryBucketSource()
                .put("labs-2021", Datasets.LOAD, 7, Datasets.entries(16, 7))
                .manifest(Datasets.manifest("labs-2021", Datasets.LOAD, 16, 12, TestKeys.key().keyId())),
                BucketsConfig.of(TestKeys.key().publicKey(), PartnerBatchLimit.DEFAULT), settings);
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
        assertEquals(404, send(to("/index.html").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void answersPathsOutsideTheApiAndTheSiteWithTheDocumentedProblem() throws Exception {
        for (String path : new String[] {"/missing.html", "/v1/info", "/%ff", "/assets"}) {
            log.clear();
            HttpResponse<String> response = send(to(path));
            assertRouteUnknown(response.statusCode(), response.headers().map(), response.body(), path);
            assertEquals(1, log.size(), path + ": one log line");
            assertTrue(log.get(0).contains("\"status\":404"), log.get(0));
        }
        HttpResponse<String> post = send(to("/index.html").POST(HttpRequest.BodyPublishers.noBody()));
        assertRouteUnknown(post.statusCode(), post.headers().map(), post.body(), "POST /index.html");
    }

    @Test
    void answersRawNonAsciiBytesInAPathWithTheDocumentedProblem() throws Exception {
        // UTF-8 "é" and "ë", bytes that are no UTF-8 at all, C1 and C0 control bytes, sent raw, not
        // percent-encoded, as some clients and scanners do. Some of them the HTTP parser refuses
        // before any handler runs; they get the same problem document all the same.
        for (byte[] path : new byte[][] {{'/', (byte) 0xc3, (byte) 0xa9}, {'/', 'v', '2', '/', (byte) 0xc3, (byte) 0xab},
                {'/', (byte) 0xff, (byte) 0xfe}, {'/', (byte) 0x85}, {'/', 'v', '2', '/', (byte) 0x9f},
                {'/', (byte) 0x80, (byte) 0x9f}, {'/', 0x01}, {'/', 'v', '2', '/', 0x7f}}) {
            log.clear();
            RawResponse response = raw(path);
            assertRouteUnknown(response.status(), response.headers(), response.body(), "raw " + Arrays.toString(path));
            assertEquals(1, log.size(), "one log line");
            assertFalse(log.get(0).contains("\u00c3") || log.get(0).contains("é"), "the path is not echoed");
        }
    }

    private static void assertRouteUnknown(int status, Map<String, List<String>> headers, String body, String what) {
        assertEquals(404, status, what);
        assertEquals(List.of("application/problem+json"), header(headers, "Content-Type"), what);
        assertEquals(List.of("default-src 'self'"), header(headers, "Content-Security-Policy"), what);
        assertEquals(List.of("yes"), header(headers, "X-Test"), what);
        JsonNode problem = Events.json(body);
        assertEquals("route.unknown", problem.get("rule").asText(), what);
        assertFalse(body.contains("<"), what + ": not the JDK's HTML page");
    }

    private static List<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    private record RawResponse(int status, Map<String, List<String>> headers, String body) {
    }

    /** One GET with {@code path} written byte for byte into the request line. */
    private RawResponse raw(byte[] path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET ".getBytes(StandardCharsets.US_ASCII));
            out.write(path);
            out.write(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
        }
    }

    @Test
    void infoStillAnswersWithinTwoSecondsWhileFortyClientsSendHalfTheirHeaders() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                socket.getOutputStream().write("GET /v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            Thread.sleep(200);
            HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                HttpResponse<String> info = fresh.send(to("/v2/info").timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, info.statusCode());
                assertTrue(millis < 2000, "answered in " + millis + " ms");
            }
            // And the server drops them once the request time is over, instead of waiting forever.
            Socket first = slow.get(0);
            first.setSoTimeout((LocalServer.MAX_REQUEST_SECONDS + 5) * 1000);
            long start = System.nanoTime();
            assertEquals(-1, first.getInputStream().read(), "closed without an answer");
            assertTrue(System.nanoTime() - start < (LocalServer.MAX_REQUEST_SECONDS + 3) * 1_000_000_000L);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
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
