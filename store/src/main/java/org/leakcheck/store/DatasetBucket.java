package org.leakcheck.store;

import java.util.Arrays;

/**
 * One bucket item of a known dataset, as {@link BucketTable#scanDataset(String)} streams them:
 * the bucket number and its padded entries. {@link #toString()} shows the length only.
 */
public record DatasetBucket(int bucket, byte[] entries) {

    /** Rejects null entries. Bucket numbers are not range-checked here: verify reports bad ones. */
    public DatasetBucket {
        Validation.notNull(entries, "entries");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatasetBucket that && bucket == that.bucket && Arrays.equals(entries, that.entries);
    }

    @Override
    public int hashCode() {
        return 31 * bucket + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "DatasetBucket[bucket=" + bucket + ", entries=" + entries.length + " bytes]";
    }
}
