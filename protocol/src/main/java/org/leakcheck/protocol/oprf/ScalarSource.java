package org.leakcheck.protocol.oprf;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Where {@link Oprf#blind} gets its blinding scalar (RFC 9497 §3.3.1 {@code G.RandomScalar()}).
 *
 * <p>Production code uses {@link #secure()}. {@link #fixed(byte[]...)} is the deterministic seam
 * through which tests replay the RFC vectors; it must never be used to blind a real identity,
 * because a known blind lets anyone who sees the blinded element unblind it.
 */
public interface ScalarSource {

    /** Returns the next scalar, uniformly distributed (for {@link #secure()}) in [1, n - 1]. */
    BigInteger nextScalar();

    /**
     * Uniform scalars from a fresh {@link SecureRandom}, drawn by rejection sampling
     * (RFC 9497 §4.7.1).
     */
    static ScalarSource secure() {
        return new SecureScalarSource(new SecureRandom());
    }

    /**
     * Returns the given scalars in order, then fails. For tests only (RFC vector replay).
     *
     * @param scalars 32-byte big-endian scalars, each in [1, n - 1]
     * @throws InvalidScalarException if any scalar has the wrong length, is zero or is not below n
     */
    static ScalarSource fixed(byte[]... scalars) {
        return new FixedScalarSource(scalars);
    }
}
