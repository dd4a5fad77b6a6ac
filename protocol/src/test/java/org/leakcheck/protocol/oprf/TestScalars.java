package org.leakcheck.protocol.oprf;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Scalars for the multiplier tests: uniform ones, and the edge cases of the recodings. */
final class TestScalars {
    private static final BigInteger N = P256Group.ORDER;

    private TestScalars() {
    }

    /** A uniform scalar in [1, n - 1]. */
    static BigInteger random(SplittableRandom random) {
        while (true) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            BigInteger k = new BigInteger(1, bytes);
            if (k.signum() > 0 && k.compareTo(N) < 0) {
                return k;
            }
        }
    }

    /**
     * Small scalars and their distance to n, powers of two and their neighbours, halves of n,
     * high bits set, and bit patterns that make every digit +31, -31, +1 or -1.
     */
    static List<BigInteger> edge() {
        List<BigInteger> scalars = new ArrayList<>();
        for (int small = 1; small <= 70; small++) {
            scalars.add(BigInteger.valueOf(small));
            scalars.add(N.subtract(BigInteger.valueOf(small)));
        }
        for (int bit = 1; bit < 256; bit++) {
            BigInteger power = BigInteger.ONE.shiftLeft(bit);
            for (BigInteger k : List.of(power, power.subtract(BigInteger.ONE), power.add(BigInteger.ONE),
                    N.subtract(power))) {
                if (k.signum() > 0 && k.compareTo(N) < 0) {
                    scalars.add(k);
                }
            }
        }
        BigInteger half = N.shiftRight(1);
        scalars.add(half);
        scalars.add(half.add(BigInteger.ONE));
        scalars.add(half.subtract(BigInteger.ONE));
        scalars.add(new BigInteger("ffffffff00000000fffffffffffffffe00000000000000000000000000000001", 16));
        scalars.add(new BigInteger("8000000000000000000000000000000000000000000000000000000000000001", 16));
        scalars.add(new BigInteger("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", 16));
        scalars.add(new BigInteger("5555555555555555555555555555555555555555555555555555555555555555", 16));
        scalars.add(repeatedDigit(0x3F)); // digits d_0 .. d_49 all +31
        scalars.add(repeatedDigit(0x01)); // all -31
        scalars.add(repeatedDigit(0x21)); // all +1
        scalars.add(repeatedDigit(0x1F)); // all -1
        return scalars;
    }

    /**
     * An odd scalar below 2^251 whose digits d_0 .. d_49 all come from the 6-bit window
     * {@code window}, d = (window | 1) - 32: bits 5i + 1 .. 5i + 5 hold window >> 1.
     */
    private static BigInteger repeatedDigit(int window) {
        BigInteger k = BigInteger.ONE;
        for (int i = 0; i < 50; i++) {
            k = k.or(BigInteger.valueOf(window >>> 1).shiftLeft(5 * i + 1));
        }
        return k;
    }
}
