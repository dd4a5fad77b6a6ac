package org.leakcheck.infrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.leakcheck.protocol.encoding.Base64Url;
import org.leakcheck.protocol.keys.KeyMaterial;

/**
 * Fixed OPRF keys for the tests, derived from constant seeds with the protocol's own
 * {@link KeyMaterial}, exactly as {@code loader keygen} derives a real one. Never deployed.
 */
final class TestKeys {
    /** The deployment's key in the "custom" app. */
    static final KeyMaterial KEY = KeyMaterial.fromSeed(seed(1));
    /** {@link #KEY}'s seed as the key file writes it: the text that must never reach a template. */
    static final String KEY_SEED_TEXT = Base64Url.encode(seed(1));
    /** Another key: a site or a key id of another key pair. */
    static final KeyMaterial OTHER = KeyMaterial.fromSeed(seed(101));

    private TestKeys() {
    }

    private static byte[] seed(int first) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (first + i);
        }
        return seed;
    }

    /** Writes the public-key file of {@code key} (what keygen writes as K.pub.json) into {@code dir}. */
    static Path publicKeyFile(KeyMaterial key, Path dir) {
        return write(dir.resolve(key.keyId() + ".pub.json"), key.publicKey().toJson());
    }

    /** Writes the secret key file of {@code key} (what keygen writes as K.json) into {@code dir}. */
    static Path secretKeyFile(KeyMaterial key, Path dir) {
        return write(dir.resolve(key.keyId() + ".json"), key.toJson());
    }

    /** A built site as website/build.mjs writes it: app.js holds the pinned key's id and public key. */
    static Path siteFor(KeyMaterial key, Path dir) {
        write(dir.resolve("index.html"), "<!doctype html><script type=\"module\" src=\"app.js\"></script>\n");
        write(dir.resolve("app.js"), "const p={keyId:\"" + key.keyId() + "\",publicKey:\""
                + key.publicKey().publicKeyBase64Url() + "\"};export{p};\n");
        return dir;
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
