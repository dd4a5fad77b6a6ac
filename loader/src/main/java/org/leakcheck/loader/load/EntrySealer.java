package org.leakcheck.loader.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.leakcheck.protocol.lookup.Buckets;
import org.leakcheck.protocol.lookup.Details;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.EntryKeys;
import org.leakcheck.protocol.lookup.ExposureKind;

/**
 * Seals every evaluated identity into its 32-byte entry and groups the entries by bucket. Work is
 * split in contiguous slices, one per thread, each filling its own per-bucket lists, which are
 * merged at the end: no locking on the hot path.
 */
final class EntrySealer {
    private final String datasetId;
    private final int bucketBits;
    private final int threads;

    EntrySealer(String datasetId, int bucketBits, int threads) {
        this.datasetId = datasetId;
        this.bucketBits = bucketBits;
        this.threads = Math.max(1, threads);
    }

    /** Entries grouped by bucket: {@code result.get(b)} holds the entries of bucket b. */
    List<List<byte[]>> seal(List<IdentityIndex.Slot> slots) throws InterruptedException {
        int bucketCount = Buckets.count(bucketBits);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<List<byte[]>>>> parts = new ArrayList<>();
            int slice = Math.max(1, (slots.size() + threads - 1) / threads);
            for (int from = 0; from < slots.size(); from += slice) {
                List<IdentityIndex.Slot> part = slots.subList(from, Math.min(slots.size(), from + slice));
                parts.add(pool.submit(() -> sealSlice(part, bucketCount)));
            }
            List<List<byte[]>> merged = emptyBuckets(bucketCount);
            for (Future<List<List<byte[]>>> part : parts) {
                List<List<byte[]>> buckets = part.get();
                for (int b = 0; b < bucketCount; b++) {
                    merged.get(b).addAll(buckets.get(b));
                }
            }
            return merged;
        } catch (ExecutionException e) {
            throw new IllegalStateException("sealing entries failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<List<byte[]>> sealSlice(List<IdentityIndex.Slot> part, int bucketCount) {
        List<List<byte[]>> buckets = emptyBuckets(bucketCount);
        int datasetTag = EntryKeys.datasetTag(datasetId);
        for (IdentityIndex.Slot slot : part) {
            Details details = new Details(ExposureKind.fromMask(slot.exposureMask()), datasetTag);
            byte[] entry = Entry.seal(EntryKeys.derive(slot.output, datasetId), details);
            buckets.get(Buckets.bucketOf(slot.canonical, bucketBits)).add(entry);
        }
        return buckets;
    }

    private static List<List<byte[]>> emptyBuckets(int count) {
        List<List<byte[]>> buckets = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            buckets.add(new ArrayList<>());
        }
        return buckets;
    }
}
