package org.leakcheck.function.buckets;

import java.util.List;
import java.util.Optional;

import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DatasetManifest;

/** The bucket table in DynamoDB (or a compatible engine), through the store module. */
public final class DynamoBucketSource implements BucketSource {

    private final BucketTable table;

    public DynamoBucketSource(BucketTable table) {
        this.table = table;
    }

    @Override
    public List<DatasetManifest> manifests() {
        return table.manifests();
    }

    @Override
    public Optional<byte[]> bucketEntries(DatasetLoad load, int bucket) {
        return table.bucketEntries(load, bucket);
    }
}
