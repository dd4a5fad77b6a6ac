package org.leakcheck.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.cli.LoaderRun;
import org.leakcheck.client.CheckResult;
import org.leakcheck.client.KeyMismatchException;
import org.leakcheck.client.LeakcheckClient;
import org.leakcheck.client.cli.CheckCli;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.KnownAnswers;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.TableLayout;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * End to end against dynalite: the loader makes a key, generates and loads a synthetic leak, the
 * local server runs both handlers over HTTP, and the Java client (and the {@code check} command)
 * look people up with the key pinned. Also in the table: a dataset loaded from the same file that
 * lost its manifest (as a load killed before its last step leaves it) and one loaded under another
 * key; neither may ever be served. Then the ways a service can lie about its key: a server that
 * publishes another key, an evaluate function that evaluates under another key, and a proxy that
 * flips one bit of each proof: each is the key error, never "not found".
 *
 * <p>Needs Node and testkit/node_modules (dynalite), and the loader module.
 */
class LookupIntegrationTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();

    private static final String TABLE = "lookup-integration";
    private static final String DATASET = "labs-2021";
    private static final String INCOMPLETE = "half-loaded";
    private static final String FOREIGN = "other-key-2021";
    private static final String RELOADED = "reloaded-2022";
    private static final String TITLE = "Synthetic laboratories leak";

    @TempDir
    static Path dir;

    private static List<KnownAnswers.Case> cases;
    private static KeyMaterial key;
    private static KeyMaterial otherKey;
    private static Path publicKeyFile;
    private static Path otherPublicKeyFile;
    private static DatasetLoad incompleteLoad;
    private static BucketTable table;
    private static LocalServer server;
    private static final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void loadAndServe() throws Exception {
        Path keyFile = dir.resolve("key.json");
        Path otherKeyFile = dir.resolve("other.json");
        Path csv = dir.resolve("leak.csv");
        Path answers = dir.resolve("known-answers.json");
        LoaderRun.succeeds("keygen", "--out", keyFile.toString());
        LoaderRun.succeeds("keygen", "--out", otherKeyFile.toString());
        publicKeyFile = dir.resolve("key.pub.json");
        otherPublicKeyFile = dir.resolve("other.pub.json");
        LoaderRun.succeeds("generate", "--records", "3000", "--seed", "4242", "--output", csv.toString(),
                "--known-answers", answers.toString());
        String endpoint = DYNAMO.endpoint().toString();
        Files.writeString(dir.resolve("notice.json"), Datasets.NOTICE);
        loadOpen("--input", csv.toString(), "--dataset", DATASET, "--key", keyFile.toString(), "--title", TITLE,
                "--table", TABLE, "--endpoint", endpoint, "--create-table");
        loadOpen("--input", csv.toString(), "--dataset", INCOMPLETE, "--key", keyFile.toString(),
                "--table", TABLE, "--endpoint", endpoint);
        loadOpen("--input", csv.toString(), "--dataset", FOREIGN, "--key", otherKeyFile.toString(),
                "--table", TABLE, "--endpoint", endpoint);
        table = new BucketTable(DYNAMO.client(), TABLE);
        incompleteLoad = table.manifest(INCOMPLETE).orElseThrow().load();
        DYNAMO.client().deleteItem(r -> r.tableName(TABLE).key(TableLayout.manifestKey(INCOMPLETE)));
        cases = KnownAnswers.read(answers);

        key = KeyFiles.readSecret(keyFile);
        otherKey = KeyFiles.readSecret(otherKeyFile);
        assertEquals(key.publicKey(), KeyFiles.readPublic(publicKeyFile), "keygen writes the public-key file");
        server = serve(key, key.publicKey(), BucketsConfig.MAX_MANIFEST_TTL);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A local server whose evaluate function holds {@code evaluateKey} and whose buckets function publishes {@code published}. */
    private static LocalServer serve(KeyMaterial evaluateKey, PinnedKey published, Duration manifestTtl) throws IOException {
        HttpSettings http = HttpSettings.of(Optional.empty(), line -> { });
        return new LocalServer(0, new EvaluateHandler(evaluateKey, PartnerBatchLimit.DEFAULT, http),
                new BucketsHandler(table,
                        new BucketsConfig(published, PartnerBatchLimit.DEFAULT, manifestTtl, System::nanoTime), http),
                null, Map.of());
    }

    /** {@code loader load ARGS} under the open policy, served for a year, with the test notice. */
    private static void loadOpen(String... args) {
        List<String> all = new ArrayList<>(List.of("load"));
        all.addAll(List.of(args));
        all.addAll(List.of("--disclosure", "open", "--served-until", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString(),
                "--notice", dir.resolve("notice.json").toString()));
        LoaderRun.succeeds(all.toArray(String[]::new));
    }

    private static LeakcheckClient client(URI api, PinnedKey pinned) {
        return LeakcheckClient.builder(api).pinnedKey(pinned).build();
    }

    private static KnownAnswers.Case first(String expected, String kind) {
        return cases.stream().filter(c -> c.expected().equals(expected) && (kind == null || c.kind().equals(kind)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + expected + " " + kind + " case"));
    }

    @Test
    void theClientFindsEveryPresentIdentityAndNoAbsentOne() {
        LeakcheckClient client = client(server.uri(), key.publicKey());
        assertTrue(cases.stream().anyMatch(c -> c.expected().equals("present")));
        assertTrue(cases.stream().anyMatch(c -> c.expected().equals("present-variant")));
        assertTrue(cases.stream().anyMatch(c -> c.expected().equals("absent")));
        for (KnownAnswers.Case c : cases) {
            CheckResult result = client.check(c.identity());
            assertEquals(c.present(), result.found(), c.toString());
            assertEquals(List.of(DATASET), result.checked().stream().map(d -> d.id()).toList(),
                    "only the complete dataset under this key is searched");
            if (result.found()) {
                assertEquals(1, result.exposures().size(), c.toString());
                CheckResult.Exposure exposure = result.exposures().get(0);
                assertEquals(DATASET, exposure.dataset().id());
                assertEquals(TITLE, exposure.dataset().title());
                assertFalse(exposure.kinds().isEmpty(), c + ": the details name the exposed kinds");
            }
        }
    }

    @Test
    void bothKindsInOneSubmissionGetOneVerdictEach() {
        LeakcheckClient client = client(server.uri(), key.publicKey());
        Identity nir = first("present", "nir").identity();
        Identity absentName = first("absent", "name-dob").identity();
        Identity absentNir = first("absent", "nir").identity();
        Identity variantName = first("present-variant", "name-dob").identity();
        assertEquals(List.of(true, false), client.check(List.of(nir, absentName)).stream().map(CheckResult::found).toList());
        assertEquals(List.of(false, true), client.check(List.of(absentNir, variantName)).stream().map(CheckResult::found).toList());
    }

    @Test
    void anIncompleteDatasetOrOneUnderAnotherKeyIsNeverServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode info = Events.json(http.send(HttpRequest.newBuilder(server.uri().resolve("/v2/info")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(1, info.get("datasets").size());
        JsonNode served = info.get("datasets").get(0);
        assertEquals(DATASET, served.get("id").asText());
        DatasetManifest manifest = table.manifest(DATASET).orElseThrow();
        assertEquals(manifest.loadId(), served.get("load").asText());
        assertEquals(manifest.bucketBits(), served.get("bucketBits").asInt());
        assertEquals(manifest.paddedBucketSize(), served.get("paddedSize").asInt());
        for (DatasetLoad load : List.of(incompleteLoad, table.manifest(FOREIGN).orElseThrow().load())) {
            assertTrue(table.bucketEntries(load, 0).isPresent(), "the table does hold items of " + load.datasetId());
            String path = "/v2/buckets/" + load.datasetId() + "/" + load.loadIdHex() + "/0";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, response.statusCode(), path);
            assertEquals("load.unknown", Events.json(response.body()).get("rule").asText());
        }
    }

    @Test
    void theCheckCommandAnswersWithItsExitStatus() {
        KnownAnswers.Case present = first("present", "nir");
        KnownAnswers.Case variant = first("present-variant", "name-dob");
        KnownAnswers.Case absent = first("absent", null);

        Output found = check(publicKeyFile, present.args());
        assertEquals(CheckCli.FOUND, found.exit, found.err);
        assertTrue(found.out.startsWith("FOUND"), found.out);
        assertTrue(found.out.contains(TITLE + " (" + DATASET + ")"), found.out);
        assertTrue(found.out.contains("exposed: "), found.out);
        assertEquals(CheckCli.FOUND, check(publicKeyFile, variant.args()).exit);
        Output notFound = check(publicKeyFile, absent.args());
        assertEquals(CheckCli.NOT_FOUND, notFound.exit, notFound.err);
        assertTrue(notFound.out.startsWith("NOT FOUND"), notFound.out);

        List<String> both = new ArrayList<>(first("absent", "nir").args());
        both.addAll(variant.args());
        Output two = check(publicKeyFile, both);
        assertEquals(CheckCli.FOUND, two.exit, two.err);
        assertTrue(two.out.startsWith("NOT FOUND: the NIR"), two.out);
        assertTrue(two.out.contains("FOUND: the name with birth date is in 1 of the 1 dataset(s) checked"), two.out);
    }

    @Test
    void aWrongPinnedKeyIsTheKeyErrorNeverNotFound() {
        KnownAnswers.Case absent = first("absent", "nir");
        KeyMismatchException e = assertThrows(KeyMismatchException.class,
                () -> client(server.uri(), otherKey.publicKey()).check(absent.identity()));
        assertEquals("the service's key is not the expected one", e.getMessage());
        Output output = check(otherPublicKeyFile, absent.args());
        assertEquals(CheckCli.ERROR, output.exit);
        assertTrue(output.err.contains("the service's key is not the expected one"), output.err);
        assertFalse(output.out.contains("FOUND"), "no verdict: " + output.out);
    }

    @Test
    void anEvaluateFunctionUnderAnotherKeyIsTheKeyErrorNeverNotFound() throws Exception {
        // A compromised evaluate function: /v2/info publishes the real key, the evaluations use another.
        LocalServer forged = serve(otherKey, key.publicKey(), BucketsConfig.MAX_MANIFEST_TTL);
        closing.add(forged);
        for (String expected : List.of("absent", "present")) {
            KnownAnswers.Case c = first(expected, "nir");
            assertThrows(KeyMismatchException.class, () -> client(forged.uri(), key.publicKey()).check(c.identity()), expected);
        }
        Output output = check(forged.uri(), publicKeyFile, first("absent", "nir").args());
        assertEquals(CheckCli.ERROR, output.exit);
        assertTrue(output.err.contains("the service's key is not the expected one"), output.err);
    }

    @Test
    void aTamperedProofIsTheKeyErrorNeverNotFound() throws Exception {
        TamperingProxy proxy = new TamperingProxy(server.uri(), evaluation -> {
            byte[] proof = Base64Url.decode(evaluation.get("proof").textValue());
            proof[63] ^= 0x01;
            return evaluation.put("proof", Base64Url.encode(proof));
        });
        closing.add(proxy);
        LeakcheckClient client = client(proxy.uri(), key.publicKey());
        assertEquals(List.of(DATASET), client.info().datasets().stream().map(d -> d.id()).toList(), "the proxy forwards");
        for (String expected : List.of("absent", "present")) {
            KnownAnswers.Case c = first(expected, "nir");
            assertThrows(KeyMismatchException.class, () -> client.check(c.identity()), expected);
        }
        assertTrue(proxy.tampered.get() >= 2);
        Output output = check(proxy.uri(), publicKeyFile, first("absent", "nir").args());
        assertEquals(CheckCli.ERROR, output.exit);
        assertTrue(output.err.contains("the service's key is not the expected one"), output.err);
    }

    @Test
    void aReloadAfterInfoWasReadIsFollowedToTheNewLoad() throws Exception {
        // The server reads the manifests at every request here: a client that read /v2/info before
        // the reload gets 404 load.unknown on the old load, reads /v2/info again and redoes the check.
        LocalServer fresh = serve(key, key.publicKey(), Duration.ZERO);
        closing.add(fresh);
        Path before = dir.resolve("before.csv");
        Path after = dir.resolve("after.csv");
        Path afterAnswers = dir.resolve("after-answers.json");
        LoaderRun.succeeds("generate", "--records", "600", "--seed", "11", "--output", before.toString(),
                "--known-answers", dir.resolve("before-answers.json").toString());
        LoaderRun.succeeds("generate", "--records", "600", "--seed", "12", "--output", after.toString(),
                "--known-answers", afterAnswers.toString());
        String endpoint = DYNAMO.endpoint().toString();
        loadOpen("--input", before.toString(), "--dataset", RELOADED, "--key", dir.resolve("key.json").toString(),
                "--table", TABLE, "--endpoint", endpoint);
        LeakcheckClient client = client(fresh.uri(), key.publicKey());
        String oldLoad = client.info().dataset(RELOADED).orElseThrow().load();
        loadOpen("--input", after.toString(), "--dataset", RELOADED, "--key", dir.resolve("key.json").toString(),
                "--table", TABLE, "--endpoint", endpoint);
        KnownAnswers.Case present = KnownAnswers.read(afterAnswers).stream()
                .filter(c -> c.expected().equals("present")).findFirst().orElseThrow();
        CheckResult result = client.check(present.identity());
        assertTrue(result.exposures().stream().anyMatch(e -> e.dataset().id().equals(RELOADED)), "found in the new load");
        String newLoad = client.info().dataset(RELOADED).orElseThrow().load();
        assertFalse(newLoad.equals(oldLoad), "a new content is a new load");
    }

    @Test
    void thirtyTwoThreadsThroughTheLocalServerGetNoError() throws Exception {
        LeakcheckClient client = client(server.uri(), key.publicKey());
        int threads = 32;
        int perThread = 6;
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        KnownAnswers.Case c = cases.get((offset * perThread + i) % cases.size());
                        if (client.check(c.identity()).found() != c.present()) {
                            wrong.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, wrong.get(), "wrong answers");
    }

    private record Output(int exit, String out, String err) {
    }

    private static Output check(Path publicKey, List<String> identityArgs) {
        return check(server.uri(), publicKey, identityArgs);
    }

    private static Output check(URI api, Path publicKey, List<String> identityArgs) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--api", api.toString(), "--public-key", publicKey.toString()));
        args.addAll(identityArgs);
        int exit = CheckCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Output(exit, out.toString(), err.toString());
    }

    /** A proxy on loopback in front of a real server that rewrites every successful evaluation. */
    private static final class TamperingProxy implements AutoCloseable {
        private final HttpServer proxy;
        private final AtomicInteger tampered = new AtomicInteger();

        TamperingProxy(URI target, UnaryOperator<ObjectNode> rewrite) throws IOException {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            proxy.setExecutor(Executors.newFixedThreadPool(8));
            proxy.createContext("/", exchange -> {
                try {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String path = exchange.getRequestURI().getRawPath();
                    HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(path))
                            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                    String type = exchange.getRequestHeaders().getFirst("Content-Type");
                    if (type != null) {
                        forward.header("Content-Type", type);
                    }
                    HttpResponse<String> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofString());
                    String text = answer.body();
                    if (path.equals("/v2/evaluate") && answer.statusCode() == 200) {
                        text = rewrite.apply((ObjectNode) Events.json(text)).toString();
                        tampered.incrementAndGet();
                    }
                    answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                } finally {
                    exchange.close();
                }
            });
            proxy.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
        }

        @Override
        public void close() {
            proxy.stop(0);
            ((ExecutorService) proxy.getExecutor()).shutdownNow();
        }
    }
}
