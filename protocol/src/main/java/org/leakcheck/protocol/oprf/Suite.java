package org.leakcheck.protocol.oprf;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The fixed parameters of ciphersuite P256-SHA256 (RFC 9497 §4.3) in one mode. Every
 * domain-separation tag is derived here from the context string, so the labels exist in exactly
 * one place.
 */
final class Suite {

    /** RFC 9497 §4.3: ciphersuite identifier. */
    static final String IDENTIFIER = "P256-SHA256";

    /** RFC 9497 §4.3: Ns, the length of a serialized scalar. */
    static final int SCALAR_LENGTH = 32;

    /** RFC 9497 §4.3: Ne, the length of a serialized element (compressed SEC1). */
    static final int ELEMENT_LENGTH = 33;

    /** RFC 9497 §2.2: a proof is two serialized scalars, c then s. */
    static final int PROOF_LENGTH = 2 * SCALAR_LENGTH;

    /** RFC 9497 §3.2.1 and §5.1: lengths are encoded with I2OSP(len, 2). */
    static final int MAX_PREFIXED_LENGTH = 0xFFFF;

    /** RFC 9497 §3.3.1 Finalize and Evaluate: final label of the hash input. */
    static final byte[] FINALIZE_LABEL = ascii("Finalize");

    /** RFC 9497 §2.2.1: final label of the challenge transcript. */
    static final byte[] CHALLENGE_LABEL = ascii("Challenge");

    /** RFC 9497 §2.2.1: final label of each composite transcript. */
    static final byte[] COMPOSITE_LABEL = ascii("Composite");

    private static final Suite OPRF = new Suite(Mode.OPRF);
    private static final Suite VOPRF = new Suite(Mode.VOPRF);

    final Mode mode;
    /** RFC 9497 §3.1: contextString = "OPRFV1-" || I2OSP(mode, 1) || "-" || identifier. */
    final String contextString;
    /** RFC 9497 §4.3 HashToGroup: DST = "HashToGroup-" || contextString. */
    final byte[] hashToGroupDst;
    /** RFC 9497 §4.3 HashToScalar: DST = "HashToScalar-" || contextString. */
    final byte[] hashToScalarDst;
    /** RFC 9497 §3.2.1 DeriveKeyPair: DST = "DeriveKeyPair" || contextString (no dash). */
    final byte[] deriveKeyPairDst;
    /** RFC 9497 §2.2.1 ComputeComposites: seedDST = "Seed-" || contextString. */
    final byte[] seedDst;

    /**
     * Bouncy Castle does not document its hash-to-curve classes as thread-safe, so each thread
     * gets its own instance, built once: set-up stays out of the per-call cost.
     */
    private final ThreadLocal<HashToEllipticCurve> hashToCurve;

    private Suite(Mode mode) {
        this.mode = mode;
        this.contextString = "OPRFV1-" + (char) mode.id() + "-" + IDENTIFIER;
        this.hashToGroupDst = ascii("HashToGroup-" + contextString);
        this.hashToScalarDst = ascii("HashToScalar-" + contextString);
        this.deriveKeyPairDst = ascii("DeriveKeyPair" + contextString);
        this.seedDst = ascii("Seed-" + contextString);
        this.hashToCurve = ThreadLocal.withInitial(() -> P256HashToCurve.create(P256Group.CURVE, hashToGroupDst));
    }

    static Suite of(Mode mode) {
        return mode == Mode.OPRF ? OPRF : VOPRF;
    }

    /**
     * RFC 9497 §4.3 HashToGroup: hash_to_curve with suite P256_XMD:SHA-256_SSWU_RO_ (RFC 9380
     * §8.2). The result may be the identity; callers decide what that means for them.
     */
    ECPoint hashToGroup(byte[] input) {
        return hashToCurve.get().hashToCurve(input);
    }

    /** RFC 9497 §4.3 HashToScalar with this mode's default DST. */
    java.math.BigInteger hashToScalar(byte[] message) {
        return P256Group.hashToScalar(message, hashToScalarDst);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
