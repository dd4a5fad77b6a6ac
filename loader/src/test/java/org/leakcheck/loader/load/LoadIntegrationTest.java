package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.protocol.lookup.BucketBits;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.TableLayout;
import org.leakcheck.testkit.DynaliteExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The loader end to end against dynalite: generate a synthetic leak, load it through the CLI,
 * read it back. Needs Node 20 and testkit's node_modules (installed by the build).
 */
class LoadIntegrationTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

    /** 3,000 patients give ~6,200 entries: B_D = 4 (4,096 <= N < 8,192), 16 bucket items. */
    private static final int BITS = 4;

    @TempDir
    static Path dir;
    static Path csv;
    static Path answers;
    static Path key;

    @BeforeAll
    static void leakAndKey() throws Exception {
        Path[] files = LeakFixture.generate(dir, 3_000, 7);
        csv = files[0];
        answers = files[1];
        key = dir.resolve("key.json");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());
    }

    private static String[] load(Path input, String table, String dataset, String... extra) {
        return LeakFixture.concat(new String[] {"load", "--input", input.toString(), "--dataset", dataset,
                "--key", key.toString(), "--table", table, "--endpoint", DYNAMO.endpoint().toString(),
                "--create-table", "--title", "Synthetic labs"}, LeakFixture.concat(LeakFixture.policy("open"), extra));
    }

    private static String[] load(String table, String dataset, String... extra) {
        return load(csv, table, dataset, extra);
    }

    private static DatasetManifest manifest(String table, String dataset) {
        return new BucketTable(DYNAMO.client(), table).manifest(dataset).orElseThrow();
    }

    @Test
    void loadsAGeneratedLeakThatVerifiesAgainstItsKnownAnswers() {
        LeakFixture.Run run = LeakFixture.cli(load("verified", "labs-2021"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("persons"), run.out());

        DatasetManifest manifest = manifest("verified", "labs-2021");
        assertEquals(BITS, manifest.bucketBits());
        assertEquals(16, manifest.bucketItems());
        assertEquals(2, manifest.protocolVersion());
        assertEquals(32, manifest.entrySize());
        assertTrue(DatasetLoad.isValidLoadId(manifest.loadId()), "a 32-hex load id");
        assertTrue(manifest.paddedBucketSize() % 16 == 0 && manifest.paddedBucketSize() >= manifest.entries() / 16);
        assertTrue(manifest.patients() > 2_500 && manifest.patients() <= 3_000, "persons merged: " + manifest.patients());
        assertTrue(manifest.entries() > manifest.patients(), "two identity kinds per person");
        assertEquals("Synthetic labs", manifest.title());

        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "verified",
                "--endpoint", DYNAMO.endpoint().toString(), "--key", key.toString(), "--known-answers", answers.toString());
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("known answers all correct"), verify.out());
    }

    @Test
    void replacesAManifestOfAnOlderLayoutInsteadOfFailing() {
        assertEquals(0, LeakFixture.cli(load("older", "labs-2021")).exit());
        String table = "older";
        // The same dataset's manifest as an older version wrote it: no policy, no end date, no notice.
        DYNAMO.client().putItem(r -> r.tableName(table).item(Map.of(
                TableLayout.BUCKET, AttributeValue.fromN(Integer.toString(TableLayout.MANIFEST_PARTITION)),
                TableLayout.DATASET, AttributeValue.fromS("labs-2021"),
                "load", AttributeValue.fromS("00000000000000000000000000000000"))));

        LeakFixture.Run run = LeakFixture.cli(load(table, "labs-2021"));

        assertEquals(0, run.exit(), run.err());
        DatasetManifest manifest = manifest(table, "labs-2021");
        assertEquals("open", manifest.disclosure().label());
        assertEquals(16, LeakFixture.snapshot(DYNAMO.client(), table).keySet().stream()
                .filter(k -> k.contains("/labs-2021#")).count(), "the load's items, and no other");
    }

    @Test
    void choosesTheBucketBitsByTheRuleForTwoLeakSizes() throws Exception {
        Path small = LeakFixture.generate(dir, 700, 8)[0];
        assertEquals(0, LeakFixture.cli(load("sizes", "labs-2021")).exit());
        assertEquals(0, LeakFixture.cli(load(small, "sizes", "small-labs")).exit());

        DatasetManifest large = manifest("sizes", "labs-2021");
        DatasetManifest little = manifest("sizes", "small-labs");
        // 700 patients give ~1,450 entries: B_D = 2 (1,024 <= N < 2,048).
        assertEquals(BITS, large.bucketBits());
        assertEquals(2, little.bucketBits());
        assertEquals(BucketBits.forEntries(large.entries()), large.bucketBits());
        assertEquals(BucketBits.forEntries(little.entries()), little.bucketBits());
        Map<String, Map<String, AttributeValue>> items = LeakFixture.snapshot(DYNAMO.client(), "sizes");
        assertEquals(16, items.keySet().stream().filter(k -> k.contains("/labs-2021#")).count());
        assertEquals(4, items.keySet().stream().filter(k -> k.contains("/small-labs#")).count());
    }

    @Test
    void loadingTheSameFileTwiceLeavesTheTableByteIdentical() {
        assertEquals(0, LeakFixture.cli(load("twice", "labs-2021")).exit());
        Map<String, Map<String, AttributeValue>> first = LeakFixture.snapshot(DYNAMO.client(), "twice");
        LeakFixture.Run again = LeakFixture.cli(load("twice", "labs-2021"));
        assertEquals(0, again.exit(), again.err());
        Map<String, Map<String, AttributeValue>> second = LeakFixture.snapshot(DYNAMO.client(), "twice");
        assertEquals(17, first.size(), "16 bucket items and one manifest");
        assertEquals(first, second);
        assertTrue(again.out().contains("items deleted    0"), again.out());
    }

    @Test
    void reloadingWithAChangedMaskGivesANewLoadAndDeletesTheOldOne() throws Exception {
        assertEquals(0, LeakFixture.cli(load("changed", "labs-2021")).exit());
        DatasetManifest before = manifest("changed", "labs-2021");
        Path edited = dir.resolve("one-email-removed.csv");
        Files.writeString(edited, withoutOneEmail(Files.readString(csv, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

        LeakFixture.Run reload = LeakFixture.cli(load(edited, "changed", "labs-2021"));

        assertEquals(0, reload.exit(), reload.err());
        DatasetManifest after = manifest("changed", "labs-2021");
        assertEquals(before.entries(), after.entries(), "the same identities");
        assertNotEquals(before.loadId(), after.loadId(), "one mask changed: a new load id");
        Map<String, Map<String, AttributeValue>> items = LeakFixture.snapshot(DYNAMO.client(), "changed");
        assertEquals(17, items.size(), "only the new load's 16 items and the manifest");
        assertTrue(items.keySet().stream().noneMatch(k -> k.endsWith("#" + before.loadId())), "no item of the old load");
        assertTrue(reload.out().contains("items deleted    16"), reload.out());
        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "changed",
                "--endpoint", DYNAMO.endpoint().toString(), "--key", key.toString(), "--known-answers", answers.toString());
        assertEquals(0, verify.exit(), verify.out() + verify.err());
    }

    /**
     * The file with the e-mail cleared in one row of a patient who has only that row: that
     * patient's EMAIL bit goes, every identity stays.
     */
    private static String withoutOneEmail(String file) {
        List<String> lines = List.of(file.split("\r\n", -1));
        List<String> header = List.of(lines.get(0).split(";", -1));
        int email = header.indexOf("email");
        int patient = header.indexOf("numero_patient");
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(";", -1);
            if (cells.length != header.size() || lines.get(i).contains("\"") || cells[email].isEmpty()) {
                continue;
            }
            String id = cells[patient];
            boolean onlyRow = lines.stream().filter(l -> l.startsWith(id + ";")).count() == 1;
            if (onlyRow) {
                cells[email] = "";
                List<String> out = new java.util.ArrayList<>(lines);
                out.set(i, String.join(";", cells));
                return String.join("\r\n", out);
            }
        }
        throw new AssertionError("no single-row patient with an e-mail");
    }

    @Test
    void dryRunComputesEverythingAndWritesNothing() throws Exception {
        Path report = dir.resolve("dry-report.json");
        LeakFixture.Run run = LeakFixture.cli(load("dry", "labs-2021", "--dry-run", "--report", report.toString()));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("dry run"), run.out());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertTrue(json.get("entries").asLong() > 0);
        assertTrue(json.get("dryRun").asBoolean());
        assertTrue(DatasetLoad.isValidLoadId(json.get("loadId").asText()), "a dry run computes the load id too");
        assertFalse(DYNAMO.client().listTables().tableNames().contains("dry"), "no table touched");
    }

    @Test
    void reportCountsRowsPersonsEntriesBucketsLoadAndPhases() throws Exception {
        Path report = dir.resolve("report.json");
        assertEquals(0, LeakFixture.cli(load("reported", "labs-2021", "--report", report.toString())).exit());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        long read = json.get("rowsRead").asLong();
        long accepted = json.get("rowsAccepted").asLong();
        long rejected = 0;
        for (JsonNode r : json.get("rowsRejected")) {
            rejected += r.get("count").asLong();
            assertTrue(r.get("lines").size() <= r.get("count").asLong());
        }
        assertEquals(read, accepted + rejected, "every row is accepted or rejected with a reason");
        assertTrue(json.get("fieldsRejected").has("nir.key"), "the generator's wrong NIR keys are counted");
        assertTrue(json.get("entriesByKind").get("nir").asLong() > 0);
        assertTrue(json.get("entriesByKind").get("name-dob").asLong() > 0);
        assertEquals(BITS, json.get("bucketBits").asInt());
        assertEquals(16, json.get("buckets").asInt());
        DatasetManifest manifest = manifest("reported", "labs-2021");
        assertEquals(manifest.loadId(), json.get("loadId").asText());
        assertEquals(manifest.paddedBucketSize(), json.get("paddedSize").asInt());
        assertTrue(json.get("paddedSize").asInt() >= json.get("maxBucketSize").asInt());
        for (String phase : new String[] {"read", "merge", "compute", "seal", "write", "manifest", "cleanup"}) {
            assertTrue(json.get("phaseSeconds").has(phase), phase);
        }
        assertEquals(1, json.get("partitions").asInt(), "a small export is one partition");
        assertTrue(json.get("spillBytes").asLong() > 0, "the temporary files are sized");
        assertEquals(0, json.get("piecesReused").asInt());
    }

    @Test
    void anotherDatasetInTheSameTableHasUnrelatedItems() {
        assertEquals(0, LeakFixture.cli(load("shared", "labs-2021")).exit());
        assertEquals(0, LeakFixture.cli(load("shared", "labs-2022")).exit());
        BucketTable table = new BucketTable(DYNAMO.client(), "shared");
        assertEquals(2, table.manifests().size());
        DatasetLoad a = table.manifest("labs-2021").orElseThrow().load();
        DatasetLoad b = table.manifest("labs-2022").orElseThrow().load();
        assertNotEquals(a.loadIdHex(), b.loadIdHex(), "the dataset id enters the load id");
        assertFalse(java.util.Arrays.equals(table.bucketEntries(a, 0).orElseThrow(), table.bucketEntries(b, 0).orElseThrow()));
    }

    @Test
    void deleteDatasetRemovesItsItemsAndManifestOnly() {
        assertEquals(0, LeakFixture.cli(load("deleting", "labs-2021")).exit());
        assertEquals(0, LeakFixture.cli(load("deleting", "keep-me")).exit());
        LeakFixture.Run run = LeakFixture.cli("delete-dataset", "--dataset", "labs-2021", "--table", "deleting",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("(16 items)"), run.out());
        Map<String, Map<String, AttributeValue>> left = LeakFixture.snapshot(DYNAMO.client(), "deleting");
        assertEquals(17, left.size());
        assertTrue(left.keySet().stream().allMatch(k -> k.endsWith("/keep-me") || k.contains("/keep-me#")), left.keySet().toString());
        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "deleting",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(1, verify.exit());
        assertTrue(verify.out().contains("no manifest"), verify.out());
    }

    @Test
    void verifyReportsAMissingBucketItem() {
        assertEquals(0, LeakFixture.cli(load("damaged", "labs-2021")).exit());
        DatasetLoad load = manifest("damaged", "labs-2021").load();
        DYNAMO.client().deleteItem(b -> b.tableName("damaged").key(TableLayout.bucketKey(load, 13)));
        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "damaged",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(1, verify.exit());
        assertTrue(verify.out().contains("1 of 16 bucket items of load " + load.loadIdHex()
                + " are missing (first: bucket 13)"), verify.out());
    }

    @Test
    void verifyReportsABucketItemWithoutItsExpiry() {
        assertEquals(0, LeakFixture.cli(load("no-ttl", "labs-2021")).exit());
        DatasetLoad load = manifest("no-ttl", "labs-2021").load();
        DYNAMO.client().updateItem(r -> r.tableName("no-ttl").key(TableLayout.bucketKey(load, 5))
                .updateExpression("REMOVE " + TableLayout.TTL_ATTRIBUTE));

        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "no-ttl",
                "--endpoint", DYNAMO.endpoint().toString());

        assertEquals(1, verify.exit());
        assertTrue(verify.out().contains("1 bucket items of load " + load.loadIdHex() + " have no expiresAt"), verify.out());
    }

    @Test
    void verifyReportsKnownAnswersThatAreNoLongerFound() {
        assertEquals(0, LeakFixture.cli(load("tampered", "labs-2021")).exit());
        DatasetManifest manifest = manifest("tampered", "labs-2021");
        DatasetLoad load = manifest.load();
        // Every item replaced by one of the right size and order whose entries match no identity.
        for (int b = 0; b < load.bucketCount(); b++) {
            Map<String, AttributeValue> item = new java.util.HashMap<>(TableLayout.bucketKey(load, b));
            item.put(TableLayout.ENTRIES, AttributeValue.fromB(SdkBytes.fromByteArray(
                    counting(manifest.paddedBucketSize()))));
            item.put(TableLayout.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(manifest.expiresAt())));
            DYNAMO.client().putItem(r -> r.tableName("tampered").item(item));
        }
        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "tampered",
                "--endpoint", DYNAMO.endpoint().toString(), "--key", key.toString(), "--known-answers", answers.toString());
        assertEquals(1, verify.exit(), verify.out());
        assertTrue(verify.out().contains("(nir, expected present, with a factor): the identity alone gives not found,"
                + " expected found, with kinds"), verify.out());
        assertTrue(verify.out().contains("(name-dob, expected present-variant"), verify.out());
        assertFalse(verify.out().contains("expected absent"), "absent ones are still absent: " + verify.out());
    }

    /** {@code count} ascending 32-byte entries 0, 1, 2, ...: sorted, and no fingerprint of an identity. */
    private static byte[] counting(int count) {
        byte[] out = new byte[count * 32];
        for (int i = 0; i < count; i++) {
            out[i * 32 + 30] = (byte) (i >>> 8);
            out[i * 32 + 31] = (byte) i;
        }
        return out;
    }

    @Test
    void aMissingInputFileIsAClearError() {
        LeakFixture.Run run = LeakFixture.cli("load", "--input", dir.resolve("nope.csv").toString(), "--dataset", "labs-2021",
                "--key", key.toString(), "--dry-run", "--disclosure", "open", "--served-until", LeakFixture.servedUntil(),
                "--notice", LeakFixture.noticeFile().toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("file not found"), run.err());
        assertTrue(Files.exists(key));
    }

    @Test
    void theBucketBitsOptionIsGone() {
        LeakFixture.Run run = LeakFixture.cli(load("no-option", "labs-2021", "--bucket-bits", "12", "--dry-run"));
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Unknown options: '--bucket-bits'"), run.err());
    }
}
