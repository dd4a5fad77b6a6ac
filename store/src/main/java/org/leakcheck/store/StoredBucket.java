package org.leakcheck.store;

import java.util.Arrays;

/**
 * One dataset's item in a bucket, as read back: the dataset id and its padded entries.
 *
 * <p>The dataset may be incomplete (no manifest yet); callers serve only datasets listed by
 * {@link BucketTable#manifests()}. {@link #toString()} shows the length only.
 */
public record StoredBucket(String datasetId, byte[] entries) {

    /** Rejects nulls. */
    public StoredBucket {
        Validation.notNull(datasetId, "datasetId");
        Validation.notNull(entries, "entries");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredBucket that && datasetId.equals(that.datasetId)
                && Arrays.equals(entries, that.entries);
    }

    @Override
    public int hashCode() {
        return 31 * datasetId.hashCode() + Arrays.hashCode(entries);
    }

    @Override
    public String toString() {
        return "StoredBucket[datasetId=" + datasetId + ", entries=" + entries.length + " bytes]";
    }
}
