package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Pure unit tests of the hand-written mapper; needs nothing. */
class TableLayoutTest {

    @Test
    void roundTripsAManifestThroughItsItem() {
        DatasetManifest manifest = TestBuckets.manifest("labs-2021", 4096);

        Map<String, AttributeValue> item = TableLayout.manifestItem(manifest);

        assertEquals("-1", item.get(TableLayout.BUCKET).n());
        assertEquals("labs-2021", item.get(TableLayout.DATASET).s());
        assertEquals("2100", item.get("entryCount").n());
        assertEquals("2026-02-24T10:15:30Z", item.get("loadedAt").s());
        assertEquals(manifest, TableLayout.manifest(item));
    }

    @Test
    void storesEmptyTitleAndDescriptionAsAbsentAttributes() {
        DatasetManifest manifest = new DatasetManifest("ds-empty", "", "", 0, 0, Map.of(), 0, 32, 0, "k1", 1, 12,
                Instant.EPOCH);

        Map<String, AttributeValue> item = TableLayout.manifestItem(manifest);

        assertFalse(item.containsKey("title"));
        assertFalse(item.containsKey("description"));
        assertEquals(manifest, TableLayout.manifest(item));
    }

    @Test
    void sortsEntriesByKind() {
        DatasetManifest manifest = TestBuckets.manifest("labs-2021", 1);

        assertEquals(List.of("name-dob", "nir"), List.copyOf(manifest.entriesByKind().keySet()));
    }

    @Test
    void rejectsManifestItemWithMissingAttributeNamingIt() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest("labs-2021", 1)));
        item.remove("bucketBits");

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021: attribute 'bucketBits' must be a number", e.getMessage());
    }

    @Test
    void rejectsManifestItemWithOutOfRangeValueWithoutEchoingIt() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest("labs-2021", 1)));
        item.put("bucketBits", AttributeValue.fromN("99"));

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertTrue(e.getMessage().contains("bucketBits: must be in [1, 24]"), e.getMessage());
        assertFalse(e.getMessage().contains("99"));
    }

    @Test
    void rejectsMalformedLoadedAt() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest("labs-2021", 1)));
        item.put("loadedAt", AttributeValue.fromS("yesterday"));

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021: attribute 'loadedAt' must be an ISO-8601 instant", e.getMessage());
    }

    @Test
    void mapsBucketItemBothWays() {
        byte[] entries = {1, 2, 3, (byte) 0xff};

        Map<String, AttributeValue> item = TableLayout.bucketItem("labs-2021", new BucketWrite(4095, entries));

        assertEquals("4095", item.get(TableLayout.BUCKET).n());
        assertEquals(new StoredBucket("labs-2021", entries), TableLayout.storedBucket(item));
        assertEquals(new DatasetBucket(4095, entries), TableLayout.datasetBucket(item));
    }

    @Test
    void copiesEntriesIntoTheItem() {
        byte[] entries = {1, 2, 3};
        Map<String, AttributeValue> item = TableLayout.bucketItem("labs-2021", new BucketWrite(0, entries));

        entries[0] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, item.get(TableLayout.ENTRIES).b().asByteArray());
    }

    @Test
    void rejectsBucketItemWithoutEntries() {
        Map<String, AttributeValue> item = TableLayout.key(7, "labs-2021");

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.storedBucket(item));

        assertEquals("bucket item of dataset labs-2021: attribute 'entries' must be binary", e.getMessage());
    }

    @Test
    void rejectsInvalidDatasetIdNamingFieldAndRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestBuckets.manifest("Not_A_Valid_Id", 1));

        assertEquals("datasetId: must match [a-z0-9-]{3,40}", e.getMessage());
    }

    @Test
    void rejectsOutOfRangeBucketsAndOversizedEntries() {
        assertThrows(IllegalArgumentException.class, () -> new BucketWrite(-1, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new BucketWrite(1 << 24, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new BucketWrite(0, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new BucketWrite(0, new byte[TableLayout.MAX_ENTRIES_BYTES + 1]));
    }

    @Test
    void showsLengthsNotBytesInToString() {
        assertEquals("BucketWrite[bucket=3, entries=4 bytes]", new BucketWrite(3, new byte[] {7, 7, 7, 7}).toString());
    }
}
