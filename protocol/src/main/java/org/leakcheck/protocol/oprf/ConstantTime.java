package org.leakcheck.protocol.oprf;

/**
 * Branch-free comparisons of fixed-length big-endian byte strings, for checks on secret
 * scalars whose timing must not depend on the value (the private key, the blind).
 */
final class ConstantTime {

    private ConstantTime() {
    }

    /** True when every byte of {@code a} is zero, in time that depends only on the length. */
    static boolean isZero(byte[] a) {
        int acc = 0;
        for (byte b : a) {
            acc |= b;
        }
        return acc == 0;
    }

    /**
     * True when the unsigned big-endian integer {@code a} is below {@code b}. Both arrays must
     * have the same length; the loop computes the borrow of {@code a - b} without branching.
     */
    static boolean lessThan(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("operands must have the same length");
        }
        int borrow = 0;
        for (int i = a.length - 1; i >= 0; i--) {
            int difference = (a[i] & 0xFF) - (b[i] & 0xFF) - borrow;
            borrow = difference >>> 31;
        }
        return borrow == 1;
    }
}
