package org.leakcheck.protocol.oprf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.hash2curve.HashToCurveProfile;
import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.crypto.hash2curve.impl.SimplifiedShallueVanDeWoestijneMapToCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * Our faster building blocks agree with Bouncy Castle's reference ones beyond the few RFC
 * vectors: the SSWU map on random and exceptional field elements, HashToGroup on random
 * messages, and both scalar multipliers on random and edge scalars.
 */
class P256GroupTest {

    private static final BigInteger P = P256Group.FIELD_PRIME;
    private static final BigInteger N = P256Group.ORDER;

    @Test
    void sswuMapAgreesWithBouncyCastleOnRandomFieldElements() {
        P256SswuMap ours = new P256SswuMap(P256Group.CURVE);
        SimplifiedShallueVanDeWoestijneMapToCurve reference = new SimplifiedShallueVanDeWoestijneMapToCurve(
                P256Group.CURVE, HashToCurveProfile.P256_XMD_SHA_256.getZ());
        SplittableRandom random = new SplittableRandom(9380);
        for (int i = 0; i < 500; i++) {
            BigInteger u = randomBelow(random, P);
            assertEquals(reference.process(u).normalize(), ours.process(u).normalize(), "u = random #" + i);
        }
    }

    @Test
    void sswuMapAgreesWithBouncyCastleOnExceptionalInputs() {
        P256SswuMap ours = new P256SswuMap(P256Group.CURVE);
        SimplifiedShallueVanDeWoestijneMapToCurve reference = new SimplifiedShallueVanDeWoestijneMapToCurve(
                P256Group.CURVE, HashToCurveProfile.P256_XMD_SHA_256.getZ());
        List<BigInteger> inputs = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                P.subtract(BigInteger.ONE), P.subtract(BigInteger.TWO)));
        // RFC 9380 §6.6.2 exceptional case: Z^2 u^4 + Z u^2 = 0, that is u^2 = -1/Z = 1/10.
        BigInteger inverseTen = BigInteger.TEN.modInverse(P);
        var root = P256Group.CURVE.fromBigInteger(inverseTen).sqrt();
        assertNotNull(root, "1/10 is a square mod p, so the exceptional case is reachable");
        inputs.add(root.toBigInteger());
        inputs.add(root.negate().toBigInteger());
        for (BigInteger u : inputs) {
            ECPoint expected = reference.process(u).normalize();
            ECPoint actual = ours.process(u).normalize();
            assertEquals(expected, actual, "u = " + u);
            assertTrue(actual.isValid(), "result is on the curve");
        }
    }

    @Test
    void hashToGroupAgreesWithBouncyCastleOnRandomMessages() {
        HashToEllipticCurve reference = HashToEllipticCurve.getInstance(HashToCurveProfile.P256_XMD_SHA_256,
                new String(Suite.of(Mode.OPRF).hashToGroupDst, StandardCharsets.US_ASCII));
        SplittableRandom random = new SplittableRandom(9497);
        for (int i = 0; i < 200; i++) {
            byte[] message = new byte[random.nextInt(0, 100)];
            random.nextBytes(message);
            assertEquals(reference.hashToCurve(message).normalize(), Suite.of(Mode.OPRF).hashToGroup(message).normalize());
        }
    }

    @Test
    void hashToScalarAgreesWithBouncyCastle() {
        SplittableRandom random = new SplittableRandom(4096);
        byte[] dst = Suite.of(Mode.VOPRF).hashToScalarDst;
        for (int i = 0; i < 200; i++) {
            byte[] message = new byte[random.nextInt(0, 200)];
            random.nextBytes(message);
            BigInteger reference = new org.bouncycastle.crypto.hash2curve.OPRFHashToScalar(P256Group.CURVE,
                    new org.bouncycastle.crypto.digests.SHA256Digest(), 128).process(message, dst);
            assertEquals(reference, P256Group.hashToScalar(message, dst));
        }
    }

    @Test
    void multipliersAgreeOnRandomScalars() {
        SplittableRandom random = new SplittableRandom(256);
        for (int i = 0; i < 100; i++) {
            ECPoint point = Suite.of(Mode.OPRF).hashToGroup(new byte[] {(byte) i});
            BigInteger k = randomBelow(random, N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            assertSameProduct(point, k);
        }
    }

    @Test
    void multipliersAgreeOnEdgeScalars() {
        ECPoint point = Suite.of(Mode.OPRF).hashToGroup("edge".getBytes(StandardCharsets.US_ASCII));
        List<BigInteger> scalars = new ArrayList<>();
        for (int small = 1; small <= 70; small++) {
            scalars.add(BigInteger.valueOf(small));
            scalars.add(N.subtract(BigInteger.valueOf(small)));
        }
        for (int bit = 0; bit < 256; bit += 5) {
            BigInteger power = BigInteger.ONE.shiftLeft(bit);
            if (power.compareTo(N) < 0) {
                scalars.add(power);
                scalars.add(power.subtract(BigInteger.ONE).max(BigInteger.ONE));
            }
        }
        scalars.add(N.shiftRight(1));
        scalars.add(N.shiftRight(1).add(BigInteger.ONE));
        for (BigInteger k : scalars) {
            assertSameProduct(point, k);
        }
    }

    private static void assertSameProduct(ECPoint point, BigInteger k) {
        ECPoint expected = point.multiply(k).normalize();
        assertEquals(expected, P256Group.multiplySecret(point, k).normalize(), "constant-time, k = " + k);
    }

    private static BigInteger randomBelow(SplittableRandom random, BigInteger bound) {
        while (true) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            BigInteger value = new BigInteger(1, bytes);
            if (value.compareTo(bound) < 0) {
                return value;
            }
        }
    }
}
