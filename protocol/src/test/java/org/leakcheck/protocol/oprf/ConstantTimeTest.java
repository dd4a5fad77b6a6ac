package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/** The branch-free comparisons agree with {@link BigInteger} on random and edge values. */
class ConstantTimeTest {

    @Test
    void lessThanAgreesWithBigInteger() {
        SplittableRandom random = new SplittableRandom(1);
        byte[] order = BigIntegers.asUnsignedByteArray(32, P256Group.ORDER);
        for (int i = 0; i < 2000; i++) {
            byte[] a = new byte[32];
            random.nextBytes(a);
            if (i % 4 == 0) {
                // Share a long prefix with n so the borrow must travel far.
                System.arraycopy(order, 0, a, 0, random.nextInt(1, 32));
            }
            boolean expected = new BigInteger(1, a).compareTo(P256Group.ORDER) < 0;
            assertEquals(expected, ConstantTime.lessThan(a, order));
        }
    }

    @Test
    void lessThanHandlesEdges() {
        byte[] order = BigIntegers.asUnsignedByteArray(32, P256Group.ORDER);
        assertFalse(ConstantTime.lessThan(order, order));
        assertTrue(ConstantTime.lessThan(BigIntegers.asUnsignedByteArray(32, P256Group.ORDER.subtract(BigInteger.ONE)), order));
        assertFalse(ConstantTime.lessThan(BigIntegers.asUnsignedByteArray(32, P256Group.ORDER.add(BigInteger.ONE)), order));
        assertTrue(ConstantTime.lessThan(new byte[32], order));
        assertThrows(IllegalArgumentException.class, () -> ConstantTime.lessThan(new byte[31], order));
    }

    @Test
    void isZeroDetectsAnySetBit() {
        assertTrue(ConstantTime.isZero(new byte[32]));
        for (int i = 0; i < 32; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] a = new byte[32];
                a[i] = (byte) (1 << bit);
                assertFalse(ConstantTime.isZero(a));
            }
        }
    }
}
