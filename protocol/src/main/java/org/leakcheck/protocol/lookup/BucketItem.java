package org.leakcheck.protocol.lookup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A bucket item: the entries of one dataset that fall in one bucket, padded with filler to the
 * dataset's fixed entry count and sorted, so that neither its size nor its order says anything.
 *
 * <p>Wire layout: {@code P × 32} bytes, entries in ascending unsigned lexicographic order.
 */
public final class BucketItem {
    /** Items are padded to a multiple of this, so the padded size does not give away the exact largest bucket (§6.1). */
    public static final int PAD_MULTIPLE = 16;

    private BucketItem() {
    }

    /** {@code P = max(16, ceil(largest / 16) * 16)} (§6.1), for a load whose largest bucket holds {@code largest} entries. */
    public static long paddedSize(long largest) {
        return Math.max(PAD_MULTIPLE, (largest + PAD_MULTIPLE - 1) / PAD_MULTIPLE * PAD_MULTIPLE);
    }

    /** True when {@code padded} is a padded size the rule of §6.1 can give: a multiple of 16, at least 16. */
    public static boolean isValidPaddedSize(long padded) {
        return padded >= PAD_MULTIPLE && padded % PAD_MULTIPLE == 0;
    }

    /** Source of filler entries: indistinguishable from real ones to anyone without the OPRF key. */
    @FunctionalInterface
    public interface Filler {
        /** The {@code index}-th filler entry (32 bytes) of this bucket. */
        byte[] entry(int index);
    }

    /**
     * Encodes {@code entries} padded to {@code paddedSize} with {@code filler}.
     *
     * @throws IllegalArgumentException when an entry is not 32 bytes or there are more entries than {@code paddedSize}
     */
    public static byte[] encode(List<byte[]> entries, int paddedSize, Filler filler) {
        if (entries.size() > paddedSize) {
            throw new IllegalArgumentException("bucket holds more entries than the padded size");
        }
        List<byte[]> all = new ArrayList<>(paddedSize);
        for (byte[] entry : entries) {
            if (entry.length != Entry.SIZE) {
                throw new IllegalArgumentException("entry must be " + Entry.SIZE + " bytes");
            }
            all.add(entry);
        }
        for (int i = 0; all.size() < paddedSize; i++) {
            all.add(filler.entry(i));
        }
        all.sort(Arrays::compareUnsigned);
        byte[] out = new byte[paddedSize * Entry.SIZE];
        for (int i = 0; i < all.size(); i++) {
            System.arraycopy(all.get(i), 0, out, i * Entry.SIZE, Entry.SIZE);
        }
        return out;
    }

    /** Number of entries in an encoded item, or throws when its length is not a multiple of 32. */
    public static int entryCount(byte[] item) {
        if (item.length % Entry.SIZE != 0) {
            throw new IllegalArgumentException("bucket item length is not a multiple of " + Entry.SIZE);
        }
        return item.length / Entry.SIZE;
    }

    /** True when the item's entries are in strictly ascending order (a property of every item the loader writes). */
    public static boolean isSorted(byte[] item) {
        int n = entryCount(item);
        for (int i = 1; i < n; i++) {
            if (Arrays.compareUnsigned(item, (i - 1) * Entry.SIZE, i * Entry.SIZE, item, i * Entry.SIZE, (i + 1) * Entry.SIZE) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Looks up the entry of {@code keys} in {@code item} and opens it ({@code docs/protocol.md}
     * §6.1, §7.5). Every fingerprint is compared in constant time and the scan never stops early,
     * so timing does not depend on where (or whether) the entry is.
     *
     * @return the details, or empty when no entry has this fingerprint
     * @throws LookupException {@code bucket.corrupt} when the fingerprint matches an entry that
     *                         fails to open, or more than one entry: never "found" and never
     *                         silently "not found"
     */
    public static Optional<Details> find(byte[] item, EntryKeys keys, String datasetId) {
        int n = entryCount(item);
        int found = -1;
        int matches = 0;
        for (int i = 0; i < n; i++) {
            int match = keys.matches(item, i * Entry.SIZE) ? 1 : 0;
            matches += match;
            found = match == 1 && found < 0 ? i : found;
        }
        if (matches == 0) {
            return Optional.empty();
        }
        Optional<Details> details = matches == 1 ? Entry.open(keys, item, found * Entry.SIZE) : Optional.empty();
        if (details.isEmpty() || details.get().datasetTag() != EntryKeys.datasetTag(datasetId)) {
            throw new LookupException(LookupException.Rule.BUCKET_CORRUPT);
        }
        return details;
    }
}
