package org.leakcheck.store;

import java.util.List;
import java.util.Optional;

import org.leakcheck.protocol.lookup.DatasetLoad;

/**
 * The read side of the bucket table, all the buckets function needs: the manifests and one
 * bucket item. A port of two methods, so that the function's handlers take storage as a tiny
 * interface and tests can serve from memory; {@link BucketTable} is the DynamoDB implementation.
 */
public interface BucketReader {

    /** Every manifest in the table, servable or not, sorted by dataset id. */
    List<DatasetManifest> manifests();

    /**
     * The {@code P × 32} bytes of bucket {@code bucket} of {@code load}; empty when there is no
     * such item.
     *
     * @throws IllegalArgumentException if {@code bucket} is outside [0, 2^B_D)
     */
    Optional<byte[]> bucketEntries(DatasetLoad load, int bucket);
}
