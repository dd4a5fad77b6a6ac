package org.leakcheck.protocol.lookup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.leakcheck.protocol.identity.Identity;

/**
 * Bucket derivation: {@code bucket = first B bits of SHA-256(BUCKET || canonical identity)}.
 *
 * <p>The bucket is the only thing about an identity that the server sees in clear. With B = 12 it
 * is one of 4,096 values, shared by about 240 leaked entries and by a sixteenth of a million
 * people outside the leak; see {@code docs/protocol.md}, "Threat model".
 */
public final class Buckets {
    /** Default number of bucket bits. */
    public static final int DEFAULT_BITS = 12;
    public static final int MIN_BITS = 1;
    public static final int MAX_BITS = 24;

    private Buckets() {
    }

    /** The bucket of {@code identity} with {@code bits} bucket bits. */
    public static int bucketOf(Identity identity, int bits) {
        return bucketOf(identity.canonicalBytes(), bits);
    }

    /** The bucket of a canonical identity encoding with {@code bits} bucket bits. */
    public static int bucketOf(byte[] canonicalIdentity, int bits) {
        requireBits(bits);
        MessageDigest sha256 = sha256();
        sha256.update(Labels.ascii(Labels.BUCKET));
        byte[] digest = sha256.digest(canonicalIdentity);
        int top = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
        return top >>> (32 - bits);
    }

    /** Number of buckets for {@code bits}: 2^bits. */
    public static int count(int bits) {
        return 1 << requireBits(bits);
    }

    /** Returns {@code bits} or throws if it is outside [{@value #MIN_BITS}, {@value #MAX_BITS}]. */
    public static int requireBits(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("bucket bits must be between " + MIN_BITS + " and " + MAX_BITS);
        }
        return bits;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
