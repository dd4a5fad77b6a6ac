package org.leakcheck.store;

import java.util.Arrays;

/**
 * One bucket item to write for a dataset: the bucket number and its padded entries (P entries of
 * the entry size, concatenated and sorted, as the loader builds them).
 *
 * <p>The array is not copied; do not change it while a write is in progress. {@link #toString()}
 * shows the length only.
 */
public record BucketWrite(int bucket, byte[] entries) {

    /** Checks the bucket range and that the entries fit in one DynamoDB item. */
    public BucketWrite {
        Validation.bucket(bucket);
        TableLayout.checkEntries(entries);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BucketWrite that && bucket == that.bucket && Arrays.equals(entries, that.entries);
    }

    @Override
    public int hashCode() {
        return 31 * bucket + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "BucketWrite[bucket=" + bucket + ", entries=" + entries.length + " bytes]";
    }
}
