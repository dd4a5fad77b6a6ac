package org.leakcheck.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.cli.LoaderRun;
import org.leakcheck.client.CheckResult;
import org.leakcheck.client.DatasetInfo;
import org.leakcheck.client.EndedDataset;
import org.leakcheck.client.LeakcheckClient;
import org.leakcheck.client.cli.CheckCli;
import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.BucketsHandler;
import org.leakcheck.function.EvaluateHandler;
import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.support.CapturedLog;
import org.leakcheck.function.support.Datasets;
import org.leakcheck.function.support.Events;
import org.leakcheck.function.support.KnownAnswers;
import org.leakcheck.function.support.SettableClock;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.Verdicts.Access;
import org.leakcheck.store.BucketTable;
import org.leakcheck.testkit.DynaliteExtension;

/**
 * The disclosure policies and end dates end to end, against dynalite: the loader generates one
 * synthetic leak (with its member numbers, the factor) and loads it three times, once per policy,
 * and a fourth time as a dataset that {@code end-dataset} then ends; the local server runs both
 * handlers with a wall clock the test can move; the Java client and the {@code check} command
 * look people up with no factor, the right one and a wrong one. Also: a dataset past its end date
 * is listed as ended and its buckets are 404, and nothing {@code check} prints or the server logs
 * holds an identity or a factor.
 *
 * <p>Needs Node and testkit/node_modules (dynalite), and the loader module.
 */
class DisclosureIntegrationTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.sharedPerJvm();

    private static final String TABLE = "disclosure-integration";
    private static final String OPEN = "open-2021";
    private static final String MEMBERS = "members-2022";
    private static final String GATED = "gated-2023";
    private static final String ENDED = "ended-2019";
    private static final String FACTOR_LABEL = "{\"label\": {\"fr\": \"Numéro d'adhérent\", \"en\": \"Member number\"},"
            + " \"hint\": {\"fr\": \"Sur votre carte de tiers payant\", \"en\": \"On your third-party payment card\"}}";

    @TempDir
    static Path dir;

    private static List<KnownAnswers.Case> cases;
    private static KeyMaterial key;
    private static Path publicKeyFile;
    private static BucketTable table;
    private static final SettableClock CLOCK = new SettableClock(Instant.now());
    private static final CapturedLog SERVER_LOG = new CapturedLog();
    private static LocalServer server;

    @BeforeAll
    static void loadAndServe() throws Exception {
        Path keyFile = dir.resolve("key.json");
        Path csv = dir.resolve("leak.csv");
        Path answers = dir.resolve("known-answers.json");
        Path notice = Files.writeString(dir.resolve("notice.json"), Datasets.NOTICE);
        Path label = Files.writeString(dir.resolve("factor-label.json"), FACTOR_LABEL);
        LoaderRun.succeeds("keygen", "--out", keyFile.toString());
        publicKeyFile = dir.resolve("key.pub.json");
        LoaderRun.succeeds("generate", "--records", "1500", "--seed", "1010", "--output", csv.toString(),
                "--known-answers", answers.toString());
        String endpoint = DYNAMO.endpoint().toString();
        String until = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();
        for (String[] dataset : new String[][] {{OPEN, "open"}, {MEMBERS, "membership"}, {GATED, "gated"},
            {ENDED, "membership"}}) {
            List<String> args = new ArrayList<>(List.of("load", "--input", csv.toString(), "--dataset", dataset[0],
                    "--key", keyFile.toString(), "--title", "Title of " + dataset[0], "--disclosure", dataset[1],
                    "--served-until", until, "--notice", notice.toString(),
                    "--table", TABLE, "--endpoint", endpoint, "--create-table"));
            if (!dataset[1].equals("open")) {
                args.addAll(List.of("--factor-label", label.toString()));
            }
            LoaderRun.succeeds(args.toArray(String[]::new));
        }
        LoaderRun.succeeds("end-dataset", "--dataset", ENDED, "--table", TABLE, "--endpoint", endpoint);
        // end-dataset ended it on the system clock: the server's clock starts after that.
        CLOCK.set(Instant.now().plusMillis(1));
        table = new BucketTable(DYNAMO.client(), TABLE);
        cases = KnownAnswers.read(answers);
        key = KeyFiles.readSecret(keyFile);
        HttpSettings http = HttpSettings.of(Optional.empty(), SERVER_LOG);
        server = new LocalServer(0, new EvaluateHandler(key, PartnerBatchLimit.DEFAULT, http),
                new BucketsHandler(table, new BucketsConfig(key.publicKey(), PartnerBatchLimit.DEFAULT, Duration.ZERO,
                        System::nanoTime, CLOCK), http), null, Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static LeakcheckClient client() {
        return LeakcheckClient.builder(server.uri()).pinnedKey(key.publicKey()).build();
    }

    /** The first present case of {@code kind} whose person has a factor (or has none). */
    private static KnownAnswers.Case present(String kind, boolean withFactor) {
        return cases.stream().filter(c -> c.expected().equals("present") && c.kind().equals(kind))
                .filter(c -> c.factor().isPresent() == withFactor && c.wrongFactor().isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("no present " + kind + " case, factor " + withFactor));
    }

    /** dataset id -> access, for one typed identity. */
    private static Map<String, Access> verdicts(KnownAnswers.Case c, Optional<String> factor) {
        CheckResult result = client().check(List.of(c.identity()), factor).get(0);
        assertEquals(List.of(GATED, MEMBERS, OPEN), result.checked().stream().map(DatasetInfo::id).toList(),
                "the ended dataset is never searched");
        assertEquals(List.of(ENDED), result.ended().stream().map(EndedDataset::id).toList());
        Map<String, Access> verdicts = new TreeMap<>();
        for (CheckResult.Exposure e : result.exposures()) {
            verdicts.put(e.dataset().id(), e.access());
            assertEquals(e.access() == Access.KINDS, !e.kinds().isEmpty(), c + " in " + e.dataset().id());
        }
        return verdicts;
    }

    @Test
    void eachPolicyWithNoFactorTheRightFactorAndAWrongFactor() {
        for (String kind : List.of("nir", "name-dob")) {
            KnownAnswers.Case c = present(kind, true);
            assertEquals(Map.of(OPEN, Access.KINDS, MEMBERS, Access.FACTOR_NEEDED),
                    verdicts(c, Optional.empty()), kind + ", no factor: gated says nothing");
            assertEquals(Map.of(OPEN, Access.KINDS, MEMBERS, Access.KINDS, GATED, Access.KINDS),
                    verdicts(c, c.factor()), kind + ", the right factor");
            assertEquals(Map.of(OPEN, Access.KINDS, MEMBERS, Access.FACTOR_WRONG),
                    verdicts(c, c.wrongFactor()), kind + ", a wrong factor: gated says nothing");
        }
    }

    @Test
    void theRightFactorGivesTheSameKindsAsTheOpenDataset() {
        KnownAnswers.Case c = present("nir", true);
        CheckResult result = client().check(List.of(c.identity()), c.factor()).get(0);
        Set<?> open = result.exposures().stream().filter(e -> e.dataset().id().equals(OPEN)).findFirst().orElseThrow().kinds();
        for (CheckResult.Exposure e : result.exposures()) {
            assertEquals(open, e.kinds(), e.dataset().id());
        }
    }

    @Test
    void aPersonWithoutAFactorIsFoundByMembershipOnlyAndNeverByGated() {
        KnownAnswers.Case c = present("nir", false);
        assertEquals(Map.of(OPEN, Access.KINDS, MEMBERS, Access.FACTOR_NEEDED), verdicts(c, Optional.empty()));
        assertEquals(Map.of(OPEN, Access.KINDS, MEMBERS, Access.FACTOR_WRONG), verdicts(c, c.wrongFactor()));
    }

    @Test
    void anAbsentIdentityIsFoundNowhereWhateverFactorIsTyped() {
        KnownAnswers.Case absent = cases.stream().filter(c -> c.expected().equals("absent")).findFirst().orElseThrow();
        String someFactor = present("nir", true).factor().orElseThrow();
        for (Optional<String> factor : List.of(Optional.<String>empty(), Optional.of(someFactor))) {
            assertEquals(Map.of(), verdicts(absent, factor));
        }
    }

    @Test
    void anEndedDatasetIsListedAsEndedAndItsBucketsAreNotFound() throws Exception {
        JsonNode info = Events.json(get(server.uri(), "/v2/info").body());
        JsonNode ended = null;
        for (JsonNode d : info.get("datasets")) {
            if (d.get("id").asText().equals(ENDED)) {
                ended = d;
            }
        }
        assertEquals("ended", ended.get("status").asText());
        assertFalse(ended.has("load"));
        String load = table.manifest(ENDED).orElseThrow().loadId();
        assertTrue(table.bucketEntries(table.manifest(ENDED).orElseThrow().load(), 0).isPresent(), "its items are still there");
        HttpResponse<String> bucket = get(server.uri(), "/v2/buckets/" + ENDED + "/" + load + "/0");
        assertEquals(404, bucket.statusCode());
        assertEquals("load.unknown", Events.json(bucket.body()).get("rule").asText());
        JsonNode feed = Events.json(get(server.uri(), "/v2/feed.json").body());
        assertEquals(4, feed.get("items").size());
    }

    @Test
    void aDatasetPastItsEndDateByTheClockIsEndedAtOnce() throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        HttpSettings http = HttpSettings.of(Optional.empty(), line -> { });
        // The manifests are cached for a minute here: the end date is read on the clock, not in the table.
        try (LocalServer later = new LocalServer(0, new EvaluateHandler(key, PartnerBatchLimit.DEFAULT, http),
                new BucketsHandler(table, new BucketsConfig(key.publicKey(), PartnerBatchLimit.DEFAULT, Duration.ofSeconds(60),
                        System::nanoTime, clock), http), null, Map.of())) {
            KnownAnswers.Case c = present("nir", true);
            LeakcheckClient before = LeakcheckClient.builder(later.uri()).pinnedKey(key.publicKey()).build();
            assertTrue(before.check(c.identity()).found());
            String load = table.manifest(OPEN).orElseThrow().loadId();
            assertEquals(200, get(later.uri(), "/v2/buckets/" + OPEN + "/" + load + "/0").statusCode());

            clock.set(table.manifest(OPEN).orElseThrow().servedUntil());
            assertEquals(404, get(later.uri(), "/v2/buckets/" + OPEN + "/" + load + "/0").statusCode());
            LeakcheckClient after = LeakcheckClient.builder(later.uri()).pinnedKey(key.publicKey()).build();
            CheckResult result = after.check(List.of(c.identity()), c.factor()).get(0);
            assertFalse(result.found());
            assertTrue(result.checked().isEmpty());
            assertEquals(List.of(ENDED, GATED, MEMBERS, OPEN), result.ended().stream().map(EndedDataset::id).toList());
            Output output = check(later.uri(), c.args(), List.of());
            assertEquals(CheckCli.NOT_FOUND, output.exit, output.err);
            assertTrue(output.out.contains("ended, not searched: Title of " + OPEN + " (" + OPEN + ")"), output.out);
            // A client that read /v2/info before the end: its bucket reads are 404, it reads /v2/info again.
            CheckResult stale = before.check(List.of(c.identity()), c.factor()).get(0);
            assertTrue(stale.checked().isEmpty() && !stale.found());
        }
    }

    @Test
    void theCheckCommandPrintsEachVerdictAndTheContactPoint() {
        KnownAnswers.Case c = present("nir", true);
        Output none = check(server.uri(), c.args(), List.of());
        assertEquals(CheckCli.FOUND, none.exit, none.err);
        assertTrue(none.out.contains("(" + MEMBERS + ")\n    found; enter the factor to see which of your data were "
                + "exposed (--factor -)\n    the factor: Member number (On your third-party payment card)"), none.out);
        assertTrue(none.out.contains("contact: Cellule fuite — https://example.org/fuite, fuite@example.org, "
                + "+33 1 23 45 67 89"), none.out);
        assertFalse(none.out.contains("(" + GATED + ")\n    "), "gated: not found without the factor");
        assertTrue(none.out.contains("  ended, not searched: Title of " + ENDED), none.out);

        List<String> withFactor = new ArrayList<>(c.args());
        withFactor.addAll(List.of("--factor", "-"));
        Output right = check(server.uri(), withFactor, List.of(c.factor().orElseThrow()));
        assertEquals(CheckCli.FOUND, right.exit, right.err);
        assertTrue(right.out.contains("(" + GATED + ")\n    exposed: "), right.out);
        assertTrue(right.out.contains("(" + MEMBERS + ")\n    exposed: "), right.out);

        Output wrong = check(server.uri(), withFactor, List.of(c.wrongFactor().orElseThrow()));
        assertEquals(CheckCli.FOUND, wrong.exit, wrong.err);
        assertTrue(wrong.out.contains("(" + MEMBERS + ")\n    found; the details need the right factor"), wrong.out);
        assertFalse(wrong.out.contains("(" + GATED + ")\n    "), wrong.out);
    }

    @Test
    void noFactorOrIdentityValueAppearsInTheOutputOrTheServerLog() {
        SERVER_LOG.clear();
        List<String> secrets = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        for (String kind : List.of("nir", "name-dob")) {
            KnownAnswers.Case c = present(kind, true);
            List<String> args = new ArrayList<>(c.args());
            args.addAll(List.of("--factor", c.factor().orElseThrow()));
            outputs.add(check(server.uri(), args, List.of()));
            List<String> typed = new ArrayList<>();
            List<String> piped = new ArrayList<>();
            for (int i = 0; i < c.args().size(); i += 2) {
                piped.add(c.args().get(i));
                piped.add("-");
                typed.add(c.args().get(i + 1));
            }
            piped.addAll(List.of("--factor", "-"));
            typed.add(c.wrongFactor().orElseThrow());
            outputs.add(check(server.uri(), piped, typed));
            for (int i = 1; i < c.args().size(); i += 2) {
                secrets.add(c.args().get(i));
            }
            secrets.add(c.factor().orElseThrow());
            secrets.add(c.wrongFactor().orElseThrow());
        }
        List<String> bad = new ArrayList<>(present("nir", true).args());
        bad.addAll(List.of("--factor", "Z9Z9Z9 ü"));
        Output refused = check(server.uri(), bad, List.of());
        assertEquals(CheckCli.ERROR, refused.exit);
        assertTrue(refused.err.contains("invalid --factor") && refused.err.contains("[factor.characters]"), refused.err);
        outputs.add(refused);
        secrets.add("Z9Z9Z9");
        String everything = String.join("\n", outputs.stream().map(o -> o.out + o.err).toList()) + "\n"
                + String.join("\n", SERVER_LOG.lines());
        assertFalse(SERVER_LOG.lines().isEmpty(), "the server did log its requests");
        for (String secret : secrets) {
            assertFalse(everything.contains(secret), "printed or logged: a value of the identity or the factor");
            String compact = secret.replace(" ", "");
            if (compact.length() >= 6) {
                assertFalse(everything.contains(compact), "printed or logged in another spelling");
            }
        }
    }

    private record Output(int exit, String out, String err) {
    }

    private static Output check(URI api, List<String> identityArgs, List<String> typed) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--api", api.toString(), "--public-key", publicKeyFile.toString()));
        args.addAll(identityArgs);
        Deque<String> values = new ArrayDeque<>(typed);
        int exit = CheckCli.run(args.toArray(String[]::new), prompt -> values.poll(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Output(exit, out.toString(), err.toString());
    }

    private static HttpResponse<String> get(URI api, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
