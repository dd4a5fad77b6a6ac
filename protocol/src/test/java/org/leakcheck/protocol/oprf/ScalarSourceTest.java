package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;

import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/** The blind's source: uniform and in range when secure, replayable and checked when fixed. */
class ScalarSourceTest {

    @Test
    void fixedSourceReturnsScalarsInOrderThenFails() {
        ScalarSource source = ScalarSource.fixed(bytes(BigInteger.TWO), bytes(BigInteger.TEN));
        assertEquals(BigInteger.TWO, source.nextScalar());
        assertEquals(BigInteger.TEN, source.nextScalar());
        IllegalStateException e = assertThrows(IllegalStateException.class, source::nextScalar);
        assertTrue(e.getMessage().startsWith("oprf: "));
    }

    @Test
    void fixedSourceRejectsZeroBlind() {
        OprfException e = assertThrows(OprfException.class, () -> ScalarSource.fixed(new byte[32]));
        assertEquals("scalar.zero", e.rule().code());
        assertEquals("oprf: blind must not be zero [scalar.zero]", e.getMessage());
    }

    @Test
    void fixedSourceRejectsBlindOutsideGroupOrder() {
        assertThrows(OprfException.class, () -> ScalarSource.fixed(bytes(P256Group.ORDER)));
        assertThrows(OprfException.class, () -> ScalarSource.fixed(new byte[31]));
    }

    @Test
    void secureSourceGivesDistinctScalarsInRange() {
        ScalarSource source = ScalarSource.secure();
        Set<BigInteger> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            BigInteger scalar = source.nextScalar();
            assertTrue(scalar.signum() > 0 && scalar.compareTo(P256Group.ORDER) < 0);
            seen.add(scalar);
        }
        assertEquals(200, seen.size());
    }

    @Test
    void secureSourceUsesFullWidth() {
        // Uniform 256-bit draws below n: the top bit is set about half the time.
        ScalarSource source = ScalarSource.secure();
        int topBitSet = 0;
        for (int i = 0; i < 400; i++) {
            if (source.nextScalar().testBit(255)) {
                topBitSet++;
            }
        }
        assertTrue(topBitSet > 140 && topBitSet < 260, "top bit set " + topBitSet + " times in 400");
    }

    @Test
    void blindsWithSecureSourceDifferEachTime() {
        byte[] input = {0x01, 0x00, 0x01, 0x31};
        byte[] first = Oprf.BASE.blind(input, ScalarSource.secure()).blindedElement();
        byte[] second = Oprf.BASE.blind(input, ScalarSource.secure()).blindedElement();
        assertNotEquals(RfcVectors.hex(first), RfcVectors.hex(second));
    }

    private static byte[] bytes(BigInteger value) {
        return BigIntegers.asUnsignedByteArray(32, value);
    }
}
