package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.testkit.DynaliteExtension;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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
        DatasetLoad load = TestBuckets.load("round-trip", 1, 6);
        List<StoredBucket> items = TestBuckets.items(60, 320, 11);
        DatasetManifest manifest = TestBuckets.manifest(load);

        table.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE);
        table.putManifest(manifest);

        assertArrayEquals(items.get(42).entries(), table.bucketEntries(load, 42).orElseThrow());
        assertEquals(manifest, table.manifest("round-trip").orElseThrow());
        assertEquals(load, table.manifest("round-trip").orElseThrow().load());
        assertEquals(List.of(manifest), table.manifests());
        assertTrue(table.bucketEntries(load, 60).isEmpty(), "bucket never written");
        assertTrue(table.bucketEntries(TestBuckets.load("round-trip", 2, 6), 42).isEmpty(), "another load");
        assertTrue(table.manifest("absent-set").isEmpty());
    }

    @Test
    void refusesABucketReadOutsideTheLoad() {
        BucketTable table = newTable();
        DatasetLoad load = TestBuckets.load("small-set", 1, 3);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.bucketEntries(load, 8));

        assertEquals("bucket: must be in [0, 2^bucketBits)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> table.bucketEntries(load, -1));
    }

    @Test
    void writesAndReadsBackAFullSizeLoad() {
        BucketTable table = newTable();
        DatasetLoad load = TestBuckets.load("full-size", 3, 11);
        List<StoredBucket> items = TestBuckets.items(2_048, TestBuckets.ITEM_BYTES, 12);
        AtomicLong progress = new AtomicLong();

        table.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, WriteOptions.defaults(), progress::addAndGet);

        assertEquals(2_048, progress.get());
        assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, load));
        for (int bucket : new int[] {0, 1_000, 2_047}) {
            assertArrayEquals(items.get(bucket).entries(), table.bucketEntries(load, bucket).orElseThrow());
        }
    }

    @Test
    void rewritingTheSameItemsLeavesTheSameTable() {
        BucketTable table = newTable();
        DatasetLoad load = TestBuckets.load("idempotent", 4, 7);
        List<StoredBucket> items = TestBuckets.items(100, 96, 13);

        table.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE);
        table.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE);

        assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, load));
    }

    @Test
    void keepsTwoLoadsApartUntilTheOldOneIsDeleted() {
        BucketTable table = newTable();
        DatasetLoad old = TestBuckets.load("reloaded", 1, 5);
        DatasetLoad killed = TestBuckets.load("reloaded", 2, 5);
        DatasetLoad current = TestBuckets.load("reloaded", 3, 4);
        List<StoredBucket> currentItems = TestBuckets.items(16, 64, 14);
        table.writeBuckets(old, TestBuckets.SERVED_UNTIL, TestBuckets.items(32, 64, 15), FAST, Progress.NONE);
        table.putManifest(TestBuckets.manifest(old));
        table.writeBuckets(killed, TestBuckets.SERVED_UNTIL, TestBuckets.items(20, 64, 16), FAST, Progress.NONE);
        table.writeBuckets(current, TestBuckets.SERVED_UNTIL, currentItems, FAST, Progress.NONE);

        assertEquals(32, TestBuckets.scan(table, old).size(), "the served load is untouched by a new one");
        table.putManifest(TestBuckets.manifest(current));
        AtomicLong progress = new AtomicLong();
        long deleted = table.deleteOtherLoads(current, FAST, progress::addAndGet);

        assertEquals(52, deleted, "the old load and the killed one");
        assertEquals(52, progress.get());
        assertEquals(Map.of(), TestBuckets.scan(table, old));
        assertEquals(Map.of(), TestBuckets.scan(table, killed));
        assertEquals(TestBuckets.expected(currentItems), TestBuckets.scan(table, current));
        assertEquals(current, table.manifest("reloaded").orElseThrow().load());
    }

    @Test
    void deletesOtherLoadsOfThatDatasetOnly() {
        BucketTable table = newTable();
        DatasetLoad mine = TestBuckets.load("labs", 1, 3);
        // An id that starts with "labs", and one whose load id is the same: neither is touched.
        DatasetLoad longerId = TestBuckets.load("labs-2", 2, 3);
        DatasetLoad sameLoadId = TestBuckets.load("other-labs", 1, 3);
        List<StoredBucket> items = TestBuckets.items(8, 64, 17);
        for (DatasetLoad load : List.of(mine, longerId, sameLoadId)) {
            table.writeBuckets(load, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE);
            table.putManifest(TestBuckets.manifest(load));
        }

        assertEquals(0, table.deleteOtherLoads(mine, FAST, Progress.NONE));

        for (DatasetLoad load : List.of(mine, longerId, sameLoadId)) {
            assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, load), load.datasetId());
        }
    }

    @Test
    void refusesToDeleteOtherLoadsUnlessTheManifestNamesTheKeptOne() {
        BucketTable table = newTable();
        DatasetLoad served = TestBuckets.load("raced-set", 1, 3);
        DatasetLoad stale = TestBuckets.load("raced-set", 2, 3);
        List<StoredBucket> items = TestBuckets.items(8, 64, 18);
        table.writeBuckets(served, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE);
        table.writeBuckets(stale, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE);

        StoreException noManifest = assertThrows(StoreException.class,
                () -> table.deleteOtherLoads(stale, FAST, Progress.NONE));
        table.putManifest(TestBuckets.manifest(served));
        StoreException another = assertThrows(StoreException.class,
                () -> table.deleteOtherLoads(stale, FAST, Progress.NONE));

        String expected = "table " + table.tableName() + ", dataset raced-set: the manifest does not name load "
                + stale.loadIdHex() + "; not deleting other loads";
        assertEquals(expected, noManifest.getMessage());
        assertEquals(expected, another.getMessage());
        assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, served));
    }

    @Test
    void listsManifestsSortedByDatasetId() {
        BucketTable table = newTable();
        DatasetManifest second = TestBuckets.manifest(TestBuckets.load("second-set", 1, 10));
        DatasetManifest first = TestBuckets.manifest(TestBuckets.load("first-set", 2, 12));

        table.putManifest(second);
        table.putManifest(first);

        assertEquals(List.of(first, second), table.manifests());
    }

    @Test
    void skipsAManifestItemItCannotReadAndNamesItsDatasetWithoutHidingTheOthers() {
        BucketTable table = newTable();
        DatasetManifest good = TestBuckets.manifest(TestBuckets.load("good-set", 1, 10));
        table.putManifest(good);
        // An item of an older layout: no disclosure policy, no end date, no notice.
        DYNAMO.client().putItem(r -> r.tableName(table.tableName()).item(Map.of(
                TableLayout.BUCKET, AttributeValue.fromN(Integer.toString(TableLayout.MANIFEST_PARTITION)),
                TableLayout.DATASET, AttributeValue.fromS("older-set"),
                "patients", AttributeValue.fromN("3"))));
        List<String> unreadable = new java.util.ArrayList<>();

        assertEquals(List.of(good), table.manifests(unreadable::add));
        assertEquals(List.of("older-set"), unreadable);
        assertEquals(List.of(good), table.manifests(), "skipped without a listener too");
    }

    @Test
    void doesNotListAnIncompleteDataset() {
        BucketTable table = newTable();
        DatasetLoad complete = TestBuckets.load("complete-set", 1, 2);
        DatasetLoad partial = TestBuckets.load("partial-set", 1, 2);
        table.writeBuckets(complete, TestBuckets.SERVED_UNTIL, TestBuckets.items(4, 64, 19), FAST, Progress.NONE);
        table.putManifest(TestBuckets.manifest(complete));
        table.writeBuckets(partial, TestBuckets.SERVED_UNTIL, TestBuckets.items(4, 64, 20), FAST, Progress.NONE);

        List<String> manifests = table.manifests().stream().map(DatasetManifest::datasetId).toList();

        assertEquals(List.of("complete-set"), manifests);
        assertTrue(table.manifest("partial-set").isEmpty());
        assertTrue(table.bucketEntries(partial, 3).isPresent(), "the items are there, just not served");
    }

    @Test
    void deletesEveryLoadOfADatasetAndLeavesTheOthers() {
        BucketTable table = newTable();
        DatasetLoad doomed = TestBuckets.load("doomed-set", 1, 7);
        DatasetLoad doomedOld = TestBuckets.load("doomed-set", 2, 5);
        DatasetLoad kept = TestBuckets.load("doomed-set-2", 1, 5);
        List<StoredBucket> keptItems = TestBuckets.items(30, 64, 21);
        table.writeBuckets(doomedOld, TestBuckets.SERVED_UNTIL, TestBuckets.items(20, 64, 22), FAST, Progress.NONE);
        table.writeBuckets(doomed, TestBuckets.SERVED_UNTIL, TestBuckets.items(80, 64, 23), FAST, Progress.NONE);
        table.putManifest(TestBuckets.manifest(doomed));
        table.writeBuckets(kept, TestBuckets.SERVED_UNTIL, keptItems, FAST, Progress.NONE);
        table.putManifest(TestBuckets.manifest(kept));
        AtomicLong progress = new AtomicLong();

        long deleted = table.deleteDataset("doomed-set", FAST, progress::addAndGet);

        assertEquals(100, deleted);
        assertEquals(100, progress.get());
        assertTrue(table.manifest("doomed-set").isEmpty());
        assertEquals(Map.of(), TestBuckets.scan(table, doomed));
        assertEquals(Map.of(), TestBuckets.scan(table, doomedOld));
        assertEquals(List.of("doomed-set-2"), table.manifests().stream().map(DatasetManifest::datasetId).toList());
        assertEquals(TestBuckets.expected(keptItems), TestBuckets.scan(table, kept));
    }

    @Test
    void deletesAnIncompleteDatasetToo() {
        BucketTable table = newTable();
        DatasetLoad orphan = TestBuckets.load("orphan-set", 1, 5);
        table.writeBuckets(orphan, TestBuckets.SERVED_UNTIL, TestBuckets.items(26, 64, 24), FAST, Progress.NONE);

        assertEquals(26, table.deleteDataset("orphan-set", FAST, Progress.NONE));
        assertFalse(table.scanLoad(orphan).findAny().isPresent());
    }

    @Test
    void deletingAnAbsentDatasetDeletesNothing() {
        BucketTable table = newTable();

        assertEquals(0, table.deleteDataset("never-loaded", FAST, Progress.NONE));
    }

    @Test
    void scanLoadSkipsManifestOtherLoadsAndOtherDatasets() {
        BucketTable table = newTable();
        DatasetLoad mine = TestBuckets.load("mine-set", 1, 3);
        List<StoredBucket> items = TestBuckets.items(5, 64, 25);
        table.writeBuckets(mine, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE);
        table.putManifest(TestBuckets.manifest(mine));
        table.writeBuckets(TestBuckets.load("mine-set", 2, 3), TestBuckets.SERVED_UNTIL, TestBuckets.items(5, 64, 26),
                FAST, Progress.NONE);
        table.writeBuckets(TestBuckets.load("theirs-set", 1, 3), TestBuckets.SERVED_UNTIL,
                TestBuckets.items(5, 64, 27), FAST, Progress.NONE);

        assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, mine));
    }

    @Test
    void rejectsEngineValidationErrorsWithoutRetrying() {
        // The table does not exist: ResourceNotFoundException is not transient.
        BucketTable missing = new BucketTable(DYNAMO.client(), "no-such-table");

        StoreException e = assertThrows(StoreException.class, () -> missing.writeBuckets(
                TestBuckets.load("some-set", 1, 2), TestBuckets.SERVED_UNTIL, TestBuckets.items(3, 64, 28), FAST,
                Progress.NONE));

        assertEquals("table no-such-table, dataset some-set: 3 of 3 items not written non-retryable error"
                + " ResourceNotFoundException", e.getMessage());
    }

    @Test
    void givesEveryBucketItemAndTheManifestTheExpiryOfTheEndDatePlusGrace() {
        BucketTable table = newTable();
        DatasetLoad load = TestBuckets.load("ttl-set", 1, 5);
        DatasetManifest manifest = TestBuckets.manifest(load);
        table.writeBuckets(load, manifest.servedUntil(), TestBuckets.items(32, 64, 29), FAST, Progress.NONE);
        table.putManifest(manifest);

        List<Long> expiries = table.scanLoad(load).map(StoredBucket::expiresAt).distinct().toList();
        Map<String, AttributeValue> rawManifest = DYNAMO.client().getItem(r -> r.tableName(table.tableName())
                .key(TableLayout.manifestKey("ttl-set"))).item();
        long rawItems = DYNAMO.client().scanPaginator(r -> r.tableName(table.tableName())).items().stream()
                .filter(item -> item.get(TableLayout.TTL_ATTRIBUTE) != null
                        && item.get(TableLayout.TTL_ATTRIBUTE).n().equals(Long.toString(TestBuckets.EXPIRES_AT)))
                .count();

        assertEquals(List.of(TestBuckets.EXPIRES_AT), expiries);
        assertEquals(Long.toString(TestBuckets.EXPIRES_AT), rawManifest.get("expiresAt").n());
        assertEquals(33, rawItems, "32 bucket items and the manifest");
        assertEquals(32, table.scanLoad(load).count());
    }

    @Test
    void endsADatasetNowAndKeepsItsBucketItemsAndTheirExpiry() {
        BucketTable table = newTable();
        DatasetLoad load = TestBuckets.load("ending-set", 1, 3);
        List<StoredBucket> items = TestBuckets.items(8, 64, 30);
        DatasetManifest manifest = TestBuckets.manifest(load);
        table.writeBuckets(load, manifest.servedUntil(), items, FAST, Progress.NONE);
        table.putManifest(manifest);
        Instant now = Instant.parse("2026-12-01T09:30:00Z");

        DatasetManifest ended = table.endDataset("ending-set", now).orElseThrow();

        assertEquals(now, ended.servedUntil());
        assertFalse(ended.servedAt(now));
        assertEquals(ended, table.manifest("ending-set").orElseThrow());
        assertEquals(manifest.endingAt(now), ended);
        assertEquals(TestBuckets.expected(items), TestBuckets.scan(table, load));
        assertEquals(List.of(TestBuckets.EXPIRES_AT),
                table.scanLoad(load).map(StoredBucket::expiresAt).distinct().toList());
    }

    @Test
    void endingAnEndedDatasetKeepsItsFirstEndAndEndingAnAbsentOneDoesNothing() {
        BucketTable table = newTable();
        DatasetManifest manifest = TestBuckets.manifest(TestBuckets.load("ended-set", 1, 3));
        table.putManifest(manifest);
        Instant first = Instant.parse("2026-12-01T09:30:00Z");
        table.endDataset("ended-set", first);

        DatasetManifest again = table.endDataset("ended-set", first.plusSeconds(3_600)).orElseThrow();

        assertEquals(first, again.servedUntil());
        assertEquals(first, table.manifest("ended-set").orElseThrow().servedUntil());
        assertTrue(table.endDataset("never-loaded", first).isEmpty());
        assertTrue(table.manifest("never-loaded").isEmpty(), "ending an absent dataset writes no manifest");
    }

    private static BucketTable newTable() {
        BucketTable table = new BucketTable(DYNAMO.client(), "buckets-" + TABLES.incrementAndGet());
        table.createIfMissing();
        return table;
    }
}
