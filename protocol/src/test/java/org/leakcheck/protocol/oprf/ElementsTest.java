package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.SplittableRandom;

import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * RFC 9497 §4.3 DeserializeElement: every way a 33-byte element can be malformed is rejected
 * with its own exception and rule code, by {@link Elements#validate} and by the protocol steps
 * that receive elements (BlindEvaluate, Finalize). Pure unit tests, no resources.
 */
class ElementsTest {

    /** RFC 9497 A.3 mode 0 vector 1 BlindedElement: a valid point. */
    private static final byte[] VALID = HexFormat.of()
            .parseHex("03723a1e5c09b8b9c18d1dcbca29e8007e95f14f4732d9346d490ffc195110368d");

    private static final OprfKey KEY = Oprf.BASE.deriveKeyPair(new byte[32], "test key".getBytes());

    @Test
    void acceptsValidCompressedPoint() {
        assertDoesNotThrow(() -> Elements.validate(VALID, "element"));
        byte[] evenY = VALID.clone();
        evenY[0] = 0x02;
        assertDoesNotThrow(() -> Elements.validate(evenY, "element"), "the same x with the other y is on the curve too");
    }

    @Test
    void acceptsGeneratorAndPublicKey() {
        assertDoesNotThrow(() -> Elements.validate(P256Group.GENERATOR.getEncoded(true), "element"));
        assertDoesNotThrow(() -> Elements.validate(KEY.publicKey(), "element"));
    }

    @Test
    void rejectsWrongLength() {
        for (int length : new int[] {0, 1, 32, 34, 65}) {
            byte[] element = new byte[length];
            if (length > 0) {
                element[0] = 0x02;
            }
            OprfException e = assertThrows(OprfException.class, () -> Elements.validate(element, "element"));
            assertEquals("element.length", e.rule().code());
        }
    }

    @Test
    void rejectsUncompressedEncodingOfValidPoint() {
        byte[] uncompressed = P256Group.GENERATOR.getEncoded(false);
        assertEquals(65, uncompressed.length);
        assertEquals("element.length",
                assertThrows(OprfException.class, () -> Elements.validate(uncompressed, "element")).rule().code());
    }

    @Test
    void rejectsBadPrefixByte() {
        for (int prefix : new int[] {0x00, 0x01, 0x04, 0x06, 0x07, 0x82, 0x83, 0xFF}) {
            byte[] element = VALID.clone();
            element[0] = (byte) prefix;
            OprfException e = assertThrows(OprfException.class, () -> Elements.validate(element, "element"));
            assertEquals("element.prefix", e.rule().code());
        }
    }

    @Test
    void rejectsXEqualToFieldPrime() {
        byte[] element = withX(P256Group.FIELD_PRIME);
        OprfException e = assertThrows(OprfException.class, () -> Elements.validate(element, "element"));
        assertEquals("element.coordinate-range", e.rule().code());
    }

    @Test
    void rejectsXAboveFieldPrime() {
        // p + x reduces to a valid x-coordinate: only the range check can catch it.
        BigInteger xModP = firstOnCurveX();
        assertDoesNotThrow(() -> Elements.validate(withX(xModP), "element"), "the reduced x is valid");
        BigInteger unreduced = P256Group.FIELD_PRIME.add(xModP);
        assertThrows(OprfException.class, () -> Elements.validate(withX(unreduced), "element"));
        assertThrows(OprfException.class,
                () -> Elements.validate(withX(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)), "element"));
    }

    @Test
    void rejectsPointNotOnCurve() {
        BigInteger x = BigInteger.ZERO;
        while (isOnCurve(x)) {
            x = x.add(BigInteger.ONE);
        }
        byte[] element = withX(x);
        OprfException e = assertThrows(OprfException.class, () -> Elements.validate(element, "element"));
        assertEquals("element.not-on-curve", e.rule().code());
    }

    @Test
    void rejectsRandomStringsThatAreNotOnCurve() {
        SplittableRandom random = new SplittableRandom(9497);
        int rejected = 0;
        for (int i = 0; i < 200; i++) {
            byte[] element = new byte[33];
            random.nextBytes(element);
            element[0] = (byte) (0x02 | (element[0] & 1));
            BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(element, 1, 33));
            if (x.compareTo(P256Group.FIELD_PRIME) < 0 && !isOnCurve(x)) {
                assertThrows(OprfException.class, () -> Elements.validate(element, "element"));
                rejected++;
            }
        }
        // About half of all x-coordinates are not on the curve.
        assertTrue(rejected > 60, "enough random strings were off the curve: " + rejected);
    }

    @Test
    void rejectsIdentityEncoding() {
        // SEC1 §2.3.3 encodes the point at infinity as the single octet 0x00.
        OprfException e = assertThrows(OprfException.class,
                () -> Elements.validate(new byte[] {0x00}, "element"));
        assertEquals("element.identity", e.rule().code());
    }

    @Test
    void blindEvaluateRejectsEachMalformedElementWithItsRule() {
        byte[] badPrefix = VALID.clone();
        badPrefix[0] = 0x04;
        assertRule("element.length", () -> Oprf.BASE.blindEvaluate(KEY, new byte[32]));
        assertRule("element.prefix", () -> Oprf.BASE.blindEvaluate(KEY, badPrefix));
        assertRule("element.coordinate-range", () -> Oprf.BASE.blindEvaluate(KEY, withX(P256Group.FIELD_PRIME)));
        assertRule("element.not-on-curve", () -> Oprf.BASE.blindEvaluate(KEY, withX(offCurveX())));
        assertRule("element.identity", () -> Oprf.BASE.blindEvaluate(KEY, new byte[] {0x00}));
    }

    @Test
    void finalizeRejectsMalformedEvaluatedElement() {
        Blinded blinded = Oprf.BASE.blind(new byte[] {1}, ScalarSource.secure());
        OprfException e = assertThrows(OprfException.class,
                () -> Oprf.BASE.finalizeOutput(new byte[] {1}, blinded, withX(offCurveX())));
        assertEquals("element.not-on-curve", e.rule().code());
        assertTrue(e.getMessage().contains("evaluatedElement"), "the message names the field");
    }

    @Test
    void messagesNameFieldAndRuleButNeverTheValue() {
        byte[] element = withX(offCurveX());
        OprfException e = assertThrows(OprfException.class,
                () -> Oprf.BASE.blindEvaluate(KEY, element));
        assertTrue(e.getMessage().startsWith("oprf: blindedElement "), e.getMessage());
        String hex = HexFormat.of().formatHex(element);
        assertFalse(e.getMessage().contains(hex.substring(2, 12)), "no part of the element is echoed");
    }

    private static void assertRule(String rule, org.junit.jupiter.api.function.Executable call) {
        OprfException e = assertThrows(OprfException.class, call);
        assertEquals(rule, e.rule().code());
    }

    private static BigInteger firstOnCurveX() {
        BigInteger x = BigInteger.ONE;
        while (!isOnCurve(x)) {
            x = x.add(BigInteger.ONE);
        }
        return x;
    }

    private static BigInteger offCurveX() {
        BigInteger x = BigInteger.valueOf(5);
        while (isOnCurve(x)) {
            x = x.add(BigInteger.ONE);
        }
        return x;
    }

    private static byte[] withX(BigInteger x) {
        byte[] element = new byte[33];
        element[0] = 0x02;
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, x), 0, element, 1, 32);
        return element;
    }

    /** Independent on-curve check: x^3 - 3x + b is a square mod p (Euler's criterion). */
    private static boolean isOnCurve(BigInteger x) {
        BigInteger p = P256Group.FIELD_PRIME;
        ECFieldElement b = P256Group.CURVE.getB();
        BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(b.toBigInteger()).mod(p);
        return rhs.signum() == 0 || rhs.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
    }
}
