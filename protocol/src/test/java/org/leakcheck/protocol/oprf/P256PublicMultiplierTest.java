package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * {@link P256PublicMultiplier} gives exactly Bouncy Castle's {@code ECAlgorithms.sumOfMultiplies}:
 * on 1 to 256 random points and scalars, on edge scalars (0, 1, n - 1, n, negative, above n), on
 * the cases the addition formulas cannot compute directly (equal points, opposite points,
 * partial sums that meet the entry added, the identity), and on points in Jacobian coordinates.
 * Every comparison uses fresh points, so that no table Bouncy Castle caches on a point is shared.
 *
 * <p>Pure unit tests; nothing to set up.
 */
class P256PublicMultiplierTest {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECCurve CURVE = P256.getCurve();
    private static final ECPoint G = P256.getG();
    private static final BigInteger N = P256.getN();

    @Test
    void matchesBouncyCastleOnRandomPointsAndScalars() {
        SplittableRandom random = new SplittableRandom(9497);
        for (int count : new int[] {1, 2, 3, 4, 5, 7, 16, 33}) {
            for (int round = 0; round < 10; round++) {
                assertSameRandomSum(random, count);
            }
        }
    }

    @Test
    void matchesBouncyCastleOnTwoHundredFiftySixPoints() {
        assertSameRandomSum(new SplittableRandom(256), 256);
    }

    /** A sum of {@code count} random points with random scalars equals Bouncy Castle's. */
    private static void assertSameRandomSum(SplittableRandom random, int count) {
        ECPoint[] points = new ECPoint[count];
        BigInteger[] scalars = new BigInteger[count];
        for (int i = 0; i < count; i++) {
            points[i] = randomPoint(random);
            scalars[i] = TestScalars.random(random);
        }
        assertSameSum(points, scalars);
    }

