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
import org.leakcheck.protocol.lookup.DatasetLoad;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Pure unit tests of the hand-written mapper and the records' rules (spec §6.4); needs nothing. */
class TableLayoutTest {

    private static final DatasetLoad LOAD = DatasetLoad.of("labs-2021", "9f0c1e5b7d2a41003f9a0c1e5b7d2a41", 11);

    @Test
    void roundTripsAManifestThroughItsItem() {
        DatasetManifest manifest = TestBuckets.manifest(LOAD);

        Map<String, AttributeValue> item = TableLayout.manifestItem(manifest);

        assertEquals("-1", item.get(TableLayout.BUCKET).n());
        assertEquals("labs-2021", item.get(TableLayout.DATASET).s());
        assertEquals("2100", item.get("entryCount").n());
        assertEquals("2048", item.get("bucketItems").n());
        assertEquals("11", item.get("bucketBits").n());
        assertEquals("608", item.get("paddedBucketSize").n());
        assertEquals("32", item.get("entrySize").n());
        assertEquals("2", item.get("protocolVersion").n());
        assertEquals("9f0c1e5b7d2a41003f9a0c1e5b7d2a41", item.get("load").s());
        assertEquals("2026-02-24T10:15:30Z", item.get("loadedAt").s());
        assertEquals(manifest, TableLayout.manifest(item));
    }

    @Test
    void namesItsLoadAndItsBucketCount() {
        DatasetManifest manifest = TestBuckets.manifest(LOAD);

        assertEquals(LOAD, manifest.load());
        assertEquals(2_048, manifest.bucketItems());
    }

    @Test
    void acceptsZeroBucketBitsForASmallLeak() {
        DatasetManifest manifest = TestBuckets.manifest(DatasetLoad.of("tiny-set", LOAD.loadIdHex(), 0));

        assertEquals(1, manifest.bucketItems());
        assertEquals(manifest, TableLayout.manifest(TableLayout.manifestItem(manifest)));
    }

    @Test
    void storesEmptyTitleAndDescriptionAsAbsentAttributes() {
        DatasetManifest manifest = new DatasetManifest("ds-empty", "", "", 0, 0, Map.of(), 0, 16, 32,
                TestBuckets.KEY_ID, 2, LOAD.loadIdHex(), Instant.EPOCH);

        Map<String, AttributeValue> item = TableLayout.manifestItem(manifest);

        assertFalse(item.containsKey("title"));
        assertFalse(item.containsKey("description"));
        assertEquals(manifest, TableLayout.manifest(item));
    }

    @Test
    void sortsEntriesByKind() {
        DatasetManifest manifest = TestBuckets.manifest(LOAD);

        assertEquals(List.of("name-dob", "nir"), List.copyOf(manifest.entriesByKind().keySet()));
    }

    @Test
    void rejectsManifestItemWithMissingAttributeNamingIt() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
        item.remove("load");

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021: attribute 'load' must be a string", e.getMessage());
    }

    @Test
    void rejectsManifestItemWithOutOfRangeValueWithoutEchoingIt() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
        item.put("bucketBits", AttributeValue.fromN("99"));

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021 is invalid: bucketBits: must be in [0, 24]", e.getMessage());
        assertFalse(e.getMessage().contains("99"));
    }

    @Test
    void rejectsAMalformedLoadIdWithoutEchoingIt() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
        item.put("load", AttributeValue.fromS("9F0C1E5B7D2A41003F9A0C1E5B7D2A41"));

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021 is invalid: loadId: must be 32 lower-case hex characters",
                e.getMessage());
    }

    @Test
    void rejectsABucketItemCountThatIsNotTwoToTheBucketBits() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
        item.put("bucketItems", AttributeValue.fromN("4096"));

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021: attribute 'bucketItems' must be 2^bucketBits", e.getMessage());
    }

    @Test
    void rejectsMalformedLoadedAt() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
        item.put("loadedAt", AttributeValue.fromS("yesterday"));

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021: attribute 'loadedAt' must be an ISO-8601 instant", e.getMessage());
    }

    @Test
    void keysBucketItemsByBucketAndDatasetHashLoad() {
        byte[] entries = {1, 2, 3, (byte) 0xff};

        Map<String, AttributeValue> item = TableLayout.bucketItem(LOAD, new StoredBucket(2047, entries));

        assertEquals("2047", item.get(TableLayout.BUCKET).n());
        assertEquals("labs-2021#9f0c1e5b7d2a41003f9a0c1e5b7d2a41", item.get(TableLayout.DATASET).s());
        assertEquals(TableLayout.bucketKey(LOAD, 2047), Map.of(TableLayout.BUCKET, item.get(TableLayout.BUCKET),
                TableLayout.DATASET, item.get(TableLayout.DATASET)));
        assertEquals(new StoredBucket(2047, entries), TableLayout.storedBucket(item));
    }

    @Test
    void copiesEntriesIntoTheItem() {
        byte[] entries = {1, 2, 3};
        Map<String, AttributeValue> item = TableLayout.bucketItem(LOAD, new StoredBucket(0, entries));

        entries[0] = 9;

        assertArrayEquals(new byte[] {1, 2, 3}, item.get(TableLayout.ENTRIES).b().asByteArray());
    }

    @Test
    void rejectsBucketItemWithoutEntries() {
        Map<String, AttributeValue> item = TableLayout.bucketKey(LOAD, 7);

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.storedBucket(item));

        assertEquals("bucket item labs-2021#9f0c1e5b7d2a41003f9a0c1e5b7d2a41: attribute 'entries' must be binary",
                e.getMessage());
    }

    @Test
    void rejectsInvalidDatasetIdWithTheProtocolsRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetManifest(
                "-labs-", "", "", 0, 0, Map.of(), 0, 16, 32, TestBuckets.KEY_ID, 2, LOAD.loadIdHex(), Instant.EPOCH));

        assertEquals("datasetId: must be 3 to 40 characters of a-z, 0-9 and '-', not starting or ending with '-'",
                e.getMessage());
    }

    @Test
    void rejectsAMalformedKeyId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetManifest(
                "labs-2021", "", "", 0, 0, Map.of(), 0, 16, 32, "key-test-1", 2, LOAD.loadIdHex(), Instant.EPOCH));

        assertEquals("keyId: must be 16 lower-case hex characters", e.getMessage());
    }

    @Test
    void rejectsNegativeBucketsAndNullEntries() {
        assertThrows(IllegalArgumentException.class, () -> new StoredBucket(-1, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new StoredBucket(0, null));
    }

    @Test
    void comparesContentAndShowsLengthsNotBytesInToString() {
        assertEquals(new StoredBucket(3, new byte[] {7, 7}), new StoredBucket(3, new byte[] {7, 7}));
        assertTrue(new StoredBucket(3, new byte[] {7}).hashCode() == new StoredBucket(3, new byte[] {7}).hashCode());
        assertEquals("StoredBucket[bucket=3, entries=4 bytes]", new StoredBucket(3, new byte[] {7, 7, 7, 7}).toString());
    }
}
