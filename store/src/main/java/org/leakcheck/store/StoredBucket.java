package org.leakcheck.store;

import java.util.Arrays;

/**
 * One bucket item of one load: the bucket number and its padded entries ({@code P × 32} bytes,
 * sorted, as the loader builds them). The loader writes these, verify scans them back.
 *
 * <p>The array is not copied: do not change it while a write is in progress. {@link #toString()}
 * shows the length only, never bytes. The bucket is not checked against the load's bucket bits
 * here: {@link BucketTable#writeBuckets} does that, and verify reports stray items it scans.
 *
 * @param bucket  the bucket number, at least 0
 * @param entries the item's bytes
 */
public record StoredBucket(int bucket, byte[] entries) {

    /** Rejects a negative bucket (that partition holds the manifests) and null entries. */
    public StoredBucket {
        if (bucket < 0) {
            throw new IllegalArgumentException("bucket: must not be negative");
        }
        Validation.notNull(entries, "entries");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredBucket that && bucket == that.bucket && Arrays.equals(entries, that.entries);
    }

    @Override
    public int hashCode() {
        return 31 * bucket + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "StoredBucket[bucket=" + bucket + ", entries=" + entries.length + " bytes]";
    }
}
