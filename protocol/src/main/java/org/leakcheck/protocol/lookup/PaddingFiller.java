package org.leakcheck.protocol.lookup;

import java.nio.ByteBuffer;

/**
 * Deterministic filler for one (dataset, bucket):
 * {@code HMAC-SHA256(paddingKey, PADDING || 0x00 || D || u32 bucket || u32 index)}.
 *
 * <p>The padding key is derived from the OPRF private key, so a reload of the same file writes the
 * same bytes (loads are idempotent) while filler stays indistinguishable from real entries to
 * anyone without the key.
 */
public final class PaddingFiller implements BucketItem.Filler {
    private final byte[] paddingKey;
    private final byte[] prefix;
    private final int bucket;

    /** Filler for {@code bucket} of {@code datasetId}, keyed by {@link #paddingKey(byte[])}. */
    public PaddingFiller(byte[] paddingKey, String datasetId, int bucket) {
        this.paddingKey = paddingKey.clone();
        this.prefix = Labels.withDataset(Labels.PADDING, datasetId);
        this.bucket = bucket;
    }

    /** {@code HMAC-SHA256(serialized OPRF private key, PADDING)}: the key of all filler made with that OPRF key. */
    public static byte[] paddingKey(byte[] serializedPrivateKey) {
        return HmacSha256.mac(serializedPrivateKey, Labels.ascii(Labels.PADDING));
    }

    @Override
    public byte[] entry(int index) {
        byte[] message = ByteBuffer.allocate(prefix.length + 8).put(prefix).putInt(bucket).putInt(index).array();
        return HmacSha256.mac(paddingKey, message);
    }
}
