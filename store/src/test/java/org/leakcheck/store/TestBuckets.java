package org.leakcheck.store;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Synthetic bucket items and manifests: random bytes, no identity data of any kind. */
final class TestBuckets {

    /** 300 entries of 32 bytes: a full-size bucket item at B = 12. */
    static final int ITEM_BYTES = 300 * 32;

    private TestBuckets() {
    }

    /** {@code count} items for buckets 0..count-1, each {@code size} pseudorandom bytes from {@code seed}. */
    static List<BucketWrite> items(int count, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<BucketWrite> items = new ArrayList<>(count);
        for (int bucket = 0; bucket < count; bucket++) {
            byte[] entries = new byte[size];
            random.nextBytes(entries);
            items.add(new BucketWrite(bucket, entries));
        }
        return items;
    }

    static DatasetManifest manifest(String datasetId, int bucketItems) {
        return new DatasetManifest(datasetId, "Synthetic " + datasetId, "Generated test data", 1_000, 2_100,
                Map.of("nir", 1_000L, "name-dob", 1_100L), bucketItems, 32, 300, "key-test-1", 1, 12,
                Instant.parse("2026-02-24T10:15:30Z"));
    }

    /** What writing {@code items} should leave in the table: bucket -> entries. */
    static Map<Integer, ByteBuffer> expected(List<BucketWrite> items) {
        Map<Integer, ByteBuffer> map = new HashMap<>();
        items.forEach(item -> map.put(item.bucket(), bytes(item.entries())));
        return map;
    }

    /** A dataset's scanned content: bucket -> entries, comparable with {@link #expected}. */
    static Map<Integer, ByteBuffer> scan(BucketTable table, String datasetId) {
        Map<Integer, ByteBuffer> map = new HashMap<>();
        table.scanDataset(datasetId).forEach(item -> {
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
