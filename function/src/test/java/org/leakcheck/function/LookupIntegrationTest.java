package org.leakcheck.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.leakcheck.client.CheckResult;
import org.leakcheck.client.LeakcheckClient;
import org.leakcheck.client.cli.CheckCli;
import org.leakcheck.function.aws.KeySources;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.buckets.DynamoBucketSource;
import org.leakcheck.function.local.LocalServer;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.KnownAnswers;
import org.leakcheck.loader.cli.Commands;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.Buckets;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.StoredBucket;
import org.leakcheck.store.TableLayout;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * End to end against dynalite: the loader generates and loads a synthetic leak, the local server
 * runs both handlers over HTTP, and the Java client (and the {@code check} command) look people
 * up. A second dataset is loaded from the same file and then loses its manifest, as a load killed
 * before its last step would leave it: it must never be served.
 *
 * <p>Needs Node and testkit/node_modules (dynalite), and the loader module.
 */
class LookupIntegrationTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();

    private static final String TABLE = "lookup-integration";
    private static final String DATASET = "labs-2021";
    private static final String INCOMPLETE = "half-loaded";
    private static final String TITLE = "Synthetic laboratories leak";

    @TempDir
    static Path dir;

    private static List<KnownAnswers.Case> cases;
    private static LocalServer server;
    private static BucketTable table;

    @BeforeAll
    static void loadAndServe() throws Exception {
        Path key = dir.resolve("oprf.key");
        Path csv = dir.resolve("leak.csv");
        Path answers = dir.resolve("known-answers.json");
        loader("keygen", "--out", key.toString());
        loader("generate", "--records", "3000", "--seed", "4242", "--output", csv.toString(),
                "--known-answers", answers.toString());
        String endpoint = DYNAMO.endpoint().toString();
        loader("load", "--input", csv.toString(), "--dataset", DATASET, "--key", key.toString(), "--title", TITLE,
                "--table", TABLE, "--endpoint", endpoint, "--create-table");
        loader("load", "--input", csv.toString(), "--dataset", INCOMPLETE, "--key", key.toString(),
                "--table", TABLE, "--endpoint", endpoint);
        DYNAMO.client().deleteItem(r -> r.tableName(TABLE).key(TableLayout.manifestKey(INCOMPLETE)));
        cases = KnownAnswers.read(answers);

        KeyMaterial keyMaterial = KeySources.fromFile(key);
        table = new BucketTable(DYNAMO.client(), TABLE);
        HttpSettings http = HttpSettings.of(Optional.empty(), line -> { });
        server = new LocalServer(0, new EvaluateHandler(keyMaterial, http),
                new BucketsHandler(new DynamoBucketSource(table), BucketsConfig.of(12, Optional.empty()), http),
                null, Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void loader(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Commands.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        assertEquals(0, exit, "loader " + args[0] + " failed: " + err);
    }

    @Test
    void theClientFindsEveryPresentIdentityAndNoAbsentOne() {
        LeakcheckClient client = LeakcheckClient.create(server.uri());
        assertTrue(cases.stream().anyMatch(c -> c.expected().equals("present")));
        assertTrue(cases.stream().anyMatch(c -> c.expected().equals("present-variant")));
        assertTrue(cases.stream().anyMatch(c -> c.expected().equals("absent")));
        for (KnownAnswers.Case c : cases) {
            CheckResult result = client.check(c.identity());
            assertEquals(c.present(), result.found(), c.toString());
            if (result.found()) {
                assertEquals(1, result.exposures().size(), c + ": only the complete dataset may answer");
                CheckResult.Exposure exposure = result.exposures().get(0);
                assertEquals(DATASET, exposure.dataset().id());
                assertEquals(TITLE, exposure.dataset().title());
                assertFalse(exposure.kinds().isEmpty(), c + ": the details name the exposed kinds");
            }
        }
    }

    @Test
    void anIncompleteDatasetIsNeverServed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode info = Events.json(http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/info")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(1, info.get("datasets").size());
        assertEquals(DATASET, info.get("datasets").get(0).get("id").asText());
        for (KnownAnswers.Case c : cases.subList(0, 5)) {
            int bucket = Buckets.bucketOf(c.identity(), 12);
            List<String> stored = table.queryBucket(bucket).stream().map(StoredBucket::datasetId).toList();
            assertTrue(stored.contains(INCOMPLETE), "the table does hold the incomplete dataset's items");
            JsonNode served = Events.json(http.send(HttpRequest.newBuilder(
                    server.uri().resolve("/v1/buckets/" + bucket)).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(1, served.get("datasets").size());
            assertEquals(DATASET, served.get("datasets").get(0).get("id").asText());
        }
    }

    @Test
    void theCheckCommandAnswersWithItsExitStatus() {
        KnownAnswers.Case present = cases.stream().filter(c -> c.expected().equals("present")).findFirst().orElseThrow();
        KnownAnswers.Case variant = cases.stream().filter(c -> c.expected().equals("present-variant")
                && c.kind().equals("name-dob")).findFirst().orElseThrow();
        KnownAnswers.Case absent = cases.stream().filter(c -> !c.present()).findFirst().orElseThrow();

        Output found = check(present);
        assertEquals(CheckCli.FOUND, found.exit, found.err);
        assertTrue(found.out.startsWith("FOUND"), found.out);
        assertTrue(found.out.contains(TITLE + " (" + DATASET + ")"), found.out);
        assertTrue(found.out.contains("exposed: "), found.out);
        assertEquals(CheckCli.FOUND, check(variant).exit);
        Output notFound = check(absent);
        assertEquals(CheckCli.NOT_FOUND, notFound.exit, notFound.err);
        assertTrue(notFound.out.startsWith("NOT FOUND"), notFound.out);
    }

    @Test
    void thirtyTwoThreadsThroughTheLocalServerGetNoError() throws Exception {
        LeakcheckClient client = LeakcheckClient.create(server.uri());
        int threads = 32;
        int perThread = 12;
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
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, wrong.get(), "wrong answers");
    }

    private record Output(int exit, String out, String err) {
    }

    private static Output check(KnownAnswers.Case c) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--api", server.uri().toString()));
        args.addAll(c.args());
        int exit = CheckCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Output(exit, out.toString(), err.toString());
    }
}
