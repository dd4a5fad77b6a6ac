package org.leakcheck.protocol.oprf;

import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * The prime-order group of RFC 9497 §2.1 instantiated with P-256 as §4.3 prescribes, on top of
 * Bouncy Castle's curve arithmetic and RFC 9380 hash-to-curve.
 */
final class P256Group {

    private static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256r1");

    static final ECCurve CURVE = PARAMETERS.getCurve();

    /** RFC 9497 §2.1 Generator(). */
    static final ECPoint GENERATOR = PARAMETERS.getG();

    /** RFC 9497 §2.1 Order(): n, the prime order of the group. */
    static final BigInteger ORDER = PARAMETERS.getN();

    /** p, the prime of the base field. */
    static final BigInteger FIELD_PRIME = CURVE.getField().getCharacteristic();

    private static final byte[] ORDER_BYTES = BigIntegers.asUnsignedByteArray(Suite.SCALAR_LENGTH, ORDER);

    /** SEC1 §2.3.3: compressed-point prefixes, 0x02 for an even y and 0x03 for an odd y. */
    private static final byte PREFIX_EVEN_Y = 0x02;
    private static final byte PREFIX_ODD_Y = 0x03;

    /** RFC 9497 §4.3 HashToScalar: L = ceil((ceil(log2(n)) + k) / 8) = 48 bytes, with k = 128. */
    private static final int HASH_TO_SCALAR_BYTES = 48;

    /** The expansion keeps a digest: one per thread. */
    private static final ThreadLocal<XmdSha256Expansion> EXPANSION = ThreadLocal.withInitial(XmdSha256Expansion::new);

    private P256Group() {
    }

    /**
     * {@code scalar * point} in constant time with respect to the scalar ({@link P256SecretMultiplier}),
     * for every secret: the server key in BlindEvaluate and Evaluate, the proof nonce, the
     * client's blind and its inverse. It is also the fastest multiplier we have, so Evaluate, the
     * loader's bulk path, uses it too.
     */
    static ECPoint multiplySecret(ECPoint point, BigInteger scalar) {
        return P256SecretMultiplier.multiply(point, scalar);
    }

    /**
     * {@code scalar * G} for a secret scalar in [1, n - 1] (the proof nonce, a key), in constant
     * time: a fixed-base signed-window method on precomputed tables built on first use
     * ({@link P256GeneratorMultiplier}).
     */
    static ECPoint multiplyGeneratorSecret(BigInteger scalar) {
        return P256GeneratorMultiplier.multiply(scalar);
    }

    /**
     * {@code sum of scalars[i] * points[i]} with interleaved width-6 NAFs ({@link P256PublicMultiplier}).
     * Variable-time: only for public scalars, such as RFC 9497 §2.2 composite weights and proof values.
     */
    static ECPoint sumOfPublicMultiples(ECPoint[] points, BigInteger[] scalars) {
        return P256PublicMultiplier.sumOfMultiples(points, scalars);
    }

    /**
     * RFC 9497 §4.3 HashToScalar: hash_to_field (RFC 9380 §5.2) with L = 48, expand_message_xmd
     * with SHA-256 (RFC 9380 §5.3.1) and the group order n as modulus. The expansion is ours, on
     * the JDK's SHA-256 (see {@link Sha256}); the tests check it against Bouncy Castle's
     * {@code OPRFHashToScalar}.
     */
    static BigInteger hashToScalar(byte[] message, byte[] dst) {
        byte[] uniform = EXPANSION.get().expandMessage(message, dst, HASH_TO_SCALAR_BYTES);
        return new BigInteger(1, uniform).mod(ORDER);
    }

    /** RFC 9497 §4.3 SerializeElement: compressed SEC1 encoding, Ne = 33 bytes. */
    static byte[] serializeElement(ECPoint point) {
        if (point.isInfinity()) {
            // The identity has no 33-byte encoding; reaching it here means a broken invariant.
            throw new IllegalStateException("oprf: cannot serialize the identity element");
        }
        return point.getEncoded(true);
    }

