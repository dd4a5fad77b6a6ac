package org.leakcheck.protocol.lookup;

import java.nio.ByteBuffer;

/**
 * Deterministic filler for one bucket of one load ({@code docs/protocol.md} §6.2):
 * {@code HMAC-SHA256(paddingKey, PADDING || 0x00 || D || 0x00 || L || u32 bucket || u32 index)}.
 *
 * <p>The padding key is derived from the key seed (§4.1), so a reload of the same content writes
 * the same bytes while filler stays indistinguishable from real entries to anyone without the seed.
 * It depends on the load, so filler of two loads shares nothing.
 */
public final class PaddingFiller implements BucketItem.Filler {
    private static final int KEY_SIZE = 32;

    private final byte[] paddingKey;
    private final byte[] prefix;
    private final int bucket;

    /** Filler for {@code bucket} of {@code load}, keyed by {@link #paddingKey(byte[])}. */
    public PaddingFiller(byte[] paddingKey, DatasetLoad load, int bucket) {
        this.paddingKey = paddingKey.clone();
        this.prefix = Labels.with(Labels.PADDING, load.context());
        this.bucket = bucket;
    }

    /** {@code HKDF-Expand(HKDF-Extract("", seed), PADDING, 32)}: the key of all filler and load ids made with that seed (§4.1). */
    public static byte[] paddingKey(byte[] seed) {
        return HmacSha256.expand(HmacSha256.extract(seed), Labels.ascii(Labels.PADDING), KEY_SIZE);
    }

    @Override
    public byte[] entry(int index) {
        byte[] message = ByteBuffer.allocate(prefix.length + 8).put(prefix).putInt(bucket).putInt(index).array();
        return HmacSha256.mac(paddingKey, message);
    }
}
