package org.leakcheck.loader.load;

import java.util.ArrayList;
import java.util.List;
import org.leakcheck.protocol.lookup.DatasetLoad;
import org.leakcheck.protocol.lookup.Details;
import org.leakcheck.protocol.lookup.Entry;
import org.leakcheck.protocol.lookup.EntryKeys;
import org.leakcheck.protocol.lookup.ExposureKind;
import org.leakcheck.protocol.lookup.LoadIds;

/**
 * The two passes over the evaluated identities that need the final exposure masks
 * ({@code docs/protocol.md} §5, §6.3), each run on every thread over contiguous slices:
 *
 * <ol>
 *   <li>{@link #digest}: the content digest, the sum of one hash per entry, so each thread sums its
 *       slice and the sums are added up (the order never matters);</li>
 *   <li>{@link #seal}: for each entry, {@code EntryKeys.derive(y, load)} gives its bucket and keys,
 *       and the entry is sealed into that bucket's list. This needs the load id, hence the digest.</li>
 * </ol>
 */
final class EntrySealer {
    private EntrySealer() {
    }

    /** The content digest of every entry: canonical identity bytes and final exposure mask. */
    static LoadIds.Digest digest(List<IdentityIndex.Slot> slots, int threads) throws InterruptedException {
        List<LoadIds.Digest> parts = ParallelSlices.map(slots, threads, "the content digest", part -> {
            LoadIds.Digest digest = new LoadIds.Digest();
            for (IdentityIndex.Slot slot : part) {
                digest.add(slot.canonical, slot.exposureMask());
            }
            return digest;
        });
        LoadIds.Digest total = new LoadIds.Digest();
        parts.forEach(total::add);
        return total;
    }

    /** Entries of {@code load} grouped by bucket: {@code result.get(b)} holds the entries of bucket b. */
    static List<List<byte[]>> seal(List<IdentityIndex.Slot> slots, DatasetLoad load, int threads)
            throws InterruptedException {
        int bucketCount = load.bucketCount();
        // Computed once: it is the same for every entry of the dataset.
        int datasetTag = EntryKeys.datasetTag(load.datasetId());
        List<List<List<byte[]>>> parts = ParallelSlices.map(slots, threads, "sealing entries", part -> {
            List<List<byte[]>> buckets = emptyBuckets(bucketCount);
            for (IdentityIndex.Slot slot : part) {
                EntryKeys keys = EntryKeys.derive(slot.output, load);
                Details details = new Details(ExposureKind.fromMask(slot.exposureMask()), datasetTag);
                buckets.get(keys.bucket()).add(Entry.seal(keys, details));
            }
            return buckets;
        });
        List<List<byte[]>> merged = emptyBuckets(bucketCount);
        for (List<List<byte[]>> buckets : parts) {
            for (int b = 0; b < bucketCount; b++) {
                merged.get(b).addAll(buckets.get(b));
            }
        }
        return merged;
    }

    private static List<List<byte[]>> emptyBuckets(int count) {
        List<List<byte[]>> buckets = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            buckets.add(new ArrayList<>());
        }
        return buckets;
    }
}
