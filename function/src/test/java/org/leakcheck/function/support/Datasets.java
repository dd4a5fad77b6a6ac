package org.leakcheck.function.support;

import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.leakcheck.store.DatasetManifest;

/** Small synthetic datasets for handler tests. */
public final class Datasets {

    public static final Instant LOADED_AT = Instant.parse("2026-11-29T20:00:00Z");

    private Datasets() {
    }

    /** A manifest with {@code paddedSize} entries per bucket, loaded with {@code bucketBits}. */
    public static DatasetManifest manifest(String id, int paddedSize, int bucketBits, String keyId) {
        return new DatasetManifest(id, "Title of " + id, "Synthetic dataset for tests", 1000, 900,
                Map.of("nir", 450L, "name-dob", 450L), 3, 32, paddedSize, keyId, 1, bucketBits, LOADED_AT);
    }

    /** {@code count} pseudorandom 32-byte entries, as padded items look. */
    public static byte[] entries(int count, long seed) {
        byte[] bytes = new byte[count * 32];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
