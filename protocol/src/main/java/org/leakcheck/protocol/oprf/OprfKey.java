package org.leakcheck.protocol.oprf;

import java.math.BigInteger;

import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * An OPRF private key {@code skS}, a scalar in [1, n - 1], with its public key
 * {@code pkS = skS * G} (RFC 9497 §3.2).
 *
 * <p>Mode 0 never sends the public key to clients; it serves as a key identifier. The private
 * scalar leaves this object only through {@link #serialize()}; {@link #toString()} hides it.
 */
public final class OprfKey {

    private static final String FIELD = "private key";

    private final BigInteger scalar;
    /** Computed on first use: the evaluate function never needs it, and it costs ~100 ms of a cold start. */
    private volatile byte[] publicKey;

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
     * @throws InvalidScalarException with rule {@code scalar.length}, {@code scalar.zero} or
     *                                {@code scalar.range}
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
        byte[] computed = publicKey;
        if (computed == null) {
            // RFC 9497 §3.2.1: pkS = G.ScalarMultGen(skS). The comb multiplier's regular pattern of
            // operations does not depend on the key bits the way a wNAF does.
            computed = P256Group.serializeElement(new FixedPointCombMultiplier().multiply(P256Group.GENERATOR, scalar));
            publicKey = computed;
        }
        return computed.clone();
    }

    BigInteger scalar() {
        return scalar;
    }

    @Override
    public String toString() {
        return "OprfKey[private=<redacted>]";
    }
}
