package org.leakcheck.protocol.lookup;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (RFC 2104) and HKDF-SHA256 (RFC 5869) on the JDK's implementation, whose SHA-256
 * runs on the CPU's SHA instructions: the loader derives keys for a million entries, and a
 * visitor's lookup for every dataset of a bucket.
 */
final class HmacSha256 {
    static final int LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] ZERO_SALT = new byte[LENGTH];
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    });

    private HmacSha256() {
    }

    /** HMAC-SHA256(key, part_1 || part_2 || ...). */
    static byte[] mac(byte[] key, byte[]... parts) {
        Mac mac = MAC.get();
        try {
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC key rejected", e);
        }
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /** RFC 5869 §2.2 HKDF-Extract with an empty salt (which §2.2 defines as HashLen zero bytes). */
    static byte[] extract(byte[] ikm) {
        return mac(ZERO_SALT, ikm);
    }

    /** RFC 5869 §2.3 HKDF-Expand: T(i) = HMAC(PRK, T(i-1) || info || i), the first {@code length} bytes. */
    static byte[] expand(byte[] prk, byte[] info, int length) {
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        for (int i = 1, done = 0; done < length; i++) {
            block = mac(prk, block, info, new byte[] {(byte) i});
            int n = Math.min(LENGTH, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        Arrays.fill(block, (byte) 0);
        return out;
    }
}
