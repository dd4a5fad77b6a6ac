package org.leakcheck.protocol.lookup;

/**
 * The number of bucket bits {@code B_D} of a dataset, and the rule that picks it
 * ({@code docs/protocol.md} §3): the largest B in [0, 24] with {@code entries >= 256 * 2^B}, so
 * that the mean bucket holds 256 to 511 leaked entries whatever the size of the leak.
 */
public final class BucketBits {
    public static final int MIN = 0;
    public static final int MAX = 24;
    /** The k-anonymity floor: the least mean number of leaked entries per bucket. */
    public static final int MIN_MEAN_ENTRIES = 256;

    private BucketBits() {
    }

    /** {@code B_D} for a load of {@code entries} real entries. */
    public static int forEntries(long entries) {
        if (entries < 0) {
            throw new IllegalArgumentException("entries must not be negative");
        }
        int bits = MIN;
        while (bits < MAX && entries >= (long) MIN_MEAN_ENTRIES << (bits + 1)) {
            bits++;
        }
        return bits;
    }

    /** True when {@code bits} is in [{@value #MIN}, {@value #MAX}]. */
    public static boolean isValid(int bits) {
        return bits >= MIN && bits <= MAX;
    }

    /** Returns {@code bits} or throws if it is outside [{@value #MIN}, {@value #MAX}]. */
    public static int require(int bits) {
        if (!isValid(bits)) {
            throw new IllegalArgumentException("bucket bits must be between " + MIN + " and " + MAX);
        }
        return bits;
    }

    /** Number of buckets: 2^bits. */
    public static int count(int bits) {
        return 1 << require(bits);
    }
}
