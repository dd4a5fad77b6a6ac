package org.leakcheck.protocol.lookup;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * What one OPRF output opens in one dataset: its fingerprint and its details key.
 *
 * <pre>
 *   PRK         = HKDF-Extract(salt = "", IKM = y)                       RFC 5869 §2.2
 *   fingerprint = HKDF-Expand(PRK, FINGERPRINT || 0x00 || D, 16)         RFC 5869 §2.3
 *   dk          = HKDF-Expand(PRK, DETAILS     || 0x00 || D, 40)
 *   stream = dk[0..8)   macKey = dk[8..40)
 * </pre>
 *
 * Binding the dataset id D into both derivations means that the same person in two datasets has
 * unrelated entries: whoever copies the table cannot count the overlap between leaks.
 */
public final class EntryKeys {
    public static final int FINGERPRINT_SIZE = 16;
    static final int STREAM_SIZE = Details.PLAINTEXT_SIZE;
    static final int MAC_KEY_SIZE = 32;

    private final byte[] fingerprint;
    private final byte[] stream;
    private final byte[] macKey;

    private EntryKeys(byte[] fingerprint, byte[] stream, byte[] macKey) {
        this.fingerprint = fingerprint;
        this.stream = stream;
        this.macKey = macKey;
    }

    /** Derives the keys of OPRF output {@code oprfOutput} (32 bytes) in dataset {@code datasetId}. */
    public static EntryKeys derive(byte[] oprfOutput, String datasetId) {
        DatasetIds.require(datasetId);
        byte[] prk = HmacSha256.extract(oprfOutput);
        byte[] fingerprint = HmacSha256.expand(prk, Labels.withDataset(Labels.FINGERPRINT, datasetId), FINGERPRINT_SIZE);
        byte[] dk = HmacSha256.expand(prk, Labels.withDataset(Labels.DETAILS, datasetId), STREAM_SIZE + MAC_KEY_SIZE);
        return new EntryKeys(fingerprint,
                Arrays.copyOfRange(dk, 0, STREAM_SIZE),
                Arrays.copyOfRange(dk, STREAM_SIZE, dk.length));
    }

    /** The 16-byte fingerprint that identifies the entry inside its bucket. */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    /** Constant-time comparison of this fingerprint with the first 16 bytes of {@code entry} at {@code offset}. */
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
        MessageDigest sha256 = Buckets.sha256();
        byte[] h = sha256.digest(Labels.withDataset(Labels.DATASET_TAG, DatasetIds.require(datasetId)));
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }
}
