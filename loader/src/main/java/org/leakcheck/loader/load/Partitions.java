package org.leakcheck.loader.load;

/**
 * How a load splits its work on disk, so that memory is bounded by these constants and not by
 * the size of the leak (docs/loader.md, "Memory and disk").
 *
 * <p>Persons and entries go to {@code P} partitions by a hash: the persons of the export by the
 * hash of their person key, so all rows of a person meet in one partition however far apart they
 * are in the file; the entries by a hash of their canonical encoding, so that every person's copy of
 * an entry meets in one partition too. {@code P} grows with the export, one partition per
 * {@value #INPUT_BYTES_PER_PARTITION} bytes of CSV (about 100,000 rows; ~230,000 entries under the
 * membership policy, ~40 MB of heap while evaluated), up to {@value #MAX}.
 *
 * <p>Sealed entries go to {@code R = 2^r} ranges of consecutive buckets, each at most a quarter of a
 * partition's bytes of CSV (16 MB by default), so that one range at a time is padded and written.
 */
final class Partitions {
    /** Bytes of export per partition. */
    static final long INPUT_BYTES_PER_PARTITION = 64L << 20;
    /** At most this many partitions: beyond ~256 GB of export, partitions grow instead (about 1 GB of heap per 1 TB). */
    static final int MAX = 4096;
    /** Bytes of a sealed record: the bucket number (4) and the entry. */
    static final int SEALED_RECORD = 4 + org.leakcheck.protocol.lookup.Entry.SIZE;
    /** Gzip exports are counted at this many bytes of CSV per compressed byte (CSV compresses about 6 to 1). */
    static final int GZIP_RATIO = 6;
    /** Memory of all the write buffers of one phase together. */
    static final int BUFFERS_BYTES = 32 << 20;

    private Partitions() {
    }

    /** {@code P} for an export of {@code fileBytes} bytes on disk, {@code perPartition} bytes of CSV each. */
    static int forInput(long fileBytes, boolean gzip, long perPartition) {
        long csvBytes = gzip ? fileBytes * GZIP_RATIO : fileBytes;
        long p = (csvBytes + perPartition - 1) / perPartition;
        return (int) Math.max(1, Math.min(MAX, p));
    }

    /**
     * {@code r} for {@code entries} sealed entries in {@code 2^bucketBits} buckets, so that a range
     * holds at most {@code bytesPerRange} bytes of sealed records: {@code R = 2^r <= 2^bucketBits}.
     */
    static int rangeBits(long entries, int bucketBits, long bytesPerRange) {
        long bytes = entries * SEALED_RECORD;
        int r = 0;
        while (r < bucketBits && bytes > bytesPerRange << r) {
            r++;
        }
        return r;
    }

    /** The write buffer of each of {@code files} files written at once. */
    static int bufferSize(int files) {
        return Math.max(4 << 10, Math.min(256 << 10, BUFFERS_BYTES / Math.max(1, files)));
    }

    /** The partition of a 64-bit hash. */
    static int of(long hash, int partitions) {
        return (int) Long.remainderUnsigned(hash, partitions);
    }

    /** A 64-bit hash of bytes (FNV-1a, then a SplitMix64 finalizer for the low bits the remainder uses). */
    static long hash(byte[] data, int offset, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (data[i] & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    static String name(String prefix, int partition) {
        return String.format("%s-%04d.spill", prefix, partition);
    }
}
