package org.leakcheck.protocol.oprf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Test-only reference implementation of RFC 9380 §5.3.1 expand_message_xmd with SHA-256,
 * including the §5.3.3 rule for DSTs longer than 255 bytes, written straight from the RFC with
 * the JDK's SHA-256 so it shares no code with Bouncy Castle's expander it is compared to. It
 * exposes DST_prime and msg_prime so the vector tests can check those intermediates too.
 */
final class ExpandMessageXmd {

    /** SHA-256: b_in_bytes = 32, s_in_bytes (input block size) = 64. */
    private static final int B_IN_BYTES = 32;
    private static final int S_IN_BYTES = 64;
    private static final int MAX_DST_LENGTH = 255;
    private static final byte[] OVERSIZE_PREFIX = "H2C-OVERSIZE-DST-".getBytes(StandardCharsets.US_ASCII);

    private ExpandMessageXmd() {
    }

    /** RFC 9380 §5.3.3 then §5.3.1 step 3: DST_prime = DST || I2OSP(len(DST), 1). */
    static byte[] dstPrime(byte[] dst) {
        byte[] effective = dst.length > MAX_DST_LENGTH ? sha256(OVERSIZE_PREFIX, dst) : dst;
        return concat(effective, new byte[] {(byte) effective.length});
    }

    /** RFC 9380 §5.3.1 step 6: msg_prime = Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime. */
    static byte[] msgPrime(byte[] msg, byte[] dst, int lenInBytes) {
        byte[] libStr = {(byte) (lenInBytes >>> 8), (byte) lenInBytes};
        return concat(new byte[S_IN_BYTES], msg, libStr, new byte[] {0}, dstPrime(dst));
    }

    /** RFC 9380 §5.3.1 expand_message_xmd(msg, DST, len_in_bytes). */
    static byte[] expand(byte[] msg, byte[] dst, int lenInBytes) {
        int ell = (lenInBytes + B_IN_BYTES - 1) / B_IN_BYTES;           // 1. ell = ceil(len / b)
        if (ell > 255 || lenInBytes > 65535) {                          // 2. ABORT
            throw new IllegalArgumentException("len_in_bytes too large");
        }
        byte[] dstPrime = dstPrime(dst);                                // 3.
        byte[] b0 = sha256(msgPrime(msg, dst, lenInBytes));             // 4-7. b_0 = H(msg_prime)
        byte[] bi = sha256(b0, new byte[] {1}, dstPrime);               // 8. b_1 = H(b_0 || 1 || DST')
        ByteArrayOutputStream uniform = new ByteArrayOutputStream();
        uniform.writeBytes(bi);
        for (int i = 2; i <= ell; i++) {                                // 9-10. b_i = H(strxor(b_0, b_(i-1)) || i || DST')
            byte[] xored = new byte[B_IN_BYTES];
            for (int j = 0; j < B_IN_BYTES; j++) {
                xored[j] = (byte) (b0[j] ^ bi[j]);
            }
            bi = sha256(xored, new byte[] {(byte) i}, dstPrime);
            uniform.writeBytes(bi);
        }
        byte[] all = uniform.toByteArray();                             // 11-12. first len_in_bytes bytes
        return java.util.Arrays.copyOf(all, lenInBytes);
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
