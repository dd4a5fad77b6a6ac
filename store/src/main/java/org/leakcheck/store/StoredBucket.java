package org.leakcheck.store;

import java.util.Arrays;

/**
 * One bucket item of one load: the bucket number, its padded entries ({@code P × 32} bytes,
 * sorted, as the loader builds them) and, once read back, its expiry. The loader writes these,
 * verify scans them back.
 *
 * <p>The array is not copied: do not change it while a write is in progress. {@link #toString()}
 * shows the length only, never bytes. The bucket is not checked against the load's bucket bits
 * here: {@link BucketTable#writeBuckets} does that, and verify reports stray items it scans.
 *
 * @param bucket    the bucket number, at least 0
 * @param entries   the item's bytes
 * @param expiresAt the item's {@value TableLayout#TTL_ATTRIBUTE} as read back (epoch seconds), or 0
 *                  when it has none or was not read; {@link BucketTable#writeBuckets} ignores it
 *                  and writes the load's expiry on every item
 */
public record StoredBucket(int bucket, byte[] entries, long expiresAt) {

    /** Rejects a negative bucket (that partition holds the manifests), null entries and a negative expiry. */
    public StoredBucket {
        if (bucket < 0) {
            throw new IllegalArgumentException("bucket: must not be negative");
        }
        Validation.notNull(entries, "entries");
        Validation.notNegative(expiresAt, "expiresAt");
    }

    /** A bucket to write: its number and entries, no expiry yet (the write gives it the load's). */
    public StoredBucket(int bucket, byte[] entries) {
        this(bucket, entries, 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredBucket that && bucket == that.bucket && expiresAt == that.expiresAt
                && Arrays.equals(entries, that.entries);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * bucket + Long.hashCode(expiresAt)) + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "StoredBucket[bucket=" + bucket + ", entries=" + entries.length + " bytes, expiresAt=" + expiresAt + "]";
    }
}
