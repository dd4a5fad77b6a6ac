package org.leakcheck.function.buckets;

import java.util.List;

import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;

/** The bucket table in DynamoDB (or a compatible engine), through the store module. */
public final class DynamoBucketSource implements BucketSource {

    private final BucketTable table;

    public DynamoBucketSource(BucketTable table) {
        this.table = table;
    }

    @Override
    public List<StoredBucket> queryBucket(int bucket) {
        return table.queryBucket(bucket);
    }

    @Override
    public List<DatasetManifest> manifests() {
        return table.manifests();
    }
}
