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
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;

/**
 * The CPU-bound phase: for every identity, RFC 9497 Evaluate under the key, then the entry and the
 * bucket. Work is split in contiguous slices, one per thread, each filling its own per-bucket
 * lists, which are merged at the end: no locking on the hot path.
 */
final class EntryComputer {
    private final OprfKey key;
    private final String datasetId;
    private final int bucketBits;
    private final int threads;

    EntryComputer(OprfKey key, String datasetId, int bucketBits, int threads) {
        this.key = key;
        this.datasetId = datasetId;
        this.bucketBits = bucketBits;
        this.threads = Math.max(1, threads);
    }

    /** Entries grouped by bucket: {@code result.get(b)} holds the 32-byte entries of bucket b. */
    List<List<byte[]>> compute(List<IdentityIndex.Pending> pending, Progress progress) throws InterruptedException {
        int bucketCount = Buckets.count(bucketBits);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "leakcheck-oprf");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<List<byte[]>>>> parts = new ArrayList<>();
            int slice = (pending.size() + threads - 1) / threads;
            for (int from = 0; from < pending.size(); from += slice) {
                List<IdentityIndex.Pending> part = pending.subList(from, Math.min(pending.size(), from + slice));
                parts.add(pool.submit(() -> computeSlice(part, bucketCount, progress)));
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
            throw new IllegalStateException("OPRF evaluation failed: " + e.getCause().getClass().getSimpleName(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private List<List<byte[]>> computeSlice(List<IdentityIndex.Pending> part, int bucketCount, Progress progress) {
        List<List<byte[]>> buckets = emptyBuckets(bucketCount);
        int sinceReport = 0;
        for (IdentityIndex.Pending p : part) {
            byte[] output = Oprf.evaluate(key, p.canonical());
            Details details = Details.of(ExposureKind.fromMask(p.exposureMask()), datasetId);
            buckets.get(Buckets.bucketOf(p.canonical(), bucketBits)).add(Entry.seal(EntryKeys.derive(output, datasetId), details));
            if (++sinceReport == 256) {
                progress.advance(sinceReport);
                sinceReport = 0;
            }
        }
        progress.advance(sinceReport);
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
