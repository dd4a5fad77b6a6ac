package org.leakcheck.protocol.keys;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.oprf.Elements;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfException;

/**
 * The public key a client expects the service to use ({@code docs/protocol.md} §4.3), as the
 * public-key file the loader writes beside the key file:
 *
 * <pre>
 * {"keyId": "3f9a0c1e5b7d2a41", "suite": "P256-SHA256", "mode": "VOPRF", "publicKey": "&lt;base64url, 33 bytes&gt;"}
 * </pre>
 *
 * @param publicKey the 33-byte serialized public key pkS, a valid P-256 point
 * @param keyId     its key id, {@link KeyIds#of}
 */
public record PinnedKey(byte[] publicKey, String keyId) {
    static final String MODE = "VOPRF";
    private static final Set<String> FIELDS = Set.of("keyId", "suite", "mode", "publicKey");

    /** Checks the point and that the key id is its hash. */
    public PinnedKey {
        try {
            Elements.validate(publicKey, "publicKey");
        } catch (OprfException e) {
            throw new IllegalArgumentException("public key: publicKey is not a valid P-256 point [" + e.rule().code() + "]");
        }
        publicKey = publicKey.clone();
        if (!KeyIds.of(publicKey).equals(keyId)) {
            throw new IllegalArgumentException("public key: keyId is not the hash of publicKey");
        }
    }

    /** The pinned key of a serialized public key, with its derived key id. */
    public static PinnedKey of(byte[] publicKey) {
        return new PinnedKey(publicKey, KeyIds.of(publicKey));
    }

    /** True when {@code other} (33 bytes, e.g. from {@code /v2/info}) is this key, compared in constant time. */
    public boolean matches(byte[] other) {
        return other != null && java.security.MessageDigest.isEqual(publicKey, other);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The public key in base64url without padding, as {@code /v2/info} publishes it. */
    public String publicKeyBase64Url() {
        return Base64Url.encode(publicKey);
    }

    /** The public-key file. Public: safe to publish, commit and log. */
    public String toJson() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("keyId", keyId);
        fields.put("suite", Oprf.SUITE);
        fields.put("mode", MODE);
        fields.put("publicKey", publicKeyBase64Url());
        return KeyFileJson.write(fields);
    }

    /**
     * Parses a public-key file.
     *
     * @throws IllegalArgumentException naming the rule broken
     */
    public static PinnedKey parse(String json) {
        Map<String, String> fields = KeyFileJson.parse(json, FIELDS, "public key");
        KeyMaterial.checkSuite(fields, "public key");
        return new PinnedKey(KeyMaterial.decode(fields.get("publicKey"), "public key: publicKey"), fields.get("keyId"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PinnedKey other && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "PinnedKey[keyId=" + keyId + "]";
    }
}
