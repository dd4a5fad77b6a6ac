package org.leakcheck.protocol.oprf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.bouncycastle.crypto.hash2curve.MessageExpansion;

/**
 * RFC 9380 §5.3.1 expand_message_xmd with SHA-256 (and §5.3.3 for DSTs over 255 bytes), as a
 * Bouncy Castle {@link MessageExpansion} so it plugs into Bouncy Castle's hash_to_field.
 *
 * <p>Same results as Bouncy Castle's {@code XmdMessageExpansion} (the tests check both against
 * the RFC 9380 vectors); the difference is the SHA-256 underneath, see {@link Sha256}. Not
 * thread-safe: it keeps a digest.
 */
final class XmdSha256Expansion implements MessageExpansion {

    private static final int MAX_DST_BYTES = 255;
    private static final int MAX_ELL = 255;
    private static final int MAX_OUTPUT_BYTES = 65535;

    /** RFC 9380 §5.3.3: prefix of the hash that replaces an oversize DST. */
    private static final byte[] OVERSIZE_DST_PREFIX = "H2C-OVERSIZE-DST-".getBytes(StandardCharsets.US_ASCII);

    /** RFC 9380 §5.3.1 step 4: Z_pad = I2OSP(0, s_in_bytes). */
    private static final byte[] Z_PAD = new byte[Sha256.BLOCK_BYTES];

    private final MessageDigest sha256 = Sha256.create();

    @Override
    public byte[] expandMessage(byte[] msg, byte[] dst, int lenInBytes) {
        // 1. ell = ceil(len_in_bytes / b_in_bytes)
        int ell = (lenInBytes + Sha256.OUTPUT_BYTES - 1) / Sha256.OUTPUT_BYTES;
        // 2. ABORT if ell > 255 or len_in_bytes > 65535
        if (lenInBytes <= 0 || ell > MAX_ELL || lenInBytes > MAX_OUTPUT_BYTES) {
            throw new IllegalArgumentException("oprf: expand_message_xmd length out of range");
        }
        // 3. DST_prime = DST || I2OSP(len(DST), 1), after §5.3.3 for an oversize DST
        byte[] dstPrime = dstPrime(dst);
        // 5-7. b_0 = H(Z_pad || msg || I2OSP(len_in_bytes, 2) || I2OSP(0, 1) || DST_prime)
        sha256.update(Z_PAD);
        sha256.update(msg);
        sha256.update((byte) (lenInBytes >>> 8));
        sha256.update((byte) lenInBytes);
        sha256.update((byte) 0);
        sha256.update(dstPrime);
        byte[] b0 = sha256.digest();
        // 8. b_1 = H(b_0 || I2OSP(1, 1) || DST_prime)
        byte[] previous = hashBlock(b0, 1, dstPrime);
        byte[] uniform = new byte[lenInBytes];
        int copied = copy(previous, uniform, 0);
        // 9-10. b_i = H(strxor(b_0, b_(i - 1)) || I2OSP(i, 1) || DST_prime)
        for (int i = 2; i <= ell; i++) {
            for (int j = 0; j < Sha256.OUTPUT_BYTES; j++) {
                previous[j] ^= b0[j];
            }
            previous = hashBlock(previous, i, dstPrime);
            copied += copy(previous, uniform, copied);
        }
        // 11-12. uniform_bytes = b_1 || ... || b_ell, truncated to len_in_bytes
        return uniform;
    }

    private byte[] hashBlock(byte[] chained, int index, byte[] dstPrime) {
        sha256.update(chained);
        sha256.update((byte) index);
        sha256.update(dstPrime);
        return sha256.digest();
    }

    /** RFC 9380 §5.3.1 step 3 with §5.3.3: DST_prime = DST || I2OSP(len(DST), 1). */
    private byte[] dstPrime(byte[] dst) {
        byte[] effective = dst;
        if (dst.length > MAX_DST_BYTES) {
            // §5.3.3: DST = H("H2C-OVERSIZE-DST-" || a_very_long_DST)
            sha256.update(OVERSIZE_DST_PREFIX);
            sha256.update(dst);
            effective = sha256.digest();
        }
        byte[] prime = new byte[effective.length + 1];
        System.arraycopy(effective, 0, prime, 0, effective.length);
        prime[effective.length] = (byte) effective.length;
        return prime;
    }

    private static int copy(byte[] block, byte[] target, int offset) {
        int length = Math.min(block.length, target.length - offset);
        System.arraycopy(block, 0, target, offset, length);
        return length;
    }
}