    @Test
    void matchesBouncyCastleOnEdgeScalars() {
        SplittableRandom random = new SplittableRandom(2001);
        List<BigInteger> edges = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                N.subtract(BigInteger.ONE), N.subtract(BigInteger.TWO), N, N.add(BigInteger.ONE),
                BigInteger.ONE.negate(), N.negate().add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(300).add(BigInteger.TEN),
                N.shiftRight(1), N.shiftRight(1).add(BigInteger.ONE)));
        for (int bit = 0; bit < 256; bit += 3) {
            edges.add(BigInteger.ONE.shiftLeft(bit));
            edges.add(BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE));
            edges.add(N.subtract(BigInteger.ONE.shiftLeft(bit)));
        }
        ECPoint p = randomPoint(random);
        ECPoint q = randomPoint(random);
        for (BigInteger a : edges) {
            assertSameSum(new ECPoint[] {fresh(p)}, new BigInteger[] {a});
            assertSameSum(new ECPoint[] {fresh(p), fresh(q)}, new BigInteger[] {a, TestScalars.random(random)});
            assertSameSum(new ECPoint[] {fresh(p), fresh(q)}, new BigInteger[] {TestScalars.random(random), a});
        }
    }

    @Test
    void doublesWhenTheAccumulatorMeetsTheSamePoint() {
        SplittableRandom random = new SplittableRandom(7);
        ECPoint p = randomPoint(random);
        BigInteger k = TestScalars.random(random);
        // The first addition meets acc = Q at every non-zero digit.
        assertSameSum(new ECPoint[] {fresh(p), fresh(p)}, new BigInteger[] {k, k});
        assertSameSum(new ECPoint[] {fresh(p), fresh(p)}, new BigInteger[] {BigInteger.ONE, BigInteger.ONE});
        assertSameSum(new ECPoint[] {fresh(p), fresh(p), fresh(p)}, new BigInteger[] {k, k, k});
        // 3 * P and 1 * (3P): equal digits at the same position, on different tables.
        ECPoint threeP = p.multiply(BigInteger.valueOf(3)).normalize();
        assertSameSum(new ECPoint[] {fresh(p), fresh(threeP)}, new BigInteger[] {BigInteger.valueOf(3), BigInteger.ONE});
        // Through the generator, where BC's own answer is easy to trust: (k + k) G.
        assertSameSum(new ECPoint[] {fresh(G), fresh(G)}, new BigInteger[] {k, k});
    }

    @Test
    void givesTheIdentityWhenTheTermsCancel() {
        SplittableRandom random = new SplittableRandom(8);
        ECPoint p = randomPoint(random);
        ECPoint minusP = p.negate().normalize();
        BigInteger k = TestScalars.random(random);
        assertIdentity(new ECPoint[] {fresh(p), fresh(minusP)}, new BigInteger[] {k, k});
        assertIdentity(new ECPoint[] {fresh(p), fresh(p)}, new BigInteger[] {k, N.subtract(k)});
        assertIdentity(new ECPoint[] {fresh(p), fresh(p)}, new BigInteger[] {BigInteger.ONE, N.subtract(BigInteger.ONE)});
        ECPoint threeP = p.multiply(BigInteger.valueOf(3)).normalize();
        assertIdentity(new ECPoint[] {fresh(p), fresh(threeP)}, new BigInteger[] {N.subtract(BigInteger.valueOf(3)), BigInteger.ONE});
        // Cancelling in the middle, then going on: k P - k P + 5 Q.
        ECPoint q = randomPoint(random);
        assertSameSum(new ECPoint[] {fresh(p), fresh(minusP), fresh(q)}, new BigInteger[] {k, k, BigInteger.valueOf(5)});
        assertSameSum(new ECPoint[] {fresh(p), fresh(minusP)}, new BigInteger[] {BigInteger.TWO, BigInteger.ONE});
    }

    @Test
    void ignoresTheIdentityAndZeroScalars() {
        SplittableRandom random = new SplittableRandom(9);
        ECPoint p = randomPoint(random);
        BigInteger k = TestScalars.random(random);
        assertSameSum(new ECPoint[] {CURVE.getInfinity(), fresh(p)}, new BigInteger[] {k, k});
        assertSameSum(new ECPoint[] {fresh(p), CURVE.getInfinity()}, new BigInteger[] {k, k});
        assertSameSum(new ECPoint[] {fresh(p), fresh(G)}, new BigInteger[] {BigInteger.ZERO, k});
        assertIdentity(new ECPoint[] {CURVE.getInfinity()}, new BigInteger[] {k});
        assertIdentity(new ECPoint[] {fresh(p), fresh(G)}, new BigInteger[] {BigInteger.ZERO, N});
    }

    @Test
    void acceptsPointsInJacobianCoordinates() {
        SplittableRandom random = new SplittableRandom(10);
        ECPoint a = randomPoint(random).add(randomPoint(random));   // Z != 1
        ECPoint b = randomPoint(random).twice();
        assertTrue(!a.isNormalized() && !b.isNormalized(), "the inputs are Jacobian");
        assertSameSum(new ECPoint[] {a, b}, new BigInteger[] {TestScalars.random(random), TestScalars.random(random)});
    }

    @Test
    void rejectsMismatchedOrEmptyArraysAndOtherCurves() {
        assertThrows(IllegalArgumentException.class,
                () -> P256PublicMultiplier.sumOfMultiples(new ECPoint[0], new BigInteger[0]));
        assertThrows(IllegalArgumentException.class,
                () -> P256PublicMultiplier.sumOfMultiples(new ECPoint[] {G}, new BigInteger[] {BigInteger.ONE, BigInteger.TWO}));
        ECPoint p384 = CustomNamedCurves.getByName("secp384r1").getG();
        assertThrows(IllegalArgumentException.class,
                () -> P256PublicMultiplier.sumOfMultiples(new ECPoint[] {p384}, new BigInteger[] {BigInteger.ONE}));
    }

    @Test
    void writesEveryScalarAsAWidthSixNaf() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 500; i++) {
            BigInteger k = i < 3 ? List.of(BigInteger.ONE, N.subtract(BigInteger.ONE), BigInteger.valueOf(63)).get(i)
                    : TestScalars.random(random);
            int[] naf = P256PublicMultiplier.naf(k);
            BigInteger value = BigInteger.ZERO;
            int lastNonZero = Integer.MAX_VALUE;
            for (int bit = naf.length - 1; bit >= 0; bit--) {
                int digit = naf[bit];
                value = value.shiftLeft(1).add(BigInteger.valueOf(digit));
                if (digit != 0) {
                    assertTrue((digit & 1) == 1 && Math.abs(digit) <= 31, "odd digit in [-31, 31]");
                    assertTrue(lastNonZero == Integer.MAX_VALUE || lastNonZero - bit >= 6, "non-zero digits at least 6 apart");
                    lastNonZero = bit;
                }
            }
            assertEquals(k, value, "the digits sum to k");
        }
    }

    // ---- helpers

    private static void assertSameSum(ECPoint[] points, BigInteger[] scalars) {
        ECPoint expected = ECAlgorithms.sumOfMultiplies(freshAll(points), scalars).normalize();
        ECPoint actual = P256PublicMultiplier.sumOfMultiples(freshAll(points), scalars);
        assertEquals(expected, actual);
        if (!expected.isInfinity()) {
            assertTrue(actual.isNormalized(), "normalised");
            assertEquals(RfcVectors.hex(expected.getEncoded(true)), RfcVectors.hex(actual.getEncoded(true)));
        }
    }

    private static void assertIdentity(ECPoint[] points, BigInteger[] scalars) {
        assertTrue(ECAlgorithms.sumOfMultiplies(freshAll(points), scalars).isInfinity(), "Bouncy Castle's is the identity");
        assertTrue(P256PublicMultiplier.sumOfMultiples(freshAll(points), scalars).isInfinity(), "ours is the identity");
    }

    /** A new point object with the same coordinates (and Z), carrying no cached precomputation. */
    private static ECPoint fresh(ECPoint point) {
        if (point.isInfinity()) {
            return CURVE.getInfinity();
        }
        ECPoint affine = CURVE.decodePoint(point.getEncoded(false));
        if (point.isNormalized()) {
            return affine;
        }
        // The same point again in Jacobian coordinates: 2P - P, with Z != 1.
        return affine.twice().add(CURVE.decodePoint(point.negate().getEncoded(false)));
    }

    private static ECPoint[] freshAll(ECPoint[] points) {
        ECPoint[] copies = new ECPoint[points.length];
        for (int i = 0; i < points.length; i++) {
            copies[i] = fresh(points[i]);
        }
        return copies;
    }

    private static ECPoint randomPoint(SplittableRandom random) {
        return G.multiply(TestScalars.random(random)).normalize();
    }

}
