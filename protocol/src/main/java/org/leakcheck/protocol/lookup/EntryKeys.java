package org.leakcheck.protocol.lookup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What one OPRF output {@code y} gives in one load of one dataset ({@code docs/protocol.md} §5):
 * its bucket, its fingerprint and its details key.
 *
 * <pre>
 *   ctx         = D || 0x00 || L
 *   PRK         = HKDF-Extract(salt = "", IKM = y)                                 RFC 5869 §2.2
 *   bucket      = u32(HKDF-Expand(PRK, BUCKET || 0x00 || ctx, 4)) >> (32 - B_D)   RFC 5869 §2.3
 *   fingerprint = HKDF-Expand(PRK, FINGERPRINT || 0x00 || ctx, 16)
 *   dk          = HKDF-Expand(PRK, DETAILS     || 0x00 || ctx, 40)
 *   stream = dk[0..8)   macKey = dk[8..40)
 * </pre>
 *
 * The bucket comes from {@code y}, so nobody without the OPRF key can map an identity to it. The
 * dataset binds every value (the same person in two datasets has unrelated entries), and so does
 * the load (two loads of a dataset share no pad, fingerprint or bucket).
 */
public final class EntryKeys {
    public static final int FINGERPRINT_SIZE = 16;
    static final int STREAM_SIZE = Details.PLAINTEXT_SIZE;
    static final int MAC_KEY_SIZE = 32;
    private static final int BUCKET_WORD_SIZE = 4;

    private final int bucket;
    private final byte[] fingerprint;
    private final byte[] stream;
    private final byte[] macKey;

    private EntryKeys(int bucket, byte[] fingerprint, byte[] stream, byte[] macKey) {
        this.bucket = bucket;
        this.fingerprint = fingerprint;
        this.stream = stream;
        this.macKey = macKey;
    }

    /** Derives the keys of OPRF output {@code oprfOutput} (32 bytes) in {@code load}. */
    public static EntryKeys derive(byte[] oprfOutput, DatasetLoad load) {
        byte[] ctx = load.context();
        byte[] prk = HmacSha256.extract(oprfOutput);
        byte[] word = HmacSha256.expand(prk, Labels.with(Labels.BUCKET, ctx), BUCKET_WORD_SIZE);
        byte[] fingerprint = HmacSha256.expand(prk, Labels.with(Labels.FINGERPRINT, ctx), FINGERPRINT_SIZE);
        byte[] dk = HmacSha256.expand(prk, Labels.with(Labels.DETAILS, ctx), STREAM_SIZE + MAC_KEY_SIZE);
        Arrays.fill(prk, (byte) 0);
        return new EntryKeys(topBits(word, load.bucketBits()), fingerprint,
                Arrays.copyOfRange(dk, 0, STREAM_SIZE),
                Arrays.copyOfRange(dk, STREAM_SIZE, dk.length));
    }

    /** The first {@code bits} bits of {@code word}, big-endian; 0 when {@code bits} is 0. */
    private static int topBits(byte[] word, int bits) {
        long top = ((word[0] & 0xffL) << 24) | ((word[1] & 0xff) << 16) | ((word[2] & 0xff) << 8) | (word[3] & 0xff);
        return (int) (top >>> (32 - bits));
    }

    /** The bucket, in [0, 2^B_D), whose item holds this identity's entry. */
    public int bucket() {
        return bucket;
    }

    /** The 16-byte fingerprint that identifies the entry inside its bucket. */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    /** Constant-time comparison of this fingerprint with the first 16 bytes of the entry at {@code offset}. */
    boolean matches(byte[] entries, int offset) {
        int diff = 0;
        for (int i = 0; i < FINGERPRINT_SIZE; i++) {
            diff |= fingerprint[i] ^ entries[offset + i];
        }
        return diff == 0;
    }

    byte[] stream() {
        return stream;
    }

    byte[] macKey() {
        return macKey;
    }

    /** First 4 bytes of SHA-256(DATASET_TAG || 0x00 || D): lets an opened record prove which dataset it came from. */
    public static int datasetTag(String datasetId) {
        byte[] h = sha256().digest(Labels.with(Labels.DATASET_TAG, Labels.ascii(DatasetIds.require(datasetId))));
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
