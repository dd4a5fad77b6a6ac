package org.leakcheck.protocol.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leakcheck.protocol.lookup.Labels;
import org.leakcheck.protocol.oprf.Oprf;
import org.leakcheck.protocol.oprf.OprfKey;

/**
 * The OPRF key as the operator stores it: the key file written by {@code keygen} (mode 0600) and
 * the AWS Secrets Manager secret hold the same JSON, read by the loader and the evaluate function.
 *
 * <pre>
 * {"keyId": "k-20261129-3f9a0c1e", "suite": "P256-SHA256", "privateKey": "&lt;base64url, 32-byte scalar&gt;"}
 * </pre>
 *
 * The key id is public (it is in {@code /v1/info} and every evaluation) and derived from the public
 * key, so it can never reveal the private scalar. Parsing is strict and its errors never contain
 * the input.
 */
public record KeyMaterial(String keyId, OprfKey key) {
    private static final Pattern FIELD = Pattern.compile("\\s*\"(keyId|suite|privateKey)\"\\s*:\\s*\"([A-Za-z0-9_\\-]{1,100})\"\\s*");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public KeyMaterial {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key: keyId must be 1 to 64 characters of A-Z, a-z, 0-9 and '-'");
        }
    }

    /** A fresh key: RFC 9497 DeriveKeyPair from 32 random bytes with {@code info = KEY_INFO}, and its key id. */
    public static KeyMaterial generate(SecureRandom random, LocalDate today) {
        OprfKey key = Oprf.generateKey(random, Labels.KEY_INFO.getBytes(StandardCharsets.US_ASCII));
        return new KeyMaterial(keyIdFor(key, today), key);
    }

    /** {@code k-YYYYMMDD-} and the first 4 bytes of SHA-256(public key) in hex. */
    public static String keyIdFor(OprfKey key, LocalDate created) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.publicKey());
            return "k-" + created.toString().replace("-", "") + "-" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The JSON document of the key file and of the secret. Secret: never log it. */
    public String toJson() {
        return "{\"keyId\": \"" + keyId + "\", \"suite\": \"" + Oprf.SUITE + "\", \"privateKey\": \""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(key.serialize()) + "\"}\n";
    }

    /**
     * Parses a key file or secret.
     *
     * @throws IllegalArgumentException naming the rule broken (never the content)
     */
    public static KeyMaterial parse(String json) {
        String body = json.strip();
        if (!body.startsWith("{") || !body.endsWith("}")) {
            throw new IllegalArgumentException("key: not a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : body.substring(1, body.length() - 1).split(",", -1)) {
            Matcher m = FIELD.matcher(part);
            if (!m.matches() || fields.put(m.group(1), m.group(2)) != null) {
                throw new IllegalArgumentException("key: expected exactly the string fields keyId, suite and privateKey");
            }
        }
        if (fields.size() != 3) {
            throw new IllegalArgumentException("key: expected exactly the string fields keyId, suite and privateKey");
        }
        if (!Oprf.SUITE.equals(fields.get("suite"))) {
            throw new IllegalArgumentException("key: suite must be " + Oprf.SUITE);
        }
        byte[] scalar;
        try {
            scalar = Base64.getUrlDecoder().decode(fields.get("privateKey"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key: privateKey is not base64url");
        }
        return new KeyMaterial(fields.get("keyId"), OprfKey.deserialize(scalar));
    }

    @Override
    public String toString() {
        return "KeyMaterial[keyId=" + keyId + ", private=<redacted>]";
    }
}
