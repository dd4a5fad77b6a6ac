package org.leakcheck.protocol.keys;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.lookup.PaddingFiller;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;

/**
 * The operator's secret ({@code docs/protocol.md} §4.1, §4.4): a 32-byte seed, from which the
 * VOPRF key pair, the key id and the padding key derive. The key file written by {@code keygen}
 * (mode 0600) and the AWS Secrets Manager secret hold the same JSON:
 *
 * <pre>
 * {"keyId": "3f9a0c1e5b7d2a41", "suite": "P256-SHA256", "mode": "VOPRF", "seed": "&lt;base64url, 32 bytes&gt;"}
 * </pre>
 *
 * Parsing is strict and its errors never contain the input. Never log this object's JSON.
 */
public final class KeyMaterial {
    private static final int SEED_SIZE = 32;
    private static final Set<String> FIELDS = Set.of("keyId", "suite", "mode", "seed");

    private final byte[] seed;
    private final OprfKey key;
    private final PinnedKey publicKey;

    private KeyMaterial(byte[] seed) {
        if (seed.length != SEED_SIZE) {
            throw new IllegalArgumentException("key: seed must be " + SEED_SIZE + " bytes");
        }
        this.seed = seed.clone();
        this.key = Oprf.VERIFIABLE.deriveKeyPair(this.seed, Labels.KEY_INFO.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        this.publicKey = PinnedKey.of(key.publicKey());
    }

    /** The key material of a seed (32 secret bytes): {@code DeriveKeyPair(seed, KEY_INFO)} in mode 0x01. */
    public static KeyMaterial fromSeed(byte[] seed) {
        return new KeyMaterial(seed);
    }

    /** A fresh key: 32 random bytes of seed. */
    public static KeyMaterial generate(SecureRandom random) {
        byte[] seed = new byte[SEED_SIZE];
        random.nextBytes(seed);
        try {
            return new KeyMaterial(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The public key id, {@code hex(SHA-256(pkS)[0..8))}. */
    public String keyId() {
        return publicKey.keyId();
    }

    /** The VOPRF private key skS. Secret. */
    public OprfKey key() {
        return key;
    }

    /** The public key, as clients pin it. */
    public PinnedKey publicKey() {
        return publicKey;
    }

    /** The padding key of §4.1 (filler and load ids). Secret. */
    public byte[] paddingKey() {
        return PaddingFiller.paddingKey(seed);
    }

    /** The JSON document of the key file and of the secret. Secret: never log it. */
    public String toJson() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("keyId", keyId());
        fields.put("suite", Oprf.SUITE);
        fields.put("mode", PinnedKey.MODE);
        fields.put("seed", Base64Url.encode(seed));
        return KeyFileJson.write(fields);
    }

    /**
     * Parses a key file or secret.
     *
     * @throws IllegalArgumentException naming the rule broken (never the content)
     */
    public static KeyMaterial parse(String json) {
        Map<String, String> fields = KeyFileJson.parse(json, FIELDS, "key");
        checkSuite(fields, "key");
        KeyMaterial material = new KeyMaterial(decode(fields.get("seed"), "key: seed"));
        if (!material.keyId().equals(fields.get("keyId"))) {
            throw new IllegalArgumentException("key: keyId is not the id of the key this seed derives");
        }
        return material;
    }

    static void checkSuite(Map<String, String> fields, String what) {
        if (!Oprf.SUITE.equals(fields.get("suite"))) {
            throw new IllegalArgumentException(what + ": suite must be " + Oprf.SUITE);
        }
        if (!PinnedKey.MODE.equals(fields.get("mode"))) {
            throw new IllegalArgumentException(what + ": mode must be " + PinnedKey.MODE);
        }
    }

    static byte[] decode(String text, String field) {
        try {
            return Base64Url.decode(text);
        } catch (Base64Url.InvalidException e) {
            throw new IllegalArgumentException(field + " is not strict base64url [" + e.rule().code() + "]");
        }
    }

    @Override
    public String toString() {
        return "KeyMaterial[keyId=" + keyId() + ", private=<redacted>]";
    }
}
