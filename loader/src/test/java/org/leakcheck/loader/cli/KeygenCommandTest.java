package org.leakcheck.loader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.loader.LeakFixture;

class KeygenCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAKeyFileOnlyItsOwnerCanRead() throws Exception {
        Path key = dir.resolve("oprf.key");
        assertEquals(0, run("keygen", "--out", key.toString()).exit());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        KeyMaterial parsed = KeyMaterial.parse(Files.readString(key));
        assertTrue(parsed.keyId().startsWith("k-"));
    }

    @Test
    void refusesToOverwriteAKeyWithoutForce() throws Exception {
        Path key = dir.resolve("oprf.key");
        run("keygen", "--out", key.toString());
        String before = Files.readString(key);
        LeakFixture.Run second = run("keygen", "--out", key.toString());
        assertEquals(2, second.exit());
        assertTrue(second.err().contains("--force"));
        assertEquals(before, Files.readString(key));

        assertEquals(0, run("keygen", "--out", key.toString(), "--force").exit());
        assertTrue(!before.equals(Files.readString(key)), "--force replaces the key");
    }

    @Test
    void printsTheSecretsManagerJsonOnlyWhenAsked() throws Exception {
        Path key = dir.resolve("oprf.key");
        LeakFixture.Run quiet = run("keygen", "--out", key.toString());
        assertEquals("", quiet.out());
        LeakFixture.Run loud = run("keygen", "--out", dir.resolve("other.key").toString(), "--secrets-manager-json");
        assertEquals(Files.readString(dir.resolve("other.key")), loud.out());
    }

    @Test
    void helpTeachesWithAnExample() {
        LeakFixture.Run help = run("keygen", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Example"));
        assertTrue(help.out().contains("0600"));
    }

    private static LeakFixture.Run run(String... args) {
        return LeakFixture.cli(args);
    }
}
