package org.leakcheck.function.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.leakcheck.store.BucketReader;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.store.DatasetManifest;

/**
 * An in-memory bucket table, for tests that send so many requests (fuzzing) that a real engine
 * would make them minutes long, or that need to count reads. Integration tests use dynalite.
 */
public final class MemoryBucketSource implements BucketReader {

    private final Map<String, byte[]> items = new HashMap<>();
    private final List<DatasetManifest> manifests = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private final AtomicInteger manifestQueries = new AtomicInteger();
    private final AtomicInteger itemReads = new AtomicInteger();

    /** Puts item {@code bucket} of load {@code loadHex} of {@code dataset}. */
    public synchronized MemoryBucketSource put(String dataset, String loadHex, int bucket, byte[] entries) {
        items.put(key(dataset, loadHex, bucket), entries.clone());
        return this;
    }

    public synchronized MemoryBucketSource manifest(DatasetManifest manifest) {
        manifests.removeIf(m -> m.datasetId().equals(manifest.datasetId()));
        manifests.add(manifest);
        return this;
    }

    /** A manifest item of {@code dataset} that the store cannot read (as BucketTable reports one). */
    public synchronized MemoryBucketSource unreadableManifest(String dataset) {
        unreadable.add(dataset);
        return this;
    }

    /** Removes every item of {@code dataset} under {@code loadHex}, as the last step of a reload does. */
    public synchronized MemoryBucketSource deleteLoad(String dataset, String loadHex) {
        items.keySet().removeIf(k -> k.startsWith(dataset + "#" + loadHex + "#"));
        return this;
    }

    @Override
    public synchronized List<DatasetManifest> manifests(Consumer<String> unreadableIds) {
        manifestQueries.incrementAndGet();
        unreadable.forEach(unreadableIds);
        return List.copyOf(manifests);
    }

    @Override
    public synchronized Optional<byte[]> bucketEntries(DatasetLoad load, int bucket) {
        itemReads.incrementAndGet();
        return Optional.ofNullable(items.get(key(load.datasetId(), load.loadIdHex(), bucket))).map(byte[]::clone);
    }

    /** How many times {@link #manifests()} was called. */
    public int manifestQueries() {
        return manifestQueries.get();
    }

    /** How many items were read. */
    public int itemReads() {
        return itemReads.get();
    }

    private static String key(String dataset, String loadHex, int bucket) {
        return dataset + "#" + loadHex + "#" + bucket;
    }
}
