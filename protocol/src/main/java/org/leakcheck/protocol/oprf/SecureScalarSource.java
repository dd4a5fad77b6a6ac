package org.leakcheck.protocol.oprf;

import java.math.BigInteger;
import java.security.SecureRandom;

/** {@link ScalarSource#secure()}: RFC 9497 §4.7.1 rejection sampling over 32 random bytes. */
final class SecureScalarSource implements ScalarSource {

    private final SecureRandom random;

    SecureScalarSource(SecureRandom random) {
        this.random = random;
    }

    @Override
    public BigInteger nextScalar() {
        byte[] candidate = new byte[Suite.SCALAR_LENGTH];
        // RFC 9497 §4.7.1: draw Ns bytes until the value lies in [1, n - 1]. For P-256 a draw is
        // rejected with probability about 2^-32, so the loop almost never repeats.
        while (true) {
            random.nextBytes(candidate);
            BigInteger scalar = new BigInteger(1, candidate);
            if (P256Group.isValidScalar(scalar)) {
                return scalar;
            }
        }
    }
}
