package org.leakcheck.function.support;

import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.leakcheck.store.DatasetManifest;

/** Small synthetic datasets for handler tests; the load ids are those of the event fixtures. */
public final class Datasets {

    public static final Instant LOADED_AT = Instant.parse("2026-11-29T20:00:00Z");
    /** The served load of {@code labs-2021} in the fixtures. */
    public static final String LOAD = "9f0c1e5b7d2a41e3b6c8d0f2a4c6e8f0";
    /** A load of {@code labs-2021} that a reload replaced (fixture {@code bucket-old-load}). */
    public static final String OLD_LOAD = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    private Datasets() {
    }

    /** A v2 manifest of {@code id} under {@code load}, with {@code paddedSize} entries per item and {@code bucketBits}. */
    public static DatasetManifest manifest(String id, String load, int paddedSize, int bucketBits, String keyId) {
        return manifest(id, load, paddedSize, bucketBits, keyId, 2, 32);
    }

    /** A manifest with any protocol version and entry size, for the servable filter's tests. */
    public static DatasetManifest manifest(String id, String load, int paddedSize, int bucketBits, String keyId,
                                           int protocolVersion, int entrySize) {
        return new DatasetManifest(id, "Title of " + id, "Synthetic dataset for tests", 1000, 900,
                Map.of("nir", 450L, "name-dob", 450L), bucketBits, paddedSize, entrySize, keyId, protocolVersion, load,
                LOADED_AT);
    }

    /** {@code count} pseudorandom 32-byte entries, as padded items look. */
    public static byte[] entries(int count, long seed) {
        byte[] bytes = new byte[count * 32];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
