package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.hash2curve.HashToCurveProfile;
import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.math.ec.ECConstantTimeMultiplier;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * {@link P256SecretMultiplier} gives exactly Bouncy Castle's points: on random scalars and points,
 * on edge scalars (small, near n, powers of two, extreme digit patterns, and those closest to the
 * one case its formulas could not handle), on the generator, and on the RFC 9497 vectors. The
 * field arithmetic is also checked against {@link BigInteger} at the operand limits that the
 * bounds in the formulas rely on.
 *
 * <p>Pure unit tests; the vectors come from {@code src/test/resources/rfc/rfc9497-p256-sha256.json}.
 */
class P256SecretMultiplierTest {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECCurve CURVE = P256.getCurve();
    private static final ECPoint G = P256.getG();
    private static final BigInteger N = P256.getN();
    private static final BigInteger P = CURVE.getField().getCharacteristic();
    private static final BigInteger R = BigInteger.ONE.shiftLeft(260);
    private static final BigInteger R_INVERSE = R.modInverse(P);
    private static final ECMultiplier REFERENCE = new ECConstantTimeMultiplier(N);

    // ---- scalar multiplication

    @Test
    void matchesBouncyCastleOnRandomScalarsAndPoints() {
        SplittableRandom random = new SplittableRandom(9497);
        for (int i = 0; i < 300; i++) {
            ECPoint point = randomPoint(random);
            assertSameProduct(point, TestScalars.random(random));
        }
    }

    @Test
    void matchesBouncyCastleOnTheGenerator() {
        SplittableRandom random = new SplittableRandom(256);
        for (int i = 0; i < 100; i++) {
            assertSameProduct(G, TestScalars.random(random));
        }
        for (BigInteger k : TestScalars.edge()) {
            assertSameProduct(G, k);
        }
    }

    @Test
    void matchesBouncyCastleOnEdgeScalars() {
        ECPoint point = randomPoint(new SplittableRandom(2009));
        for (BigInteger k : TestScalars.edge()) {
            assertSameProduct(point, k);
        }
    }

    /**
     * The class comment's argument that the last addition never meets acc = Q: that would need
     * the odd form k' of the scalar (k, or n - k for an even k) to be n + 2 d_0, d_0 being the
     * lowest digit of k'. Every candidate d_0 is tried, and each candidate k' and the even scalar
     * n - k' whose odd form it is are multiplied.
     */
    @Test
    void lastAdditionNeverMeetsTheDoublingCase() {
        for (int d0 = -31; d0 <= 31; d0 += 2) {
            BigInteger candidate = N.add(BigInteger.valueOf(2L * d0));
            if (candidate.signum() > 0 && candidate.compareTo(N) < 0) {
                int lowestDigit = ((candidate.intValue() & 63) | 1) - 32;
                assertTrue(lowestDigit != d0, "k' = n + 2 * " + d0 + " has lowest digit " + lowestDigit);
                assertSameProduct(G, candidate);
                assertSameProduct(G, N.subtract(candidate));
            }
        }
    }

