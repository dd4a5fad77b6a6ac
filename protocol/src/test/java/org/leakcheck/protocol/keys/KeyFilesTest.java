package org.leakcheck.protocol.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key-file reader names the file and the rule, never the content. Needs a temporary directory. */
class KeyFilesTest {
    private static final KeyMaterial KEY = KeyMaterial.generate(new SecureRandom());

    @TempDir
    Path dir;

    @Test
    void readsTheKeyFileAndThePublicKeyFileKeygenWrites() throws Exception {
        Path secret = Files.writeString(dir.resolve("key.json"), KEY.toJson());
        Path pub = Files.writeString(dir.resolve("key.pub.json"), KEY.publicKey().toJson());
        assertEquals(KEY.keyId(), KeyFiles.readSecret(secret).keyId());
        assertEquals(KEY.publicKey(), KeyFiles.readPublic(pub));
    }

    @Test
    void anInvalidKeyFileIsNamedWithoutItsContent() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.json"),
                "{\"keyId\": \"0123456789abcdef\", \"suite\": \"P256-SHA256\", \"mode\": \"VOPRF\", \"seed\": \"c2VjcmV0\"}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyFiles.readSecret(file));
        assertTrue(e.getMessage().startsWith("key file " + file + " is invalid: key: "), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"));
    }

    @Test
    void aSecretKeyFileIsNotAPublicKeyFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("key.json"), KEY.toJson());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeyFiles.readPublic(secret));
        assertTrue(e.getMessage().startsWith("public-key file " + secret + " is not a valid public-key file: "),
                e.getMessage());
        String seed = KEY.toJson().replaceAll("(?s).*\"seed\": \"([^\"]+)\".*", "$1");
        assertFalse(e.getMessage().contains(seed), "the seed is never quoted");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("absent.json");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> KeyFiles.readSecret(missing));
        assertEquals(missing.toString(), e.getMessage());
    }
}
