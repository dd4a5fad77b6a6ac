package org.leakcheck.protocol.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Key ids ({@code docs/protocol.md} §4.1): {@code hex(SHA-256(pkS)[0..8))}, 16 lower-case hex
 * characters. A key id is a hash of the public key, so a client can check one against the other,
 * and it never reveals anything about the private key. The one rule for a key id, used by the key
 * files, the functions' configuration and the CDK app.
 */
public final class KeyIds {
    private static final Pattern VALID = Pattern.compile("[0-9a-f]{16}");
    private static final int BYTES = 8;

    private KeyIds() {
    }

    /** The key id of a 33-byte serialized public key. */
    public static String of(byte[] publicKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(publicKey);
            return HexFormat.of().formatHex(h, 0, BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** True when {@code keyId} has the form of a key id. */
    public static boolean isValid(String keyId) {
        return keyId != null && VALID.matcher(keyId).matches();
    }

    /** The sentence of the rule, for error messages. */
    public static String rule() {
        return "keyId must be 16 lower-case hex characters (the first 8 bytes of SHA-256 of the public key)";
    }
}
