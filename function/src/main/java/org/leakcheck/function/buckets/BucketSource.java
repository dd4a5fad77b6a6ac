package org.leakcheck.function.buckets;

import java.util.List;
import java.util.Optional;

import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.store.DatasetManifest;

/**
 * What the buckets function reads from the bucket table: the manifests, and one bucket item of a
 * load. An interface so that the handler never depends on DynamoDB itself (the adapter is
 * {@link DynamoBucketSource}).
 */
public interface BucketSource {

    /** Every manifest in the table, servable or not. */
    List<DatasetManifest> manifests();

    /** The {@code P × 32} bytes of bucket {@code bucket} of {@code load}: one GetItem; empty when there is no such item. */
    Optional<byte[]> bucketEntries(DatasetLoad load, int bucket);
}
