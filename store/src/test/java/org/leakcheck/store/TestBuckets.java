package org.leakcheck.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.DisclosurePolicy;

/** Synthetic bucket items, loads and manifests: random bytes, no identity data of any kind. */
final class TestBuckets {

    /** 608 entries of 32 bytes: a full-size bucket item of the 2021 leak at B_D = 11. */
    static final int ITEM_BYTES = 608 * 32;
    /** A well-formed key id (16 hex characters); no key derives it, none is needed here. */
    static final String KEY_ID = "0123456789abcdef";
    /** The end date of the test datasets; the tests never compare it with the clock. */
    static final Instant SERVED_UNTIL = Instant.parse("2027-03-01T00:00:00Z");
    /** {@link #SERVED_UNTIL} plus the 30-day grace, in epoch seconds. */
    static final long EXPIRES_AT = Instant.parse("2027-03-31T00:00:00Z").getEpochSecond();
    /** A compact notice as the loader stores it (synthetic controller). */
    static final String NOTICE = "{\"controller\":\"Laboratoire Exemple (fictif)\","
            + "\"fr\":{\"whatHappened\":\"Fuite\",\"when\":\"2021\",\"consequences\":\"Hameçonnage\","
            + "\"measures\":\"Plainte\",\"whatToDo\":\"Vigilance\"},"
            + "\"en\":{\"whatHappened\":\"Leak\",\"when\":\"2021\",\"consequences\":\"Phishing\","
            + "\"measures\":\"Complaint\",\"whatToDo\":\"Vigilance\"},"
            + "\"contact\":{\"name\":\"Accueil\",\"url\":\"https://example.org/fuite\"},"
            + "\"dpo\":{\"name\":\"DPO\",\"email\":\"dpo@example.org\"}}";
    /** A factor label and hint. */
    static final FactorLabel FACTOR = new FactorLabel("Numéro d'adhérent de votre mutuelle", "Your insurer member number",
            "Sur votre carte de tiers payant", "On your insurance card");

    private TestBuckets() {
    }

    /** Load {@code loadByte} (its 16 bytes all equal to it) of {@code datasetId} with {@code bits}. */
    static DatasetLoad load(String datasetId, int loadByte, int bits) {
        byte[] loadId = new byte[DatasetLoad.LOAD_ID_SIZE];
        java.util.Arrays.fill(loadId, (byte) loadByte);
        return new DatasetLoad(datasetId, loadId, bits);
    }

    /** {@code count} items for buckets 0..count-1, each {@code size} pseudorandom bytes from {@code seed}. */
    static List<StoredBucket> items(int count, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<StoredBucket> items = new ArrayList<>(count);
        for (int bucket = 0; bucket < count; bucket++) {
            byte[] entries = new byte[size];
            random.nextBytes(entries);
            items.add(new StoredBucket(bucket, entries));
        }
        return items;
    }

    /** A manifest naming {@code load}, under the membership policy. */
    static DatasetManifest manifest(DatasetLoad load) {
        return new DatasetManifest(load.datasetId(), "Synthetic " + load.datasetId(), "Generated test data", 1_000,
                3_000, Map.of("nir", 1_000L, "name-dob", 1_100L, "nir+factor", 400L, "name-dob+factor", 500L),
                load.bucketBits(), 608, 32, KEY_ID, 2, load.loadIdHex(), Instant.parse("2026-02-24T10:15:30Z"),
                DisclosurePolicy.MEMBERSHIP, 0b11_1111_1111, FACTOR, SERVED_UNTIL, NOTICE);
    }

    /** A manifest naming {@code load}, under the open policy (no factor). */
    static DatasetManifest openManifest(DatasetLoad load) {
        return new DatasetManifest(load.datasetId(), "", "", 1_000, 2_100, Map.of("nir", 1_000L, "name-dob", 1_100L),
                load.bucketBits(), 608, 32, KEY_ID, 2, load.loadIdHex(), Instant.parse("2026-02-24T10:15:30Z"),
                DisclosurePolicy.OPEN, 0b1_0001_0011, null, SERVED_UNTIL, NOTICE);
    }

    /** What writing {@code items} should leave in the table: bucket -> entries. */
    static Map<Integer, ByteBuffer> expected(List<StoredBucket> items) {
        Map<Integer, ByteBuffer> map = new HashMap<>();
        items.forEach(item -> map.put(item.bucket(), bytes(item.entries())));
        return map;
    }

    /** A load's scanned content: bucket -> entries, comparable with {@link #expected}. */
    static Map<Integer, ByteBuffer> scan(BucketTable table, DatasetLoad load) {
        Map<Integer, ByteBuffer> map = new HashMap<>();
        table.scanLoad(load).forEach(item -> {
            if (map.put(item.bucket(), bytes(item.entries())) != null) {
                throw new AssertionError("bucket " + item.bucket() + " scanned twice");
            }
        });
        return map;
    }

    /** A wrapper whose equals compares content, and whose toString shows no bytes. */
    private static ByteBuffer bytes(byte[] array) {
        return ByteBuffer.wrap(array).asReadOnlyBuffer();
    }
}