    @Test
    void acceptsPointsInJacobianCoordinates() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20; i++) {
            ECPoint jacobian = randomPoint(random).twice().add(G); // not normalised
            assertFalse(jacobian.isNormalized(), "the test needs a non-affine input");
            assertSameProduct(jacobian, TestScalars.random(random));
        }
    }

    @Test
    void returnsANormalisedPointOnTheCurve() {
        ECPoint product = P256SecretMultiplier.multiply(G, N.subtract(BigInteger.TWO));
        assertTrue(product.isNormalized());
        assertTrue(product.isValid());
        assertSame(CURVE, product.getCurve());
    }

    @Test
    void returnsTheIdentityForTheIdentity() {
        ECPoint infinity = CURVE.getInfinity();
        assertTrue(P256SecretMultiplier.multiply(infinity, BigInteger.TEN).isInfinity());
    }

    @Test
    void rejectsScalarsOutsideOneToNMinusOne() {
        for (BigInteger k : List.of(BigInteger.ZERO, N, N.add(BigInteger.ONE), BigInteger.ONE.negate(),
                BigInteger.ONE.shiftLeft(256), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))) {
            assertThrows(IllegalArgumentException.class, () -> P256SecretMultiplier.multiply(G, k), "k = " + k);
        }
    }

    @Test
    void rejectsPointsOfAnotherCurve() {
        ECPoint p384 = CustomNamedCurves.getByName("secp384r1").getG();
        assertThrows(IllegalArgumentException.class, () -> P256SecretMultiplier.multiply(p384, BigInteger.TWO));
    }

    /**
     * RFC 9497 Appendix A.3, every mode and batch: Blind * HashToGroup(Input) = BlindedElement,
     * skSm * G = pkSm, and for OPRF and VOPRF skSm * BlindedElement = EvaluationElement (POPRF
     * evaluates with another scalar, not tested here).
     */
    @Test
    void reproducesTheRfc9497Vectors() {
        int checked = 0;
        for (JsonNode suite : RfcVectors.load("rfc9497-p256-sha256.json")) {
            int mode = suite.get("mode").asInt();
            BigInteger key = new BigInteger(1, RfcVectors.hex(suite.get("skSm")));
            if (suite.has("pkSm")) {
                assertEquals(suite.get("pkSm").asText(), encode(P256SecretMultiplier.multiply(G, key)), "pkSm");
                checked++;
            }
            String dst = new String(RfcVectors.hex(suite.get("groupDST")), StandardCharsets.ISO_8859_1);
            HashToEllipticCurve hashToGroup = HashToEllipticCurve.getInstance(HashToCurveProfile.P256_XMD_SHA_256, dst);
            for (JsonNode vector : suite.get("vectors")) {
                String[] inputs = vector.get("Input").asText().split(",");
                String[] blinds = vector.get("Blind").asText().split(",");
                String[] blinded = vector.get("BlindedElement").asText().split(",");
                String[] evaluated = vector.get("EvaluationElement").asText().split(",");
                for (int i = 0; i < inputs.length; i++) {
                    ECPoint inputElement = hashToGroup.hashToCurve(RfcVectors.hexBytes(inputs[i]));
                    BigInteger blind = new BigInteger(1, RfcVectors.hexBytes(blinds[i]));
                    assertEquals(blinded[i], encode(P256SecretMultiplier.multiply(inputElement, blind)),
                            "mode " + mode + " BlindedElement");
                    checked++;
                    if (mode != 2) {
                        ECPoint element = CURVE.decodePoint(RfcVectors.hexBytes(blinded[i]));
                        assertEquals(evaluated[i], encode(P256SecretMultiplier.multiply(element, key)),
                                "mode " + mode + " EvaluationElement");
                        checked++;
                    }
                }
            }
        }
        // 10 elements over the 3 suites: 10 blinds, 6 evaluations (modes 0 and 1), 2 pkSm.
        assertEquals(18, checked, "every vector replayed");
    }

    // ---- field arithmetic at its operand limits

    @Test
    void fieldProductsHoldTheirContractAtTheOperandLimits() {
        SplittableRandom random = new SplittableRandom(52);
        for (int i = 0; i < 3000; i++) {
            long[] a = operand(random, 54, i);
            long[] b = operand(random, 57, i + 1);
            long[] product = new long[5];
            P256SecretMultiplier.Fe.mul(product, a, b);
            assertMontgomeryResult(value(a).multiply(value(b)), product, false);
            P256SecretMultiplier.Fe.sqr(product, a);
            assertMontgomeryResult(value(a).multiply(value(a)), product, false);
        }
    }

    @Test
    void lazyProductDifferenceHoldsItsContractAtTheOperandLimits() {
        SplittableRandom random = new SplittableRandom(56);
        for (int i = 0; i < 3000; i++) {
            long[] a = operand(random, 54, i);
            long[] b = operand(random, 56, i + 1);
            long[] c = operand(random, 54, i + 2);
            long[] d = operand(random, 56, i + 3);
            long[] result = new long[5];
            P256SecretMultiplier.Fe.mulSubMul(result, a, b, c, d);
            BigInteger ab = value(a).multiply(value(b));
            BigInteger cd = value(c).multiply(value(d));
            assertMontgomeryResult(ab.subtract(cd), result, true);
            BigInteger lower = cd.negate().divide(R);
            assertTrue(value(result).compareTo(lower.subtract(BigInteger.ONE)) >= 0, "above -c d / R");
            assertTrue(value(result).compareTo(ab.divide(R).add(P)) < 0, "below a b / R + p");
        }
    }

    @Test
    void foldReducesBelowTwoToThe256PlusTwoToThe232() {
        SplittableRandom random = new SplittableRandom(264);
        BigInteger bound = BigInteger.ONE.shiftLeft(256).add(BigInteger.ONE.shiftLeft(232));
        for (int i = 0; i < 3000; i++) {
            BigInteger v = i == 0 ? BigInteger.ONE.shiftLeft(264).subtract(BigInteger.ONE) : randomBelow(random, 264);
            long[] limbs = scatter(random, v);
            P256SecretMultiplier.Fe.fold(limbs);
            BigInteger folded = value(limbs);
            assertEquals(v.mod(P), folded.mod(P), "congruent");
            assertTrue(folded.signum() >= 0 && folded.compareTo(bound) < 0, "below 2^256 + 2^232");
            for (long limb : limbs) {
                assertTrue(Math.abs(limb) < 1L << 53, "limbs below 2^53");
            }
            long[] canonical = scatter(random, v);
            P256SecretMultiplier.Fe.canonicalize(canonical);
            assertEquals(v.mod(P), value(canonical), "canonical");
        }
    }

    @Test
    void invertGivesTheMontgomeryInverse() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            BigInteger x = randomBelow(random, 256).mod(P.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            long[] montgomery = P256SecretMultiplier.Fe.toMontgomery(x);
            long[] inverse = new long[5];
            P256SecretMultiplier.Fe.invert(inverse, montgomery);
            assertEquals(x.modInverse(P), value(P256SecretMultiplier.Fe.fromMontgomery(inverse)));
        }
    }

    // ---- helpers

    private static void assertSameProduct(ECPoint point, BigInteger k) {
        ECPoint expected = REFERENCE.multiply(point, k).normalize();
        ECPoint actual = P256SecretMultiplier.multiply(point, k);
        assertEquals(expected, actual, "k = " + k.toString(16));
        assertEquals(encode(expected), encode(actual), "k = " + k.toString(16));
    }


    private static ECPoint randomPoint(SplittableRandom random) {
        return REFERENCE.multiply(G, TestScalars.random(random)).normalize();
    }


    private static BigInteger randomBelow(SplittableRandom random, int bits) {
        byte[] bytes = new byte[(bits + 7) / 8];
        random.nextBytes(bytes);
        return new BigInteger(1, bytes).shiftRight(bytes.length * 8 - bits);
    }

    /**
     * Five limbs below 2^bits in magnitude, with a non-negative value: random ones, and every
     * few calls one of the extremes (all at the limit, alternating signs, low limbs negative).
     */
    private static long[] operand(SplittableRandom random, int bits, int round) {
        long max = (1L << bits) - 1;
        long[] limbs = new long[5];
        switch (round % 8) {
            case 0 -> Arrays.fill(limbs, max);
            case 1 -> limbs = new long[] {max, -max, max, -max, max};
            case 2 -> limbs = new long[] {-max, -max, -max, -max, max};
            default -> {
                for (int i = 0; i < 5; i++) {
                    limbs[i] = random.nextLong(-max, max + 1);
                }
            }
        }
        if (value(limbs).signum() < 0) {
            for (int i = 0; i < 5; i++) {
                limbs[i] = -limbs[i];
            }
        }
        return limbs;
    }

    /** Limbs of {@code v} with random carries moved between them, some limbs going negative. */
    private static long[] scatter(SplittableRandom random, BigInteger v) {
        long[] limbs = P256SecretMultiplier.Fe.limbs(v.mod(BigInteger.ONE.shiftLeft(260)));
        limbs[4] += v.shiftRight(260).longValue() << 52;
        for (int i = 0; i < 4; i++) {
            long moved = random.nextLong(-8, 9);
            limbs[i] += moved << 52;
            limbs[i + 1] -= moved;
        }
        assertEquals(v, value(limbs), "scatter keeps the value");
        return limbs;
    }

    /** The integer sum of limb_i 2^(52 i), for signed limbs. */
    private static BigInteger value(long[] limbs) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i >= 0; i--) {
            v = v.shiftLeft(52).add(BigInteger.valueOf(limbs[i]));
        }
        return v;
    }

    /**
     * A Montgomery result: congruent to t / R, limbs 0-3 normalised, and (unless it may be
     * negative) in [0, t / R + p).
     */
    private static void assertMontgomeryResult(BigInteger t, long[] result, boolean mayBeNegative) {
        assertEquals(t.multiply(R_INVERSE).mod(P), value(result).mod(P), "congruent to t / R");
        for (int i = 0; i < 4; i++) {
            assertTrue(result[i] >= 0 && result[i] < 1L << 52, "limb " + i + " normalised");
        }
        if (!mayBeNegative) {
            assertTrue(value(result).signum() >= 0, "non-negative");
            assertTrue(value(result).compareTo(t.divide(R).add(P)) < 0, "below t / R + p");
        }
    }

    private static String encode(ECPoint point) {
        return RfcVectors.hex(point.getEncoded(true));
    }
}
