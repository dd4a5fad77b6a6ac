package org.leakcheck.protocol.oprf;

import java.nio.charset.StandardCharsets;

/**
 * Fixed parameters of the one configuration we implement: RFC 9497 mode 0x00 (OPRF) with
 * the P256-SHA256 ciphersuite (§4.3). Every domain-separation tag is derived here from the
 * context string, so the labels exist in exactly one place.
 */
final class Suite {

    /** RFC 9497 §4.3: ciphersuite identifier. */
    static final String IDENTIFIER = "P256-SHA256";

    /** RFC 9497 §3.1: mode 0x00 is the base OPRF (neither verifiable nor partially oblivious). */
    static final int MODE_OPRF = 0x00;

    /** RFC 9497 §3.1: contextString = "OPRFV1-" || I2OSP(mode, 1) || "-" || identifier. */
    static final String CONTEXT_STRING = "OPRFV1-" + (char) MODE_OPRF + "-" + IDENTIFIER;

    /** RFC 9497 §4.3 HashToGroup: DST = "HashToGroup-" || contextString. */
    static final byte[] HASH_TO_GROUP_DST = ascii("HashToGroup-" + CONTEXT_STRING);

    /** RFC 9497 §3.2.1 DeriveKeyPair: DST = "DeriveKeyPair" || contextString (no dash). */
    static final byte[] DERIVE_KEY_PAIR_DST = ascii("DeriveKeyPair" + CONTEXT_STRING);

    /** RFC 9497 §3.3.1 Finalize and Evaluate: final label of the hash input. */
    static final byte[] FINALIZE_LABEL = ascii("Finalize");

    /** RFC 9497 §4.3: Ns, the length of a serialized scalar. */
    static final int SCALAR_LENGTH = 32;

    /** RFC 9497 §4.3: Ne, the length of a serialized element (compressed SEC1). */
    static final int ELEMENT_LENGTH = 33;


    /** RFC 9497 §3.2.1 and §5.1: lengths are encoded with I2OSP(len, 2). */
    static final int MAX_PREFIXED_LENGTH = 0xFFFF;

    private Suite() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
