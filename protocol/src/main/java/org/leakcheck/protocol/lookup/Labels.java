package org.leakcheck.protocol.lookup;

import java.nio.charset.StandardCharsets;

/**
 * Domain-separation labels of protocol version 1. Every hash, HKDF and HMAC input in the lookup
 * protocol starts with one of these, so that no two derivations can ever collide. Changing any of
 * them is a protocol version change (see {@code docs/protocol.md}, "Labels").
 */
public final class Labels {
    /** Protocol version carried by {@code /v1/info}, the manifests and the labels. */
    public static final int PROTOCOL_VERSION = 1;

    public static final String BUCKET = "leakcheck-v1/bucket";
    public static final String FINGERPRINT = "leakcheck-v1/fingerprint";
    public static final String DETAILS = "leakcheck-v1/details";
    public static final String DATASET_TAG = "leakcheck-v1/dataset-tag";
    public static final String PADDING = "leakcheck-v1/padding";
    /** The {@code info} of RFC 9497 DeriveKeyPair for every production key. */
    public static final String KEY_INFO = "leakcheck-v1/oprf-key";

    private Labels() {
    }

    /** The label's bytes followed by a 0x00 separator and the dataset id, as used by the per-dataset derivations. */
    static byte[] withDataset(String label, String datasetId) {
        byte[] l = ascii(label);
        byte[] d = ascii(datasetId);
        byte[] out = new byte[l.length + 1 + d.length];
        System.arraycopy(l, 0, out, 0, l.length);
        System.arraycopy(d, 0, out, l.length + 1, d.length);
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
