package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.junit.jupiter.api.Test;

/**
 * {@link P256GeneratorMultiplier} gives exactly Bouncy Castle's fixed-point comb products of the
 * generator: on random scalars, on edge scalars (small, near n, powers of two, extreme digit
 * patterns), and on the two scalars that reach the one exceptional addition (k* = 2^256 - n
 * and n - k*) together with the other candidates its class comment rules out.
 *
 * <p>Pure unit tests; nothing to set up.
 */
class P256GeneratorMultiplierTest {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECPoint G = P256.getG();
    private static final BigInteger N = P256.getN();
    private static final FixedPointCombMultiplier REFERENCE = new FixedPointCombMultiplier();

    @Test
    void matchesBouncyCastleOnRandomScalars() {
        SplittableRandom random = new SplittableRandom(9497);
        for (int i = 0; i < 500; i++) {
            assertSameProduct(TestScalars.random(random));
        }
    }

    @Test
    void matchesBouncyCastleOnEdgeScalars() {
        List<BigInteger> scalars = TestScalars.edge();
        for (BigInteger k : scalars) {
            assertSameProduct(k);
        }
    }

    /**
     * The last addition adds 2^255 G to (k' - 2^255) G: a doubling exactly when k' = 2^256 - n,
     * reached from k* and from the even n - k*. Their neighbours must take the ordinary path.
     */
    @Test
    void selectsThePrecomputedProductForTheExceptionalScalar() {
        BigInteger kStar = BigInteger.ONE.shiftLeft(256).subtract(N);
        for (BigInteger k : List.of(kStar, N.subtract(kStar), kStar.add(BigInteger.TWO), kStar.subtract(BigInteger.TWO),
                N.subtract(kStar).add(BigInteger.TWO), kStar.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(255),
                N.subtract(BigInteger.ONE.shiftLeft(255)))) {
            assertSameProduct(k);
        }
    }

    @Test
    void returnsANormalisedPointOnTheCurve() {
        ECPoint product = P256GeneratorMultiplier.multiply(N.subtract(BigInteger.TWO));
        assertTrue(product.isNormalized(), "normalised");
        assertTrue(product.isValid(), "on the curve");
    }

    @Test
    void rejectsScalarsOutsideOneToNMinusOne() {
        for (BigInteger k : List.of(BigInteger.ZERO, N, N.add(BigInteger.ONE), BigInteger.ONE.negate(),
                BigInteger.ONE.shiftLeft(256))) {
            assertThrows(IllegalArgumentException.class, () -> P256GeneratorMultiplier.multiply(k), "k = " + k);
        }
    }

    @Test
    void reproducesTheRfc9497PublicKeys() {
        int checked = 0;
        for (JsonNode suite : RfcVectors.load("rfc9497-p256-sha256.json")) {
            if (suite.has("pkSm")) {
                BigInteger key = new BigInteger(1, RfcVectors.hex(suite.get("skSm")));
                assertEquals(suite.get("pkSm").asText(),
                        RfcVectors.hex(P256GeneratorMultiplier.multiply(key).getEncoded(true)), "pkSm");
                checked++;
            }
        }
        assertTrue(checked > 0, "the vectors have public keys");
    }

    private static void assertSameProduct(BigInteger k) {
        ECPoint expected = REFERENCE.multiply(G, k).normalize();
        ECPoint actual = P256GeneratorMultiplier.multiply(k);
        assertEquals(expected, actual, "k = " + k.toString(16));
        assertEquals(RfcVectors.hex(expected.getEncoded(true)), RfcVectors.hex(actual.getEncoded(true)), "k = " + k.toString(16));
    }

}
