package org.leakcheck.protocol.oprf;

import org.bouncycastle.crypto.hash2curve.HashToEllipticCurve;
import org.bouncycastle.crypto.hash2curve.HashToField;
import org.bouncycastle.crypto.hash2curve.impl.NistCurveProcessor;
import org.bouncycastle.math.ec.ECCurve;

/**
 * RFC 9380 §3 hash_to_curve for suite P256_XMD:SHA-256_SSWU_RO_ (§8.2), assembled from Bouncy
 * Castle's own pipeline (hash_to_field, point addition, cofactor clearing) with two faster parts
 * plugged into its public interfaces: {@link XmdSha256Expansion} for expand_message_xmd and
 * {@link P256SswuMap} for map_to_curve.
 *
 * <p>{@code HashToEllipticCurve.getInstance(P256_XMD_SHA_256, dst)} builds the same pipeline with
 * Bouncy Castle's parts; the whole hash then takes about 100 µs here instead of 40. The results
 * are identical, which the tests check.
 */
final class P256HashToCurve {

    /** RFC 9380 §8.2: L = ceil((ceil(log2(p)) + k) / 8) = 48 bytes per field element. */
    private static final int FIELD_ELEMENT_BYTES = 48;

    private P256HashToCurve() {
    }

    /**
     * A new hasher for domain separation tag {@code dst} (at most 255 bytes). Not thread-safe: the
     * message expansion keeps a digest as working state.
     */
    static HashToEllipticCurve create(ECCurve curve, byte[] dst) {
        // RFC 9380 §5.2 hash_to_field with §5.3.1 expand_message_xmd(SHA-256).
        HashToField hashToField = new HashToField(dst, curve, new XmdSha256Expansion(), FIELD_ELEMENT_BYTES);
        // The constructor is protected: Bouncy Castle expects custom pipelines to subclass.
        return new HashToEllipticCurve(hashToField, new P256SswuMap(curve), new NistCurveProcessor()) {
        };
    }
}
