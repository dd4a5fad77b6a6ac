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

    /** The content digest of every entry: canonical identity bytes, final exposure mask and scope (§6.3). */
    static LoadIds.Digest digest(List<IdentityIndex.Slot> slots, int threads) throws InterruptedException {
        List<LoadIds.Digest> parts = ParallelSlices.map(slots, threads, "the content digest", part -> {
            LoadIds.Digest digest = new LoadIds.Digest();
            for (IdentityIndex.Slot slot : part) {
                digest.add(slot.canonical(), slot.exposureMask(), slot.membershipOnly());
            }
            return digest;
        });
        LoadIds.Digest total = new LoadIds.Digest();
        parts.forEach(total::add);
        return total;
    }

    /**
     * Entries of {@code load} grouped by bucket: {@code result.get(b)} holds the entries of bucket b.
     * Each slot is dropped from {@code slots} once sealed (set to null), so that its memory is
     * freed while the sealed entries grow: the list is of no use afterwards.
     */
    static List<List<byte[]>> seal(List<IdentityIndex.Slot> slots, DatasetLoad load, int threads)
            throws InterruptedException {
        int bucketCount = load.bucketCount();
        // Computed once: it is the same for every entry of the dataset.
        int datasetTag = EntryKeys.datasetTag(load.datasetId());
        List<List<List<byte[]>>> parts = ParallelSlices.map(slots, threads, "sealing entries", part -> {
            List<List<byte[]>> buckets = emptyBuckets(bucketCount);
            for (int i = 0; i < part.size(); i++) {
                IdentityIndex.Slot slot = part.get(i);
                EntryKeys keys = EntryKeys.derive(slot.output(), load);
                // §5: scope MEMBERSHIP (mask 0) for a plain identity under membership, KINDS otherwise.
                Details details = new Details(ExposureKind.fromMask(slot.exposureMask()), datasetTag,
                        slot.membershipOnly());
                buckets.get(keys.bucket()).add(Entry.seal(keys, details));
                part.set(i, null);
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
