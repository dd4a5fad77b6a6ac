package org.leakcheck.protocol.oprf;

import java.math.BigInteger;

import org.bouncycastle.math.ec.ECPoint;

/**
 * An OPRF private key {@code skS}, a scalar in [1, n - 1], with its public key
 * {@code pkS = skS * G} (RFC 9497 §3.2).
 *
 * <p>In mode 0x01 the public key is published and pinned by clients, which verify every
 * evaluation's proof against it. The private scalar leaves this object only through
 * {@link #serialize()}; {@link #toString()} hides it.
 */
public final class OprfKey {

    private static final String FIELD = "private key";

    private final BigInteger scalar;
    /** Computed on first use: it costs a multiplication, which a cold start need not pay before its first request. */
    private volatile ECPoint publicPoint;

    OprfKey(BigInteger scalar) {
        if (!P256Group.isValidScalar(scalar)) {
            throw new IllegalArgumentException("oprf: private key must be in [1, n - 1]");
        }
        this.scalar = scalar;
    }

    /**
     * RFC 9497 §4.3 DeserializeScalar for a private key, rejecting zero as well as values at or
     * above the group order (checked in constant time).
     *
     * @param serialized 32-byte big-endian scalar
     * @throws OprfException with rule {@code scalar.length}, {@code scalar.zero} or {@code scalar.range}
     */
    public static OprfKey deserialize(byte[] serialized) {
        return new OprfKey(P256Group.deserializeScalar(serialized, FIELD));
    }

    /** The private key as 32 big-endian bytes (RFC 9497 §4.3 SerializeScalar). Secret. */
    public byte[] serialize() {
        return P256Group.serializeScalar(scalar);
    }

    /** The public key {@code pkS} as a 33-byte compressed SEC1 point. */
    public byte[] publicKey() {
        return P256Group.serializeElement(publicPoint());
    }

    ECPoint publicPoint() {
        ECPoint computed = publicPoint;
        if (computed == null) {
            // RFC 9497 §3.2.1: pkS = G.ScalarMultGen(skS), constant-time in skS.
            computed = P256Group.multiplyGeneratorSecret(scalar).normalize();
            publicPoint = computed;
        }
        return computed;
    }

    BigInteger scalar() {
        return scalar;
    }

    @Override
    public String toString() {
        return "OprfKey[private=<redacted>]";
    }
}