    /**
     * RFC 9497 §4.3 DeserializeElement: SEC1 §2.3.4 Octet-String-to-Elliptic-Curve-Point on a
     * compressed encoding, followed by public-key validation (coordinate range, on-curve, not the
     * identity). Each failed check has its own rule so callers can report it.
     */
    static ECPoint deserializeElement(byte[] encoded, String field) {
        // SEC1 §2.3.4 step 2: the octet string 0x00 is the point at infinity. Reported as
        // such, not as a length error, because that is what the sender tried to send.
        if (encoded.length == 1 && encoded[0] == 0x00) {
            throw new OprfException(OprfException.Rule.ELEMENT_IDENTITY, field);
        }
        if (encoded.length != Suite.ELEMENT_LENGTH) {
            throw new OprfException(OprfException.Rule.ELEMENT_LENGTH, field);
        }
        // SEC1 §2.3.4 step 3.3: the prefix carries the parity of y.
        byte prefix = encoded[0];
        if (prefix != PREFIX_EVEN_Y && prefix != PREFIX_ODD_Y) {
            throw new OprfException(OprfException.Rule.ELEMENT_PREFIX, field);
        }
        // SEC1 §2.3.4 step 3.2: x must be a canonical field element, 0 <= x < p.
        BigInteger xValue = new BigInteger(1, Arrays.copyOfRange(encoded, 1, encoded.length));
        if (xValue.compareTo(FIELD_PRIME) >= 0) {
            throw new OprfException(OprfException.Rule.ELEMENT_COORDINATE_RANGE, field);
        }
        // SEC1 §2.3.4 step 3.4: y^2 = x^3 + a x + b must have a root, else x is not on the curve.
        ECFieldElement x = CURVE.fromBigInteger(xValue);
        ECFieldElement rhs = x.square().add(CURVE.getA()).multiply(x).add(CURVE.getB());
        ECFieldElement y = rhs.sqrt();
        if (y == null) {
            throw new OprfException(OprfException.Rule.ELEMENT_NOT_ON_CURVE, field);
        }
        // SEC1 §2.3.4 step 3.4: keep the root whose parity matches the prefix.
        boolean wantOdd = prefix == PREFIX_ODD_Y;
        if (y.testBitZero() != wantOdd) {
            y = y.negate();
        }
        ECPoint point = CURVE.createPoint(x.toBigInteger(), y.toBigInteger());
        // RFC 9497 §4.3: "validates that the resulting element is not the group identity".
        // P-256 has prime order and no point with y = 0, so a decoded point is never the
        // identity; the check stays as the RFC requires it.
        if (point.isInfinity()) {
            throw new OprfException(OprfException.Rule.ELEMENT_IDENTITY, field);
        }
        return point;
    }

    /** RFC 9497 §4.3 SerializeScalar: Field-Element-to-Octet-String (SEC1), Ns = 32 bytes. */
    static byte[] serializeScalar(BigInteger scalar) {
        return BigIntegers.asUnsignedByteArray(Suite.SCALAR_LENGTH, scalar);
    }

    /**
     * RFC 9497 §4.3 DeserializeScalar, stricter than the RFC: besides values at or above n, zero
     * is rejected, because every scalar we parse (a private key, a blind) must be invertible.
     * The checks run in constant time since the scalar is secret.
     */
    static BigInteger deserializeScalar(byte[] encoded, String field) {
        if (encoded.length != Suite.SCALAR_LENGTH) {
            throw new OprfException(OprfException.Rule.SCALAR_LENGTH, field);
        }
        boolean zero = ConstantTime.isZero(encoded);
        boolean inRange = ConstantTime.lessThan(encoded, ORDER_BYTES);
        if (zero) {
            throw new OprfException(OprfException.Rule.SCALAR_ZERO, field);
        }
        if (!inRange) {
            throw new OprfException(OprfException.Rule.SCALAR_RANGE, field);
        }
        return new BigInteger(1, encoded);
    }

    /** True when {@code scalar} is in [1, n - 1], the valid range of keys and blinds. */
    static boolean isValidScalar(BigInteger scalar) {
        return scalar.signum() > 0 && scalar.compareTo(ORDER) < 0;
    }
}
