package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECConstantTimeMultiplier;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The batch path's shared tables: {@link P256SecretMultiplier#prepare} builds the odd-multiple
 * tables of several points with one inversion, and the constant-time products
 * ({@link P256SecretMultiplier#multiplyAll}, {@link P256SecretMultiplier#multiplyEach}) and the
 * public sum ({@link P256PublicMultiplier#sumOfMultiples(P256SecretMultiplier.Multiplication[], BigInteger[])})
 * read them and give exactly Bouncy Castle's points, whichever order they run in.
 *
 * <p>Pure unit tests; nothing to set up.
 */
class P256PreparedTablesTest {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECPoint G = P256.getG();
    private static final BigInteger N = P256.getN();
    private static final ECMultiplier REFERENCE = new ECConstantTimeMultiplier(N);

    @Test
    void multipliesEveryPreparedPointByOneScalar() {
        SplittableRandom random = new SplittableRandom(1);
        for (int count : new int[] {1, 2, 3, 8}) {
            ECPoint[] points = randomPoints(random, count);
            BigInteger k = TestScalars.random(random);
            ECPoint[] products = P256SecretMultiplier.multiplyAll(P256SecretMultiplier.prepare(points), k);
            for (int i = 0; i < count; i++) {
                assertEquals(REFERENCE.multiply(points[i], k).normalize(), products[i], "point " + i);
                assertTrue(products[i].isNormalized(), "normalised");
            }
        }
    }

    @Test
    void multipliesOnePreparedPointByEachScalar() {
        SplittableRandom random = new SplittableRandom(2);
        ECPoint point = randomPoints(random, 1)[0];
        P256SecretMultiplier.Multiplication table = P256SecretMultiplier.prepare(new ECPoint[] {point})[0];
        BigInteger[] scalars = {TestScalars.random(random), BigInteger.ONE, N.subtract(BigInteger.ONE), BigInteger.TWO,
            TestScalars.random(random)};
        ECPoint[] products = P256SecretMultiplier.multiplyEach(table, scalars);
        for (int i = 0; i < scalars.length; i++) {
            assertEquals(REFERENCE.multiply(point, scalars[i]).normalize(), products[i], "scalar " + i);
        }
    }

    @Test
    void sumsOnTablesAlreadyUsedForProducts() {
        SplittableRandom random = new SplittableRandom(3);
        for (int count : new int[] {1, 2, 5}) {
            ECPoint[] points = randomPoints(random, count);
            BigInteger[] weights = new BigInteger[count];
            for (int i = 0; i < count; i++) {
                weights[i] = TestScalars.random(random);
            }
            P256SecretMultiplier.Multiplication[] tables = P256SecretMultiplier.prepare(points);
            P256SecretMultiplier.multiplyAll(tables, TestScalars.random(random));
            ECPoint expected = ECAlgorithms.sumOfMultiplies(points, weights).normalize();
            assertEquals(expected, P256PublicMultiplier.sumOfMultiples(tables, weights));
            // The sum only reads the tables: the products stay right afterwards.
            BigInteger k = TestScalars.random(random);
            assertEquals(REFERENCE.multiply(points[0], k).normalize(), P256SecretMultiplier.multiplyAll(tables, k)[0]);
        }
    }

    @Test
    void sumsToTheIdentityOnPreparedTables() {
        ECPoint[] points = {G, G.negate().normalize()};
        P256SecretMultiplier.Multiplication[] tables = P256SecretMultiplier.prepare(points);
        assertTrue(P256PublicMultiplier.sumOfMultiples(tables, new BigInteger[] {BigInteger.TEN, BigInteger.TEN}).isInfinity());
        assertTrue(P256PublicMultiplier.sumOfMultiples(tables, new BigInteger[] {BigInteger.ZERO, N}).isInfinity());
    }

    @Test
    void refusesTheIdentityAndOutOfRangeScalars() {
        assertThrows(IllegalArgumentException.class,
                () -> P256SecretMultiplier.prepare(new ECPoint[] {G.getCurve().getInfinity()}));
        P256SecretMultiplier.Multiplication[] tables = P256SecretMultiplier.prepare(new ECPoint[] {G});
        assertThrows(IllegalArgumentException.class, () -> P256SecretMultiplier.multiplyAll(tables, BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> P256SecretMultiplier.multiplyEach(tables[0], BigInteger.ONE, N));
    }

    private static ECPoint[] randomPoints(SplittableRandom random, int count) {
        ECPoint[] points = new ECPoint[count];
        for (int i = 0; i < count; i++) {
            points[i] = REFERENCE.multiply(G, TestScalars.random(random)).normalize();
        }
        return points;
    }

}
