package org.leakcheck.protocol.lookup;

import java.nio.charset.StandardCharsets;

/**
 * Domain-separation labels of protocol version 2 ({@code docs/protocol.md} §1). Every hash, HKDF
 * and HMAC input of the lookup protocol starts with one of these, so that no two derivations can
 * ever collide. Changing any of them is a protocol version change.
 */
public final class Labels {
    /** Protocol version carried by {@code /v2/info}, the manifests and the labels. */
    public static final int PROTOCOL_VERSION = 2;

    /** The {@code info} of RFC 9497 DeriveKeyPair for every production key (§4.1). */
    public static final String KEY_INFO = "leakcheck-v2/oprf-key";
    /** The padding key (§4.1) and each filler entry (§6.2). */
    public static final String PADDING = "leakcheck-v2/padding";
    /** The load id (§6.3). */
    public static final String LOAD = "leakcheck-v2/load";
    /** Each record of the content digest (§6.3). */
    public static final String CONTENT = "leakcheck-v2/content";
    public static final String BUCKET = "leakcheck-v2/bucket";
    public static final String FINGERPRINT = "leakcheck-v2/fingerprint";
    public static final String DETAILS = "leakcheck-v2/details";
    public static final String DATASET_TAG = "leakcheck-v2/dataset-tag";

    private Labels() {
    }

    /** {@code label || 0x00 || parts...}: the info or message of a derivation. */
    static byte[] with(String label, byte[]... parts) {
        byte[] l = ascii(label);
        int length = l.length + 1;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        System.arraycopy(l, 0, out, 0, l.length);
        int at = l.length + 1;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
