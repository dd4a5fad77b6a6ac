package org.leakcheck.loader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.loader.LeakFixture;
import org.leakcheck.protocol.keys.KeyIds;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.keys.PinnedKey;

/** keygen writes the secret key file and the public-key file of spec §4.4. Needs nothing. */
class KeygenCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesASecretKeyFileOnlyItsOwnerCanRead() throws Exception {
        Path key = dir.resolve("key.json");
        assertEquals(0, run("keygen", "--out", key.toString()).exit());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        KeyMaterial parsed = KeyMaterial.parse(Files.readString(key));
        assertTrue(KeyIds.isValid(parsed.keyId()), "a 16-hex key id");
    }

    @Test
    void writesThePublicKeyFileBesideItReadableByAll() throws Exception {
        Path key = dir.resolve("key.json");
        assertEquals(0, run("keygen", "--out", key.toString()).exit());
        Path pub = dir.resolve("key.pub.json");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pub)));
        PinnedKey pinned = PinnedKey.parse(Files.readString(pub));
        KeyMaterial secret = KeyMaterial.parse(Files.readString(key));
        assertEquals(secret.publicKey(), pinned);
        assertEquals(secret.keyId(), pinned.keyId());
        assertFalse(Files.readString(pub).contains("seed"), "no secret in the public file");
    }

    @Test
    void namesThePublicKeyFileAfterTheSecretOne() {
        assertEquals(Path.of("d", "key.pub.json"), KeygenCommand.publicKeyFile(Path.of("d", "key.json")));
        assertEquals(Path.of("d", "oprf.key.pub.json"), KeygenCommand.publicKeyFile(Path.of("d", "oprf.key")));
        assertEquals(Path.of("prod.pub.json"), KeygenCommand.publicKeyFile(Path.of("prod.json")));
    }

    @Test
    void printsTheKeyIdAndBothPathsButNeverTheSeed() throws Exception {
        Path key = dir.resolve("key.json");
        LeakFixture.Run run = run("keygen", "--out", key.toString());
        KeyMaterial parsed = KeyMaterial.parse(Files.readString(key));
        java.util.regex.Matcher seedField = java.util.regex.Pattern.compile("\"seed\": \"([^\"]+)\"")
                .matcher(Files.readString(key));
        assertTrue(seedField.find());
        String seed = seedField.group(1);
        assertTrue(run.err().contains("key id " + parsed.keyId()), run.err());
        assertTrue(run.err().contains(key.toString()), run.err());
        assertTrue(run.err().contains(dir.resolve("key.pub.json").toString()), run.err());
        assertEquals(43, seed.length(), "32 bytes in base64url");
        assertFalse(run.all().contains(seed));
    }

    @Test
    void refusesToOverwriteAKeyWithoutForce() throws Exception {
        Path key = dir.resolve("key.json");
        Path pub = dir.resolve("key.pub.json");
        run("keygen", "--out", key.toString());
        String before = Files.readString(key);
        String pubBefore = Files.readString(pub);
        LeakFixture.Run second = run("keygen", "--out", key.toString());
        assertEquals(2, second.exit());
        assertTrue(second.err().contains("--force"));
        assertEquals(before, Files.readString(key));
        assertEquals(pubBefore, Files.readString(pub));

        assertEquals(0, run("keygen", "--out", key.toString(), "--force").exit());
        assertFalse(before.equals(Files.readString(key)), "--force replaces the key");
        assertEquals(KeyMaterial.parse(Files.readString(key)).publicKey(), PinnedKey.parse(Files.readString(pub)),
                "and its public key with it");
    }

    @Test
    void refusesToOverwriteAPublicKeyFileOfAnotherKey() throws Exception {
        Path pub = dir.resolve("key.pub.json");
        Files.writeString(pub, "kept");
        LeakFixture.Run run = run("keygen", "--out", dir.resolve("key.json").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains(pub.toString()), run.err());
        assertEquals("kept", Files.readString(pub));
        assertFalse(Files.exists(dir.resolve("key.json")));
    }

    @Test
    void printsTheSecretsManagerJsonOnlyWhenAsked() throws Exception {
        Path key = dir.resolve("key.json");
        LeakFixture.Run quiet = run("keygen", "--out", key.toString());
        assertEquals("", quiet.out());
        LeakFixture.Run loud = run("keygen", "--out", dir.resolve("other.json").toString(), "--secrets-manager-json");
        assertEquals(Files.readString(dir.resolve("other.json")), loud.out());
    }

    @Test
    void helpTeachesWithAnExample() {
        LeakFixture.Run help = run("keygen", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Example"));
        assertTrue(help.out().contains("keygen --out key.json"));
        assertTrue(help.out().contains("0600") && help.out().contains("0644"));
        assertTrue(help.out().contains(".pub.json"));
    }

    private static LeakFixture.Run run(String... args) {
        return LeakFixture.cli(args);
    }
}
