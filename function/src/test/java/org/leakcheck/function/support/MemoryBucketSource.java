package org.leakcheck.function.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.leakcheck.function.buckets.BucketSource;
import org.leakcheck.store.DatasetManifest;
import org.leakcheck.store.StoredBucket;

/**
 * An in-memory bucket table, for tests that send so many requests (fuzzing) that a real engine
 * would make them minutes long. Integration tests use dynalite.
 */
public final class MemoryBucketSource implements BucketSource {

    private final Map<Integer, List<StoredBucket>> buckets = new TreeMap<>();
    private final List<DatasetManifest> manifests = new ArrayList<>();
    private final AtomicInteger manifestQueries = new AtomicInteger();

    public synchronized MemoryBucketSource put(int bucket, StoredBucket item) {
        buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(item);
        return this;
    }

    public synchronized MemoryBucketSource manifest(DatasetManifest manifest) {
        manifests.add(manifest);
        return this;
    }

    @Override
    public synchronized List<StoredBucket> queryBucket(int bucket) {
        return List.copyOf(buckets.getOrDefault(bucket, List.of()));
    }

    @Override
    public synchronized List<DatasetManifest> manifests() {
        manifestQueries.incrementAndGet();
        return List.copyOf(manifests);
    }

    /** How many times {@link #manifests()} was called. */
    public int manifestQueries() {
        return manifestQueries.get();
    }
}
