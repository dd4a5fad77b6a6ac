package org.leakcheck.loader.load.spill;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that encrypts a load's temporary files: {@code AES-256 key = HMAC-SHA256(paddingKey,
 * LABEL || salt)}, the padding key being the load key's secret of {@code docs/protocol.md} §4.1
 * and the salt 16 random bytes of the work directory. A rerun with the same key file derives the
 * same key and can resume; the files alone, without the key file, are pseudorandom bytes.
 *
 * <p>Each file is AES-CTR under its own random 16-byte IV, written in clear at the head of the file.
 * Confidentiality is what matters here: whoever can change the files can change the loader too.
 */
public final class SpillKey {
    /** Domain separation from every other use of the padding key. */
    static final byte[] LABEL = "leakcheck spill v1".getBytes(StandardCharsets.US_ASCII);
    public static final int SALT_SIZE = 16;
    static final int IV_SIZE = 16;

    private final SecretKeySpec key;
    private final SecureRandom random;

    private SpillKey(SecretKeySpec key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    /** The key of the work directory whose salt is {@code salt}, for the load key's padding key. */
    public static SpillKey derive(byte[] paddingKey, byte[] salt, SecureRandom random) {
        if (salt.length != SALT_SIZE) {
            throw new IllegalArgumentException("spill salt must be " + SALT_SIZE + " bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(paddingKey, "HmacSHA256"));
            mac.update(LABEL);
            return new SpillKey(new SecretKeySpec(mac.doFinal(salt), "AES"), random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** A fresh IV for a new file. */
    byte[] newIv() {
        byte[] iv = new byte[IV_SIZE];
        random.nextBytes(iv);
        return iv;
    }

    /** AES-CTR under this key and {@code iv}; CTR encrypts and decrypts alike. */
    Cipher cipher(byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is required by every Java platform", e);
        }
    }
}
