package org.leakcheck.protocol.lookup;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One load of one dataset, as every per-identity derivation sees it ({@code docs/protocol.md} §3,
 * §5): the dataset id {@code D}, the 16-byte load id {@code L} and the bucket bits {@code B_D}.
 */
public final class DatasetLoad {
    /** Bytes of a load id. */
    public static final int LOAD_ID_SIZE = 16;
    private static final Pattern LOAD_HEX = Pattern.compile("[0-9a-f]{32}");

    private final String datasetId;
    private final byte[] loadId;
    private final int bucketBits;
    private final byte[] context;

    /**
     * @throws IllegalArgumentException when the id, the load id (16 bytes) or the bits are invalid
     */
    public DatasetLoad(String datasetId, byte[] loadId, int bucketBits) {
        this.datasetId = DatasetIds.require(datasetId);
        if (loadId == null || loadId.length != LOAD_ID_SIZE) {
            throw new IllegalArgumentException("load id must be " + LOAD_ID_SIZE + " bytes");
        }
        this.loadId = loadId.clone();
        this.bucketBits = BucketBits.require(bucketBits);
        byte[] d = Labels.ascii(datasetId);
        this.context = new byte[d.length + 1 + LOAD_ID_SIZE];
        System.arraycopy(d, 0, context, 0, d.length);
        System.arraycopy(loadId, 0, context, d.length + 1, LOAD_ID_SIZE);
    }

    /** The load with its id given as 32 lower-case hex characters, as on the wire. */
    public static DatasetLoad of(String datasetId, String loadIdHex, int bucketBits) {
        if (!isValidLoadId(loadIdHex)) {
            throw new IllegalArgumentException("load id must be 32 lower-case hex characters");
        }
        return new DatasetLoad(datasetId, HexFormat.of().parseHex(loadIdHex), bucketBits);
    }

    /** True when {@code hex} is a well-formed load id: 32 lower-case hex characters. */
    public static boolean isValidLoadId(String hex) {
        return hex != null && LOAD_HEX.matcher(hex).matches();
    }

    public String datasetId() {
        return datasetId;
    }

    public byte[] loadId() {
        return loadId.clone();
    }

    /** The load id in lower-case hex, as in URLs, manifests and sort keys. */
    public String loadIdHex() {
        return HexFormat.of().formatHex(loadId);
    }

    public int bucketBits() {
        return bucketBits;
    }

    /** Number of buckets of this load: 2^B_D. */
    public int bucketCount() {
        return BucketBits.count(bucketBits);
    }

    /** {@code ctx = D || 0x00 || L}, the tail of every per-load derivation (§5). */
    byte[] context() {
        return context.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetLoad other && datasetId.equals(other.datasetId)
                && Arrays.equals(loadId, other.loadId) && bucketBits == other.bucketBits;
    }

    @Override
    public int hashCode() {
        return datasetId.hashCode() * 31 + Arrays.hashCode(loadId) + bucketBits;
    }

    @Override
    public String toString() {
        return "DatasetLoad[" + datasetId + ", " + loadIdHex() + ", B=" + bucketBits + "]";
    }
}
