package org.leakcheck.protocol.oprf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 from the JDK rather than Bouncy Castle's pure-Java digest: HotSpot compiles the JDK's
 * to the CPU's SHA instructions where they exist, about six times faster here, and every OPRF
 * evaluation hashes a dozen blocks. New instances are clones of a prototype, which skips the
 * provider lookup of {@link MessageDigest#getInstance(String)}.
 */
final class Sha256 {

    /** RFC 9380 §5.3.1: b_in_bytes, the output length of SHA-256. */
    static final int OUTPUT_BYTES = 32;

    /** RFC 9380 §5.3.1: s_in_bytes, the input block size of SHA-256. */
    static final int BLOCK_BYTES = 64;

    private static final MessageDigest PROTOTYPE = load();

    private Sha256() {
    }

    /** A fresh SHA-256 digest; not thread-safe, like every {@link MessageDigest}. */
    static MessageDigest create() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return load();
        }
    }

    private static MessageDigest load() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest class documentation).
            throw new IllegalStateException("oprf: the JDK provides no SHA-256", e);
        }
    }
}
