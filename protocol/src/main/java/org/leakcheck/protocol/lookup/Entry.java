package org.leakcheck.protocol.lookup;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * One 32-byte bucket entry: {@code fingerprint (16) || sealed details (16)}, where
 * {@code sealed = (details XOR stream) || HMAC-SHA256(macKey, details XOR stream)[0..8)}.
 *
 * <p>Every entry of a dataset is keyed by its own OPRF output, and each (identity, dataset) pair
 * has exactly one entry, so the stream is never reused. Without the OPRF output an entry is
 * indistinguishable from the random filler that pads buckets.
 */
public final class Entry {
    public static final int SIZE = 32;
    static final int SEALED_SIZE = SIZE - EntryKeys.FINGERPRINT_SIZE;
    static final int TAG_SIZE = SEALED_SIZE - Details.PLAINTEXT_SIZE;

    private Entry() {
    }

    /** The entry for an identity whose OPRF output is {@code oprfOutput}, in the details' dataset. */
    public static byte[] seal(EntryKeys keys, Details details) {
        byte[] ciphertext = xor(details.encode(), keys.stream());
        byte[] entry = new byte[SIZE];
        System.arraycopy(keys.fingerprint(), 0, entry, 0, EntryKeys.FINGERPRINT_SIZE);
        System.arraycopy(ciphertext, 0, entry, EntryKeys.FINGERPRINT_SIZE, ciphertext.length);
        System.arraycopy(tag(keys, ciphertext), 0, entry, EntryKeys.FINGERPRINT_SIZE + ciphertext.length, TAG_SIZE);
        return entry;
    }

    /**
     * Opens the entry at {@code offset} in {@code entries} whose fingerprint matched {@code keys}.
     * Empty when the tag does not verify or the record does not decode: a forged or corrupted entry
     * never yields details.
     */
    static Optional<Details> open(EntryKeys keys, byte[] entries, int offset) {
        int start = offset + EntryKeys.FINGERPRINT_SIZE;
        byte[] ciphertext = Arrays.copyOfRange(entries, start, start + Details.PLAINTEXT_SIZE);
        byte[] tag = Arrays.copyOfRange(entries, start + Details.PLAINTEXT_SIZE, offset + SIZE);
        if (!MessageDigest.isEqual(tag, tag(keys, ciphertext))) {
            return Optional.empty();
        }
        return Optional.ofNullable(Details.decode(xor(ciphertext, keys.stream())));
    }

    private static byte[] tag(EntryKeys keys, byte[] ciphertext) {
        return Arrays.copyOf(HmacSha256.mac(keys.macKey(), ciphertext), TAG_SIZE);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
