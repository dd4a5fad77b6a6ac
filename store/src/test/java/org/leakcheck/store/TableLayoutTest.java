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
import org.leakcheck.protocol.lookup.DisclosurePolicy;

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
        assertEquals("3000", item.get("entryCount").n());
        assertEquals("2048", item.get("bucketItems").n());
        assertEquals("11", item.get("bucketBits").n());
        assertEquals("608", item.get("paddedBucketSize").n());
        assertEquals("32", item.get("entrySize").n());
        assertEquals("2", item.get("protocolVersion").n());
        assertEquals("9f0c1e5b7d2a41003f9a0c1e5b7d2a41", item.get("load").s());
        assertEquals("2026-02-24T10:15:30Z", item.get("loadedAt").s());
        assertEquals("membership", item.get("disclosure").s());
        assertEquals("1023", item.get("exposedMask").n());
        assertEquals("Numéro d'adhérent de votre mutuelle", item.get("factorLabelFr").s());
        assertEquals("Your insurer member number", item.get("factorLabelEn").s());
        assertEquals("Sur votre carte de tiers payant", item.get("factorHintFr").s());
        assertEquals("On your insurance card", item.get("factorHintEn").s());
        assertEquals("2027-03-01T00:00:00Z", item.get("servedUntil").s());
        assertEquals(TestBuckets.NOTICE, item.get("notice").s());
        assertEquals(Long.toString(TestBuckets.EXPIRES_AT), item.get(TableLayout.TTL_ATTRIBUTE).n());
        assertEquals(manifest, TableLayout.manifest(item));
    }

    @Test
    void storesAnOpenManifestWithoutFactorAttributes() {
        DatasetManifest manifest = TestBuckets.openManifest(LOAD);

        Map<String, AttributeValue> item = TableLayout.manifestItem(manifest);

        assertEquals("open", item.get("disclosure").s());
        assertEquals("275", item.get("exposedMask").n());
        for (String attribute : List.of("factorLabelFr", "factorLabelEn", "factorHintFr", "factorHintEn")) {
            assertFalse(item.containsKey(attribute), attribute);
        }
        assertEquals(manifest, TableLayout.manifest(item));
    }

    @Test
    void expiresThirtyDaysAfterTheEndDateAndIsServedStrictlyBeforeIt() {
        DatasetManifest manifest = TestBuckets.manifest(LOAD);
        Instant end = TestBuckets.SERVED_UNTIL;

        assertEquals("expiresAt", TableLayout.TTL_ATTRIBUTE);
        assertEquals(java.time.Duration.ofDays(30), TableLayout.TTL_GRACE);
        assertEquals(end.getEpochSecond() + 30 * 86_400, manifest.expiresAt());
        assertTrue(manifest.servedAt(end.minusMillis(1)));
        assertFalse(manifest.servedAt(end));
        assertFalse(manifest.servedAt(end.plusSeconds(1)));
    }

    @Test
    void endingAManifestChangesOnlyItsEndDateAndExpiry() {
        DatasetManifest manifest = TestBuckets.manifest(LOAD);
        Instant now = Instant.parse("2026-12-01T09:00:00Z");

        DatasetManifest ended = manifest.endingAt(now);

        assertEquals(now, ended.servedUntil());
        assertEquals(now.getEpochSecond() + 30 * 86_400, ended.expiresAt());
        assertEquals(manifest, ended.endingAt(manifest.servedUntil()));
    }

    @Test
    void rejectsAManifestItemWithAnUnknownDisclosureWithoutEchoingIt() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
        item.put("disclosure", AttributeValue.fromS("everything"));

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021: attribute 'disclosure' must be a disclosure policy label",
                e.getMessage());
    }

    @Test
    void rejectsAManifestItemMissingTheEndDateOrTheNotice() {
        for (String attribute : List.of("servedUntil", "notice", "exposedMask", "disclosure")) {
            Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
            item.remove(attribute);

            StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item), attribute);

            assertTrue(e.getMessage().startsWith("manifest of dataset labs-2021: attribute '" + attribute + "' must be"),
                    e.getMessage());
        }
    }

    @Test
    void rejectsAManifestItemWithAPartialFactorLabel() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
        item.remove("factorHintEn");

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021: attribute 'factorHintEn' must be a string", e.getMessage());
    }

    @Test
    void rejectsAManifestItemOfAFactorPolicyWithoutFactorLabel() {
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.manifestItem(TestBuckets.manifest(LOAD)));
        List.of("factorLabelFr", "factorLabelEn", "factorHintFr", "factorHintEn").forEach(item::remove);

        StoreException e = assertThrows(StoreException.class, () -> TableLayout.manifest(item));

        assertEquals("manifest of dataset labs-2021 is invalid: factor: is required when disclosure is membership",
                e.getMessage());
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
                TestBuckets.KEY_ID, 2, LOAD.loadIdHex(), Instant.EPOCH, DisclosurePolicy.OPEN, 0, null,
                TestBuckets.SERVED_UNTIL, TestBuckets.NOTICE);

        Map<String, AttributeValue> item = TableLayout.manifestItem(manifest);

        assertFalse(item.containsKey("title"));
        assertFalse(item.containsKey("description"));
        assertEquals(manifest, TableLayout.manifest(item));
    }

    @Test
    void sortsEntriesByKind() {
        DatasetManifest manifest = TestBuckets.manifest(LOAD);

        assertEquals(List.of("name-dob", "name-dob+factor", "nir", "nir+factor"),
                List.copyOf(manifest.entriesByKind().keySet()));
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

        Map<String, AttributeValue> item = TableLayout.bucketItem(LOAD, new StoredBucket(2047, entries),
                TestBuckets.EXPIRES_AT);

        assertEquals("2047", item.get(TableLayout.BUCKET).n());
        assertEquals("labs-2021#9f0c1e5b7d2a41003f9a0c1e5b7d2a41", item.get(TableLayout.DATASET).s());
        assertEquals(Long.toString(TestBuckets.EXPIRES_AT), item.get("expiresAt").n());
        assertEquals(TableLayout.bucketKey(LOAD, 2047), Map.of(TableLayout.BUCKET, item.get(TableLayout.BUCKET),
                TableLayout.DATASET, item.get(TableLayout.DATASET)));
        assertEquals(new StoredBucket(2047, entries, TestBuckets.EXPIRES_AT), TableLayout.storedBucket(item));
    }

    @Test
    void refusesToBuildABucketItemWithoutExpiry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableLayout.bucketItem(LOAD, new StoredBucket(0, new byte[32]), 0));

        assertEquals("expiresAt: must be positive", e.getMessage());
    }

    @Test
    void copiesEntriesIntoTheItem() {
        byte[] entries = {1, 2, 3};
        Map<String, AttributeValue> item = TableLayout.bucketItem(LOAD, new StoredBucket(0, entries),
                TestBuckets.EXPIRES_AT);

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
                "-labs-", "", "", 0, 0, Map.of(), 0, 16, 32, TestBuckets.KEY_ID, 2, LOAD.loadIdHex(), Instant.EPOCH,
                DisclosurePolicy.OPEN, 0, null, TestBuckets.SERVED_UNTIL, TestBuckets.NOTICE));

        assertEquals("datasetId: must be 3 to 40 characters of a-z, 0-9 and '-', not starting or ending with '-'",
                e.getMessage());
    }

    @Test
    void rejectsAMalformedKeyId() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetManifest(
                "labs-2021", "", "", 0, 0, Map.of(), 0, 16, 32, "key-test-1", 2, LOAD.loadIdHex(), Instant.EPOCH,
                DisclosurePolicy.OPEN, 0, null, TestBuckets.SERVED_UNTIL, TestBuckets.NOTICE));

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
        assertEquals("StoredBucket[bucket=3, entries=4 bytes, expiresAt=0]",
                new StoredBucket(3, new byte[] {7, 7, 7, 7}).toString());
    }
}
