package org.leakcheck.function.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leakcheck.function.support.TestKeys;
import org.leakcheck.protocol.keys.KeyMaterial;

/** Configuration from the environment: defaults, and errors that name the variable (never a value). */
class LambdaEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void readsTheKeyFromAKeyFileWhenNoSecretIsConfigured() throws IOException {
        KeyMaterial key = TestKeys.key();
        Path file = Files.writeString(dir.resolve("oprf.key"), key.toJson());
        KeyMaterial read = new LambdaEnvironment(Map.of(LambdaEnvironment.KEY_FILE, file.toString())).evaluateKey();
        assertEquals(key.keyId(), read.keyId());
    }

    @Test
    void saysWhichVariableIsMissing() {
        IllegalStateException noKey = assertThrows(IllegalStateException.class,
                () -> new LambdaEnvironment(Map.of()).evaluateKey());
        assertTrue(noKey.getMessage().contains(LambdaEnvironment.KEY_SECRET_ARN));
        IllegalStateException noRegion = assertThrows(IllegalStateException.class,
                () -> new LambdaEnvironment(Map.of(LambdaEnvironment.TABLE, "t-table")).bucketSource());
        assertTrue(noRegion.getMessage().contains("AWS_REGION"));
    }

    @Test
    void bucketBitsDefaultTo12AndMustBeInRange() {
        assertEquals(12, new LambdaEnvironment(Map.of()).bucketsConfig().bucketBits());
        assertEquals(16, new LambdaEnvironment(Map.of(LambdaEnvironment.BUCKET_BITS, "16")).bucketsConfig().bucketBits());
        for (String bad : new String[] {"0", "25", "twelve", "-1"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new LambdaEnvironment(Map.of(LambdaEnvironment.BUCKET_BITS, bad)).bucketsConfig());
            assertTrue(e.getMessage().contains(LambdaEnvironment.BUCKET_BITS));
            assertFalse(e.getMessage().contains(": " + bad), "the value is not repeated");
        }
    }

    @Test
    void blankOrUnsetKeyIdCountsAsNone() {
        assertEquals(Optional.empty(), new LambdaEnvironment(Map.of(LambdaEnvironment.KEY_ID, "  ")).bucketsConfig().keyId());
        assertEquals(Optional.of("k-1"), new LambdaEnvironment(Map.of(LambdaEnvironment.KEY_ID, "k-1")).bucketsConfig().keyId());
        assertEquals(Optional.empty(), new LambdaEnvironment(Map.of(LambdaEnvironment.KEY_ID, "unset")).bucketsConfig().keyId(),
                "the CDK stack's placeholder for a key not yet in place");
    }

    @Test
    void anInvalidKeyFileIsReportedWithoutItsContent() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.key"), "{\"keyId\": \"k-1\", \"suite\": \"P256-SHA256\", \"privateKey\": \"c2VjcmV0\"}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeySources.fromFile(file));
        assertTrue(e.getMessage().startsWith("key file "), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"));
    }
}
