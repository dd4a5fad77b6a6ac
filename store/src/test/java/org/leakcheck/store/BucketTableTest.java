package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leakcheck.testkit.DynaliteExtension;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * BucketTable against a real DynamoDB-compatible engine. Needs: Node 20+ and testkit/node_modules
 * (built by the testkit module); the extension starts an in-memory dynalite for this class. Each
 * test uses its own table.
 */
class BucketTableTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

    private static final WriteOptions FAST = new WriteOptions(4, 4, Duration.ofMillis(2), Duration.ofMillis(20));
    private static final AtomicInteger TABLES = new AtomicInteger();

    @Test
    void createIfMissingIsIdempotent() {
        BucketTable table = newTable();

        table.createIfMissing();

        assertTrue(DYNAMO.client().listTables().tableNames().contains(table.tableName()));
        assertEquals("ACTIVE", DYNAMO.client().describeTable(r -> r.tableName(table.tableName()))
                .table().tableStatusAsString());
    }

    @Test
    void refusesATableWithAnotherKeySchema() {
        String name = "other-schema";
        DYNAMO.client().createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));

        StoreException e = assertThrows(StoreException.class,
                () -> new BucketTable(DYNAMO.client(), name).createIfMissing());

        assertEquals("table other-schema exists with another key schema: expected bucket (N, HASH)"
                + " and dataset (S, RANGE)", e.getMessage());
    }

    @Test
    void roundTripsBucketItemsAndManifest() {
        BucketTable table = newTable();
        List<BucketWrite> items = TestBuckets.items(60, 320, 11);
        DatasetManifest manifest = TestBuckets.manifest("round-trip", 60);

        table.writeBuckets("round-trip", items, FAST, ProgressListener.NONE);
        table.putManifest(manifest);

        assertArrayEquals(items.get(42).entries(), table.getBucket(42, "round-trip").orElseThrow().entries());
        assertEquals(List.of(new StoredBucket("round-trip", items.get(7).entries())), table.queryBucket(7));
        assertEquals(manifest, table.manifest("round-trip").orElseThrow());
        assertEquals(List.of(manifest), table.manifests());
        assertTrue(table.getBucket(60, "round-trip").isEmpty());
        assertTrue(table.manifest("absent-set").isEmpty());
    }

    @Test
    void writesAndReadsBackAFullSizeDataset() {
        BucketTable table = newTable();
        List<BucketWrite> items = TestBuckets.items(4_096, TestBuckets.ITEM_BYTES, 12);
        AtomicLong progress = new AtomicLong();

        table.writeBuckets("full-size", items, WriteOptions.defaults(), progress::addAndGet);

        assertEquals(4_096, progress.get());
        assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, "full-size"));
        for (int bucket : new int[] {0, 1_000, 4_095}) {
            assertArrayEquals(items.get(bucket).entries(), table.queryBucket(bucket).get(0).entries());
        }
    }

    @Test
    void rewritingTheSameItemsLeavesTheSameTable() {
        BucketTable table = newTable();
        List<BucketWrite> items = TestBuckets.items(100, 96, 13);

        table.writeBuckets("idempotent", items, FAST, ProgressListener.NONE);
        table.writeBuckets("idempotent", items, FAST, ProgressListener.NONE);

        assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, "idempotent"));
    }

    @Test
    void queryBucketReturnsEveryDatasetSortedById() {
        BucketTable table = newTable();
        table.writeBuckets("zeta-set", TestBuckets.items(3, 64, 14), FAST, ProgressListener.NONE);
        table.writeBuckets("alpha-set", TestBuckets.items(3, 64, 15), FAST, ProgressListener.NONE);

        List<StoredBucket> bucket = table.queryBucket(2);

        assertEquals(List.of("alpha-set", "zeta-set"), bucket.stream().map(StoredBucket::datasetId).toList());
    }

    @Test
    void listsManifestsSortedByDatasetId() {
        BucketTable table = newTable();
        DatasetManifest second = TestBuckets.manifest("second-set", 10);
        DatasetManifest first = TestBuckets.manifest("first-set", 20);

        table.putManifest(second);
        table.putManifest(first);

        assertEquals(List.of(first, second), table.manifests());
    }

    @Test
    void showsIncompleteDatasetInBucketsButNotInManifests() {
        BucketTable table = newTable();
        table.writeBuckets("complete-set", TestBuckets.items(4, 64, 16), FAST, ProgressListener.NONE);
        table.putManifest(TestBuckets.manifest("complete-set", 4));
        table.writeBuckets("partial-set", TestBuckets.items(4, 64, 17), FAST, ProgressListener.NONE);

        List<String> inBucket = table.queryBucket(3).stream().map(StoredBucket::datasetId).toList();
        List<String> manifests = table.manifests().stream().map(DatasetManifest::datasetId).toList();

        assertEquals(List.of("complete-set", "partial-set"), inBucket);
        assertEquals(List.of("complete-set"), manifests);
        assertTrue(table.manifest("partial-set").isEmpty());
    }

    @Test
    void deletesADatasetAndLeavesTheOthers() {
        BucketTable table = newTable();
        List<BucketWrite> kept = TestBuckets.items(30, 64, 18);
        table.writeBuckets("doomed-set", TestBuckets.items(80, 64, 19), FAST, ProgressListener.NONE);
        table.putManifest(TestBuckets.manifest("doomed-set", 80));
        table.writeBuckets("kept-set", kept, FAST, ProgressListener.NONE);
        table.putManifest(TestBuckets.manifest("kept-set", 30));
        AtomicLong progress = new AtomicLong();

        long deleted = table.deleteDataset("doomed-set", FAST, progress::addAndGet);

        assertEquals(80, deleted);
        assertEquals(80, progress.get());
        assertTrue(table.manifest("doomed-set").isEmpty());
        assertEquals(Map.of(), TestBuckets.scan(table, "doomed-set"));
        assertEquals(List.of("kept-set"), table.manifests().stream().map(DatasetManifest::datasetId).toList());
        assertEquals(TestBuckets.expected(kept), TestBuckets.scan(table, "kept-set"));
    }

    @Test
    void deletesAnIncompleteDatasetToo() {
        BucketTable table = newTable();
        table.writeBuckets("orphan-set", TestBuckets.items(26, 64, 20), FAST, ProgressListener.NONE);

        assertEquals(26, table.deleteDataset("orphan-set"));
        assertFalse(table.scanDataset("orphan-set").findAny().isPresent());
    }

    @Test
    void deletingAnAbsentDatasetDeletesNothing() {
        BucketTable table = newTable();

        assertEquals(0, table.deleteDataset("never-loaded"));
    }

    @Test
    void scanDatasetSkipsManifestAndOtherDatasets() {
        BucketTable table = newTable();
        List<BucketWrite> mine = TestBuckets.items(5, 64, 21);
        table.writeBuckets("mine-set", mine, FAST, ProgressListener.NONE);
        table.putManifest(TestBuckets.manifest("mine-set", 5));
        table.writeBuckets("theirs-set", TestBuckets.items(5, 64, 22), FAST, ProgressListener.NONE);

        assertEquals(TestBuckets.expected(mine), TestBuckets.scan(table, "mine-set"));
    }

    @Test
    void rejectsEngineValidationErrorsWithoutRetrying() {
        // The table does not exist: ResourceNotFoundException is not transient.
        BucketTable missing = new BucketTable(DYNAMO.client(), "no-such-table");

        StoreException e = assertThrows(StoreException.class, () -> missing.writeBuckets("some-set",
                TestBuckets.items(3, 64, 23), FAST, ProgressListener.NONE));

        assertEquals("table no-such-table, dataset some-set: 3 of 3 items not written non-retryable error"
                + " ResourceNotFoundException", e.getMessage());
    }

    private static BucketTable newTable() {
        BucketTable table = new BucketTable(DYNAMO.client(), "buckets-" + TABLES.incrementAndGet());
        table.createIfMissing();
        return table;
    }
}
