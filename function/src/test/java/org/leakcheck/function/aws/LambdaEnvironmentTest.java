package org.leakcheck.function.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        Path file = Files.writeString(dir.resolve("key.json"), key.toJson());
        KeyMaterial read = new LambdaEnvironment(Map.of(LambdaEnvironment.KEY_FILE, file.toString())).evaluateKey();
        assertEquals(key.keyId(), read.keyId());
    }

    @Test
    void theBucketsFunctionGetsThePublicKeyFileNeverTheSecret() {
        KeyMaterial key = TestKeys.key();
        LambdaEnvironment env = new LambdaEnvironment(Map.of(LambdaEnvironment.PUBLIC_KEY, key.publicKey().toJson()));
        assertEquals(key.publicKey(), env.bucketsConfig().publicKey());
        IllegalStateException secret = assertThrows(IllegalStateException.class,
                () -> new LambdaEnvironment(Map.of(LambdaEnvironment.PUBLIC_KEY, key.toJson())).publicKey());
        assertTrue(secret.getMessage().contains(LambdaEnvironment.PUBLIC_KEY), secret.getMessage());
        assertFalse(secret.getMessage().contains(key.toJson()), "the value is not repeated");
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> new LambdaEnvironment(Map.of()).bucketsConfig());
        assertTrue(none.getMessage().contains(LambdaEnvironment.PUBLIC_KEY));
    }

    @Test
    void saysWhichVariableIsMissing() {
        IllegalStateException noKey = assertThrows(IllegalStateException.class,
                () -> new LambdaEnvironment(Map.of()).evaluateKey());
        assertTrue(noKey.getMessage().contains(LambdaEnvironment.KEY_SECRET_ARN));
        IllegalStateException noRegion = assertThrows(IllegalStateException.class,
                () -> new LambdaEnvironment(Map.of(LambdaEnvironment.TABLE, "t-table")).bucketTable());
        assertTrue(noRegion.getMessage().contains("AWS_REGION"));
    }

    @Test
    void thePartnerBatchLimitDefaultsToTheDocumentedMaximumAndIsFromQTo256() {
        assertEquals(256, new LambdaEnvironment(Map.of()).partnerBatchLimit().value());
        assertEquals(4, new LambdaEnvironment(Map.of(LambdaEnvironment.PARTNER_BATCH_LIMIT, "4")).partnerBatchLimit().value());
        assertEquals(100, new LambdaEnvironment(Map.of(LambdaEnvironment.PARTNER_BATCH_LIMIT, " 100 "))
                .partnerBatchLimit().value());
        for (String bad : new String[] {"0", "3", "257", "two", "-1"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new LambdaEnvironment(Map.of(LambdaEnvironment.PARTNER_BATCH_LIMIT, bad)).partnerBatchLimit());
            assertTrue(e.getMessage().contains(LambdaEnvironment.PARTNER_BATCH_LIMIT));
            assertFalse(e.getMessage().contains(": " + bad), "the value is not repeated");
        }
    }

    @Test
    void withoutASiteKeySecretEveryCheckedKeyIsARegisteredCallerAndNoSecretIsRead() {
        // No AWS_REGION either: reading a secret would fail, so none is read.
        assertTrue(new LambdaEnvironment(Map.of()).callers().registered("aPartnersOwnKeyValue0000000000000000000001"));
        assertFalse(new LambdaEnvironment(Map.of()).callers().registered(null));
    }

    @Test
    void anInvalidKeyFileIsReportedWithoutItsContent() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"),
                "{\"keyId\": \"0123456789abcdef\", \"suite\": \"P256-SHA256\", \"mode\": \"VOPRF\", \"seed\": \"c2VjcmV0\"}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KeySources.fromFile(file));
        assertTrue(e.getMessage().startsWith("key file "), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"));
    }
}
