package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.loader.notice.FactorLabelFile;
import org.leakcheck.loader.notice.NoticeFile;
import org.leakcheck.loader.verify.KnownAnswers;
import org.leakcheck.protocol.identity.FactorIdentity;
import org.leakcheck.protocol.identity.Identity;
import org.leakcheck.protocol.identity.NirIdentity;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.BatchSizes;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.LookupClient;
import org.leakcheck.protocol.lookup.LookupResult;
import org.leakcheck.protocol.lookup.Verdicts;
import org.leakcheck.protocol.oprf.BatchEvaluation;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.ScalarSource;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;
import org.leakcheck.store.TableLayout;
import org.leakcheck.testkit.DynaliteExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each disclosure policy end to end against dynalite (docs/protocol.md §3.1): load a synthetic leak
 * through the CLI, check the manifest and the TTL of every item, then look the known answers up
 * the way a client does (the protocol's LookupClient, Q = 4, and Verdicts) with no factor, the
 * right factor and a wrong one. Also the refusals of the load command, and end-dataset. Needs
 * Node 20 and testkit's node_modules.
 */
class DisclosurePolicyTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

    @TempDir
    static Path dir;
    static Path csv;
    static Path answersFile;
    static KnownAnswers answers;
    static Path key;
    static KeyMaterial keyMaterial;

    @BeforeAll
    static void leakAndKey() throws Exception {
        Path[] files = LeakFixture.generate(dir, 1_000, 11);
        csv = files[0];
        answersFile = files[1];
        answers = KnownAnswers.read(answersFile);
        key = dir.resolve("key.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());
        keyMaterial = KeyFiles.readSecret(key);
    }

    private static String[] load(Path input, String table, String... extra) {
        return LeakFixture.concat(new String[] {"load", "--input", input.toString(), "--dataset", "labs-2021",
                "--key", key.toString(), "--table", table, "--endpoint", DYNAMO.endpoint().toString(),
                "--create-table"}, extra);
    }

    private static LeakFixture.Run loadWith(String table, String policy, String... extra) {
        LeakFixture.Run run = LeakFixture.cli(load(csv, table, LeakFixture.concat(LeakFixture.policy(policy), extra)));
        assertEquals(0, run.exit(), run.err());
        return run;
    }

    private static DatasetManifest manifest(String table) {
        return new BucketTable(DYNAMO.client(), table).manifest("labs-2021").orElseThrow();
    }

    /** What the client shows for {@code base}, typed with {@code factor} (or none), over every dataset of the table. */
    private static List<Verdicts.Match> check(String table, Identity base, String factor) {
        BucketTable buckets = new BucketTable(DYNAMO.client(), table);
        List<Identity> typed = factor == null ? List.of(base) : List.of(base, FactorIdentity.bind(base, factor));
        LookupClient client = new LookupClient(keyMaterial.publicKey());
        LookupClient.Submission submission = client.prepare(typed, BatchSizes.PAGE);
        assertEquals(4, submission.size(), "Q is fixed whatever is typed");
        BatchEvaluation answer = Oprf.VERIFIABLE.blindEvaluateBatch(keyMaterial.key(), submission.blindedElements(),
                ScalarSource.secure());
        LookupClient.Evaluated evaluated = client.finalize(submission, answer.evaluatedElements(), answer.proof(),
                keyMaterial.keyId());
        List<LookupClient.DatasetItems> datasets = new ArrayList<>();
        for (DatasetManifest manifest : buckets.manifests()) {
            DatasetLoad load = manifest.load();
            List<byte[]> items = new ArrayList<>();
            for (int bucket : evaluated.buckets(load)) {
                items.add(buckets.bucketEntries(load, bucket).orElseThrow());
            }
            datasets.add(new LookupClient.DatasetItems(load, manifest.paddedBucketSize(), items));
        }
        List<LookupResult> results = evaluated.results(datasets);
        return Verdicts.combine(results.get(0), factor == null ? null : results.get(1));
    }

    /** The access the client gets for {@code base} with {@code factor}: null when not found. */
    private static Verdicts.Access access(String table, Identity base, String factor) {
        List<Verdicts.Match> matches = check(table, base, factor);
        assertTrue(matches.size() <= 1);
        if (matches.isEmpty()) {
            return null;
        }
        Verdicts.Match match = matches.get(0);
        assertEquals("labs-2021", match.datasetId());
        assertEquals(match.access() == Verdicts.Access.KINDS, match.kinds().contains(ExposureKind.IDENTITY),
                "kinds exactly when the access gives them");
        return match.access();
    }

    /** Present cases of the known answers whose person has a factor, and those who have none. */
    private static List<KnownAnswers.Case> present(boolean withFactor) {
        return answers.cases().stream().filter(KnownAnswers.Case::shouldBeFound)
                .filter(c -> (c.factor() != null) == withFactor).toList();
    }

    /** The matrix of the issue: every present case × (no factor, right factor, wrong factor), and absent ones. */
    private static void assertMatrix(String table, Verdicts.Access alone, Verdicts.Access right, Verdicts.Access wrong) {
        List<KnownAnswers.Case> withFactor = present(true);
        assertTrue(withFactor.size() >= 15, "most present cases have a factor: " + withFactor.size());
        for (KnownAnswers.Case c : withFactor) {
            assertNotNull(c.wrongFactor(), c.toString());
            assertEquals(alone, access(table, c.identity(), null), c + " alone");
            assertEquals(right, access(table, c.identity(), c.factor()), c + " with the right factor");
            assertEquals(wrong, access(table, c.identity(), c.wrongFactor()), c + " with a wrong factor");
        }
        for (KnownAnswers.Case c : present(false)) {
            assertEquals(alone, access(table, c.identity(), null), c + " alone");
            assertEquals(wrong, access(table, c.identity(), c.wrongFactor()), c + " with someone's factor");
        }
        for (KnownAnswers.Case c : answers.cases()) {
            if (!c.shouldBeFound()) {
                assertNull(access(table, c.identity(), null), c.toString());
                assertNull(access(table, c.identity(), "1234567890"), c.toString());
            }
        }
    }

    /** Every bucket item of the load and the manifest carry expiresAt = servedUntil + 30 days. */
    private static void assertTtlEverywhere(String table, DatasetManifest manifest) {
        long expected = manifest.servedUntil().getEpochSecond() + 30L * 86_400;
        assertEquals(expected, manifest.expiresAt());
        Map<String, Map<String, AttributeValue>> items = LeakFixture.snapshot(DYNAMO.client(), table);
        assertEquals(manifest.bucketItems() + 1, items.size());
        for (Map<String, AttributeValue> item : items.values()) {
            assertEquals(Long.toString(expected), item.get(TableLayout.TTL_ATTRIBUTE).n(), item.get("dataset").s());
        }
    }

    private static void assertVerifies(String table, String policy) {
        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", table,
                "--endpoint", DYNAMO.endpoint().toString(), "--key", key.toString(), "--known-answers",
                answersFile.toString());
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("(disclosure " + policy + ", served until "
                + manifest(table).servedUntil() + ")"), verify.out());
        assertTrue(verify.out().contains("known answers all correct"), verify.out());
    }

    @Test
    void openGivesThePersonsKindsToAnIdentityAloneAndReadsNoFactor() throws Exception {
        Path report = dir.resolve("open.json");
        LeakFixture.Run run = loadWith("open", "open", "--report", report.toString());

        DatasetManifest manifest = manifest("open");
        assertEquals(DisclosurePolicy.OPEN, manifest.disclosure());
        assertNull(manifest.factor());
        assertEquals(Set.of("nir", "name-dob"), manifest.entriesByKind().keySet());
        assertEquals(NoticeFile.read(LeakFixture.noticeFile()), manifest.notice());
        assertEquals(EndDates.parse(LeakFixture.servedUntil(), Instant.now()), manifest.servedUntil());
        assertEquals(ExposureKind.toMask(Set.of(ExposureKind.values())), manifest.exposedMask(), "every kind in the leak");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals("open", json.get("disclosure").asText());
        assertEquals(manifest.servedUntil().toString(), json.get("servedUntil").asText());
        assertTrue(json.get("factorIgnored").asBoolean());
        assertTrue(run.out().contains("factor columns ignored"), run.out());
        assertTtlEverywhere("open", manifest);
        assertVerifies("open", "open");
        assertMatrix("open", Verdicts.Access.KINDS, Verdicts.Access.KINDS, Verdicts.Access.KINDS);
    }

    @Test
    void membershipGivesMembershipAloneAndTheKindsOnlyWithTheRightFactor() throws Exception {
        Path report = dir.resolve("membership.json");
        loadWith("membership", "membership", "--report", report.toString());

        DatasetManifest manifest = manifest("membership");
        assertEquals(DisclosurePolicy.MEMBERSHIP, manifest.disclosure());
        assertEquals(FactorLabelFile.read(LeakFixture.factorLabelFile()), manifest.factor());
        assertEquals(Set.of("nir", "name-dob", "nir+factor", "name-dob+factor"), manifest.entriesByKind().keySet());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        long persons = json.get("persons").asLong();
        long without = json.get("personsWithoutFactor").asLong();
        assertTrue(without > persons * 0.07 && without < persons * 0.13, "about 10% have no member number: " + without);
        assertEquals(json.get("entriesByKind").get("nir+factor").asLong() + json.get("entriesByKind").get("nir").asLong()
                        + json.get("entriesByKind").get("name-dob").asLong()
                        + json.get("entriesByKind").get("name-dob+factor").asLong(), json.get("entries").asLong());
        assertTtlEverywhere("membership", manifest);
        assertVerifies("membership", "membership");
        assertMatrix("membership", Verdicts.Access.FACTOR_NEEDED, Verdicts.Access.KINDS, Verdicts.Access.FACTOR_WRONG);
    }

    @Test
    void gatedGivesNothingWithoutTheRightFactor() throws Exception {
        Path report = dir.resolve("gated.json");
        loadWith("gated", "gated", "--report", report.toString());

        DatasetManifest manifest = manifest("gated");
        assertEquals(DisclosurePolicy.GATED, manifest.disclosure());
        assertNotNull(manifest.factor());
        assertEquals(Set.of("nir+factor", "name-dob+factor"), manifest.entriesByKind().keySet());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.get("personsWithoutFactor").asLong() > 0);
        assertTtlEverywhere("gated", manifest);
        assertVerifies("gated", "gated");
        assertMatrix("gated", null, Verdicts.Access.KINDS, null);
    }

    /**
     * A person whose second row has no NIR and another member number: the NIR (first row) bound to
     * that number (second row) opens the kinds. A row whose member number is invalid keeps its
     * identity, is counted under its rule with its line, and loses only its factor-bound entries.
     */
    @Test
    void mergesAPersonsIdentitiesAndFactorsAcrossRowsAndDropsOnlyAnInvalidFactor() throws Exception {
        List<String> lines = new ArrayList<>(List.of(Files.readString(csv, StandardCharsets.UTF_8).split("\r\n", -1)));
        List<String> header = List.of(lines.get(0).split(";", -1));
        int patient = header.indexOf("numero_patient");
        int nir = header.indexOf("nir");
        int factor = header.indexOf("numero_adherent");
        String[] first = null;
        int second = -1;
        for (int i = 1; i + 1 < lines.size() && second < 0; i++) {
            String[] a = lines.get(i).split(";", -1);
            String[] b = lines.get(i + 1).split(";", -1);
            if (a.length == header.size() && b.length == header.size() && a[patient].equals(b[patient])
                    && !lines.get(i).contains("\"") && !lines.get(i + 1).contains("\"") && !a[factor].isEmpty()
                    && isNir(a[nir])) {
                first = a;
                second = i + 1;
            }
        }
        assertNotNull(first, "a two-row patient with a NIR and a member number");
        String[] b = lines.get(second).split(";", -1);
        b[nir] = "";
        b[factor] = "ZZ 999 000";
        lines.set(second, String.join(";", b));
        int bad = -1;
        for (int i = 1; i < lines.size() && bad < 0; i++) {
            String[] c = lines.get(i).split(";", -1);
            // A single-row patient, so that no other row of theirs carries a factor.
            if (i != second && i != second - 1 && c.length == header.size() && !lines.get(i).contains("\"")
                    && !c[factor].isEmpty() && isNir(c[nir]) && i + 1 < lines.size()
                    && !lines.get(i - 1).startsWith(c[patient] + ";") && !lines.get(i + 1).startsWith(c[patient] + ";")) {
                bad = i;
            }
        }
        String[] badRow = lines.get(bad).split(";", -1);
        Identity badNir = NirIdentity.parse(badRow[nir]);
        String badFactor = badRow[factor];
        badRow[factor] = "N°" + badFactor;
        lines.set(bad, String.join(";", badRow));
        Path edited = dir.resolve("merged.csv");
        Files.writeString(edited, String.join("\r\n", lines), StandardCharsets.UTF_8);
        Path report = dir.resolve("merged.json");

        LeakFixture.Run run = LeakFixture.cli(load(edited, "merged",
                LeakFixture.concat(LeakFixture.policy("membership"), "--report", report.toString())));

        assertEquals(0, run.exit(), run.err());
        Identity person = NirIdentity.parse(first[nir]);
        assertEquals(Verdicts.Access.KINDS, access("merged", person, "ZZ999000"), "NIR of row 1, factor of row 2");
        assertEquals(Verdicts.Access.KINDS, access("merged", person, first[factor]), "and the factor of row 1");
        JsonNode rejected = new ObjectMapper().readTree(report.toFile()).get("fieldsRejected").get("factor.characters");
        assertNotNull(rejected, "the invalid factor is counted under its rule");
        assertTrue(rejected.get("lines").toString().contains(Integer.toString(bad + 1)), "with its line number");
        assertFalse(run.all().contains(badFactor), "never its value");
        assertEquals(Verdicts.Access.FACTOR_NEEDED, access("merged", badNir, null), "the row keeps its identity");
        assertEquals(Verdicts.Access.FACTOR_WRONG, access("merged", badNir, badFactor), "but no factor-bound entry");
    }

    private static boolean isNir(String cell) {
        try {
            NirIdentity.parse(cell);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void refusesALoadWithoutDisclosureEndDateOrNoticeNamingTheOption() {
        String[] complete = LeakFixture.policy("membership");
        for (String option : List.of("--disclosure", "--served-until", "--notice")) {
            List<String> args = new ArrayList<>(List.of(complete));
            int at = args.indexOf(option);
            args.remove(at + 1);
            args.remove(at);

            LeakFixture.Run run = LeakFixture.cli(load(csv, "refused", LeakFixture.concat(args.toArray(new String[0]),
                    "--dry-run")));

            assertEquals(2, run.exit(), option);
            assertTrue(run.err().contains("Missing required option") && run.err().contains("'" + option + "="),
                    run.err());
        }
        assertFalse(DYNAMO.client().listTables().tableNames().contains("refused"), "no table touched");
    }

    @Test
    void refusesAnUnknownPolicyAPastOrFarEndAndAMissingFactorLabel() {
        Map<String[], String> refusals = Map.of(
                new String[] {"--disclosure", "public", "--served-until", LeakFixture.servedUntil(), "--notice",
                        LeakFixture.noticeFile().toString()},
                "--disclosure: must be open, membership or gated [disclosure.unknown]",
                new String[] {"--disclosure", "open", "--served-until", "2020-01-31", "--notice",
                        LeakFixture.noticeFile().toString()},
                "--served-until: must be in the future [served-until.past]",
                new String[] {"--disclosure", "open", "--served-until", Instant.now().plusSeconds(6L * 366 * 86_400)
                        .toString(), "--notice", LeakFixture.noticeFile().toString()},
                "--served-until: must be at most 5 years ahead [served-until.too-far]",
                new String[] {"--disclosure", "gated", "--served-until", LeakFixture.servedUntil(), "--notice",
                        LeakFixture.noticeFile().toString()},
                "--factor-label: is required with --disclosure gated [factor-label.missing]",
                new String[] {"--disclosure", "open", "--served-until", LeakFixture.servedUntil(), "--notice",
                        LeakFixture.noticeFile().toString(), "--factor-label", LeakFixture.factorLabelFile().toString()},
                "--factor-label: is only for a policy that uses the factor (membership, gated), not open"
                        + " [factor-label.unused]");
        refusals.forEach((args, message) -> {
            LeakFixture.Run run = LeakFixture.cli(load(csv, "refused", LeakFixture.concat(args, "--dry-run")));
            assertEquals(2, run.exit(), message);
            assertEquals("load: " + message, run.err().strip());
        });
    }

    @Test
    void refusesABadNoticeNamingTheFieldAndRuleButNotTheValue() throws Exception {
        Path notice = dir.resolve("bad-notice.json");
        String valid = Files.readString(LeakFixture.noticeFile(), StandardCharsets.UTF_8);
        Files.writeString(notice, valid.replace("https://example.org/laboratoire-demo/fuite", "http://fuite.example.org"),
                StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of(LeakFixture.policy("membership")));
        args.set(args.indexOf("--notice") + 1, notice.toString());

        LeakFixture.Run run = LeakFixture.cli(load(csv, "refused", LeakFixture.concat(args.toArray(new String[0]),
                "--dry-run")));

        assertEquals(2, run.exit());
        assertEquals("load: notice: contact.url: must be an https URL with a host [notice.url]", run.err().strip());
        assertFalse(run.all().contains("fuite.example.org"));
    }

    @Test
    void endDatasetEndsItNowAndKeepsTheItemsAndTheirExpiry() {
        loadWith("ending", "membership");
        DatasetManifest before = manifest("ending");
        Map<String, Map<String, AttributeValue>> itemsBefore = LeakFixture.snapshot(DYNAMO.client(), "ending");
        Instant start = Instant.now();

        LeakFixture.Run run = LeakFixture.cli("end-dataset", "--dataset", "labs-2021", "--table", "ending",
                "--endpoint", DYNAMO.endpoint().toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("end-dataset: dataset labs-2021 ended now"), run.out());
        DatasetManifest after = manifest("ending");
        assertFalse(after.servedAt(Instant.now()), "ended");
        assertFalse(after.servedUntil().isBefore(start.minusSeconds(1)), "at the time of the command");
        assertEquals(before.loadId(), after.loadId());
        assertEquals(before.notice(), after.notice());
        assertEquals(after.servedUntil().getEpochSecond() + 30L * 86_400, after.expiresAt());
        Map<String, Map<String, AttributeValue>> itemsAfter = LeakFixture.snapshot(DYNAMO.client(), "ending");
        itemsBefore.keySet().stream().filter(k -> !k.startsWith("-1/"))
                .forEach(k -> assertEquals(itemsBefore.get(k), itemsAfter.get(k), "bucket items untouched"));
        BucketTable table = new BucketTable(DYNAMO.client(), "ending");
        assertTrue(table.scanLoad(after.load()).mapToLong(StoredBucket::expiresAt).allMatch(e -> e == before.expiresAt()));
        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "ending",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(0, verify.exit(), verify.out());
        assertTrue(verify.out().contains("(ended: shown as ended, no bucket served)"), verify.out());

        LeakFixture.Run again = LeakFixture.cli("end-dataset", "--dataset", "labs-2021", "--table", "ending",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(0, again.exit());
        assertTrue(again.out().contains("had already ended at " + after.servedUntil()), again.out());
        assertEquals(after, manifest("ending"));
        LeakFixture.Run absent = LeakFixture.cli("end-dataset", "--dataset", "never-loaded", "--table", "ending",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(2, absent.exit());
        assertTrue(absent.err().contains("has no manifest"), absent.err());
    }
}
