package org.leakcheck.function.buckets;

import java.util.List;

import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;

/**
 * What the buckets function reads: the two Queries of the bucket table. An interface so that the
 * handler never depends on DynamoDB itself (the adapter is {@link DynamoBucketSource}).
 */
public interface BucketSource {

    /** Every dataset's item in {@code bucket}, complete datasets or not. */
    List<StoredBucket> queryBucket(int bucket);

    /** The manifests of the complete datasets. */
    List<DatasetManifest> manifests();
}
