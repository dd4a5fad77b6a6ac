package org.leakcheck.loader.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.testkit.DynaliteExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The loader end to end against dynalite: generate a synthetic leak, load it through the CLI,
 * read it back. Needs Node 20 and testkit's node_modules (installed by the build).
 */
class LoadIntegrationTest {
    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

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
        key = dir.resolve("oprf.key");
        assertEquals(0, LeakFixture.cli("keygen", "--out", key.toString()).exit());
    }

    private String[] load(String table, String dataset, String... extra) {
        return LeakFixture.concat(new String[] {"load", "--input", csv.toString(), "--dataset", dataset,
                "--key", key.toString(), "--table", table, "--endpoint", DYNAMO.endpoint().toString(),
                "--create-table", "--title", "Synthetic labs", "--bucket-bits", "8"}, extra);
    }

    @Test
    void loadsAGeneratedLeakThatVerifiesAgainstItsKnownAnswers() {
        LeakFixture.Run run = LeakFixture.cli(load("verified", "labs-2021"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("persons"), run.out());

        DatasetManifest manifest = new BucketTable(DYNAMO.client(), "verified").manifest("labs-2021").orElseThrow();
        assertEquals(256, manifest.buckets());
        assertEquals(8, manifest.bucketBits());
        assertTrue(manifest.patients() > 2_500 && manifest.patients() <= 3_000, "persons merged: " + manifest.patients());
        assertTrue(manifest.entries() > manifest.patients(), "two identity kinds per person");
        assertEquals("Synthetic labs", manifest.title());

        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "verified",
                "--endpoint", DYNAMO.endpoint().toString(), "--key", key.toString(), "--known-answers", answers.toString());
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertTrue(verify.out().contains("known answers all correct"), verify.out());
    }

    @Test
    void loadingTheSameFileTwiceLeavesTheTableByteIdentical() {
        assertEquals(0, LeakFixture.cli(load("twice", "labs-2021")).exit());
        Map<String, Map<String, AttributeValue>> first = LeakFixture.snapshot(DYNAMO.client(), "twice");
        assertEquals(0, LeakFixture.cli(load("twice", "labs-2021")).exit());
        Map<String, Map<String, AttributeValue>> second = LeakFixture.snapshot(DYNAMO.client(), "twice");
        assertEquals(257, first.size(), "256 bucket items and one manifest");
        assertEquals(first, second);
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
        assertFalse(DYNAMO.client().listTables().tableNames().contains("dry"), "no table touched");
    }

    @Test
    void reportCountsRowsPersonsEntriesBucketsAndPhases() throws Exception {
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
        assertEquals(256, json.get("buckets").asInt());
        assertTrue(json.get("paddedBucketSize").asInt() >= json.get("maxBucketSize").asInt());
        for (String phase : new String[] {"read", "compute", "pad", "write", "manifest"}) {
            assertTrue(json.get("phaseSeconds").has(phase), phase);
        }
    }

    @Test
    void anotherDatasetInTheSameTableHasUnrelatedItems() {
        assertEquals(0, LeakFixture.cli(load("shared", "labs-2021")).exit());
        assertEquals(0, LeakFixture.cli(load("shared", "labs-2022")).exit());
        BucketTable table = new BucketTable(DYNAMO.client(), "shared");
        assertEquals(2, table.manifests().size());
        assertNotEquals(table.getBucket(0, "labs-2021").orElseThrow(), table.getBucket(0, "labs-2022").orElseThrow());
    }

    @Test
    void deleteDatasetRemovesItsItemsAndManifestOnly() {
        assertEquals(0, LeakFixture.cli(load("deleting", "labs-2021")).exit());
        assertEquals(0, LeakFixture.cli(load("deleting", "keep-me")).exit());
        LeakFixture.Run run = LeakFixture.cli("delete-dataset", "--dataset", "labs-2021", "--table", "deleting",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(0, run.exit(), run.err());
        Map<String, Map<String, AttributeValue>> left = LeakFixture.snapshot(DYNAMO.client(), "deleting");
        assertEquals(257, left.size());
        assertTrue(left.keySet().stream().allMatch(k -> k.endsWith("/keep-me")));
        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "deleting",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(1, verify.exit());
        assertTrue(verify.out().contains("no manifest"), verify.out());
    }

    @Test
    void verifyReportsAMissingBucketItem() {
        assertEquals(0, LeakFixture.cli(load("damaged", "labs-2021")).exit());
        DYNAMO.client().deleteItem(b -> b.tableName("damaged").key(Map.of(
                "bucket", AttributeValue.fromN("17"), "dataset", AttributeValue.fromS("labs-2021"))));
        LeakFixture.Run verify = LeakFixture.cli("verify", "--dataset", "labs-2021", "--table", "damaged",
                "--endpoint", DYNAMO.endpoint().toString());
        assertEquals(1, verify.exit());
        assertTrue(verify.out().contains("1 of 256 bucket items are missing (first: bucket 17)"), verify.out());
    }

    @Test
    void aMissingInputFileIsAClearError() {
        LeakFixture.Run run = LeakFixture.cli("load", "--input", dir.resolve("nope.csv").toString(), "--dataset", "labs-2021",
                "--key", key.toString(), "--dry-run");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("file not found"), run.err());
        assertTrue(Files.exists(key));
    }
}
