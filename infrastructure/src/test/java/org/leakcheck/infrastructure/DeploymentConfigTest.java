package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.leakcheck.protocol.keys.KeyIds;
import org.leakcheck.protocol.rules.RuleCases;
import org.leakcheck.protocol.keys.PinnedKey;

/** Reading and checking the CDK context parameters. Pure Java: no synthesis. */
class DeploymentConfigTest {
    @TempDir
    Path dir;

    private static DeploymentConfig read(Map<String, Object> context) {
        return DeploymentConfig.fromContext(context::get, Map.of());
    }

    private static InvalidParameterException rejects(String key, Object value) {
        Map<String, Object> context = new HashMap<>();
        context.put(key, value);
        return assertThrows(InvalidParameterException.class, () -> read(context));
    }

    @Test
    void defaultsToTheDocumentedValues() {
        DeploymentConfig config = read(Map.of());
        assertEquals("prod", config.stage());
        assertEquals("eu-west-3", config.region());
        assertEquals(DeploymentConfig.UNSET_KEY_ID, config.keyId());
        assertFalse(config.keyInSecret());
        assertEquals(Optional.empty(), config.publicKey());
        assertEquals(10, config.evaluateRatePerIp());
        assertEquals(600, config.evaluateRateWindowSeconds());
        assertEquals(100, config.dailyCapPerClient());
        assertEquals(2_000, config.partnerQuotaPerDay());
        assertEquals(10, config.partnerEvaluateRateLimit());
        assertEquals(256, config.partnerBatchLimit(), "the documented maximum");
        assertTrue(config.hstsIncludeSubdomains());
        assertEquals(1_024, config.lambdaMemoryMb());
        assertEquals("", config.allowedOrigin());
        assertEquals(Optional.empty(), config.alarmEmail());
        assertEquals(DeploymentConfig.DEFAULT_LAMBDA_JAR, config.lambdaJar());
        assertFalse(config.localstack());
    }

    @Test
    void readsPartnerContractsAsNamesWithTheirDailyQuotas() {
        assertEquals(List.of(), read(Map.of()).partnerContracts());
        assertEquals(List.of(new DeploymentConfig.PartnerContract("acme", 600_000),
                        new DeploymentConfig.PartnerContract("mutuelle-x", 500_000)),
                read(Map.of("partnerContracts", " acme:600000, mutuelle-x : 500000 ")).partnerContracts());
        assertEquals("MutuelleX", new DeploymentConfig.PartnerContract("mutuelle-x", 1).idSuffix());
    }

    @Test
    void rejectsMalformedOrRepeatedPartnerContracts() {
        for (String bad : List.of("acme", "acme:", "acme:0", "acme:-5", "acme:1.5", "acme:99999999999", "Acme:10",
                "acme-2024:10", "-acme:10", "acme:10,,x:10", "a:1:2", "acme:10,acme:20",
                "a-very-long-contract-name-of-a-mutuelle:10")) {
            assertEquals("partnerContracts", rejects("partnerContracts", bad).parameter(), bad);
        }
        String tooMany = java.util.stream.IntStream.rangeClosed(0, DeploymentConfig.MAX_PARTNER_CONTRACTS)
                .mapToObj(i -> "p" + i + ":10").collect(java.util.stream.Collectors.joining(","));
        assertEquals("partnerContracts", rejects("partnerContracts", tooMany).parameter());
    }

    @Test
    void takesAPartnerBatchLimitFromTheQOfThePageToTheDocumentedMaximum() {
        assertEquals(4, read(Map.of("partnerBatchLimit", "4")).partnerBatchLimit());
        assertEquals(64, read(Map.of("partnerBatchLimit", 64)).partnerBatchLimit());
        for (Object bad : List.of("3", "257", "0", "many", 1_000)) {
            InvalidParameterException e = rejects("partnerBatchLimit", bad);
            assertEquals("partnerBatchLimit", e.parameter(), String.valueOf(bad));
        }
        assertTrue(rejects("partnerBatchLimit", "257").getMessage().contains("from 4 to 256"));
    }

    @Test
    void acceptsStringsFromTheCommandLineAndNumbersFromCdkJson() {
        assertEquals(600, read(Map.of("evaluateRatePerIp", "600")).evaluateRatePerIp());
        assertEquals(600, read(Map.of("evaluateRatePerIp", 600)).evaluateRatePerIp());
        assertTrue(read(Map.of("localstack", "true")).localstack());
        assertTrue(read(Map.of("localstack", true)).localstack());
    }

    @Test
    void neverTakesTheRegionFromTheCallersProfile() {
        DeploymentConfig config = DeploymentConfig.fromContext(Map.<String, Object>of()::get,
                Map.of("CDK_DEFAULT_REGION", "us-east-1", "CDK_DEFAULT_ACCOUNT", "123456789012"));
        assertEquals("eu-west-3", config.region());
        assertEquals(Optional.of("123456789012"), config.account());
    }

    @Test
    void derivesTheAllowedOriginFromTheCustomDomain() {
        DeploymentConfig config = read(Map.of("domainName", "check.example.org", "certificateArn",
                "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-0123456789ab"));
        assertEquals("https://check.example.org", config.allowedOrigin());
    }

    @Test
    void rejectsAnIntegerParameterThatIsNotAnInteger() {
        InvalidParameterException e = rejects("lambdaMemoryMb", "lots");
        assertEquals("lambdaMemoryMb", e.parameter());
        assertTrue(e.getMessage().contains("must be an integer"));
        rejects("lambdaMemoryMb", 1024.5);
    }

    @Test
    void refusesEveryKeyIdThatTheProtocolsKeyIdsRefuses() {
        Path file = TestKeys.publicKeyFile(TestKeys.KEY, dir);
        List<String> cases = new ArrayList<>(RuleCases.KEY_IDS);
        cases.addAll(List.of(TestKeys.KEY.keyId().toUpperCase(Locale.ROOT), TestKeys.KEY.keyId().substring(1),
                TestKeys.KEY.keyId() + "0"));
        for (String keyId : cases.stream().filter(id -> !KeyIds.isValid(id)).toList()) {
            if (keyId.isBlank()) {
                continue;   // a blank context value is an absent one: keyId stays unset
            }
            InvalidParameterException e = assertThrows(InvalidParameterException.class,
                    () -> read(Map.of("keyId", keyId, "publicKeyFile", file.toString())), keyId);
            assertEquals("keyId", e.parameter());
            assertFalse(e.getMessage().contains(keyId), "messages name the rule, not the value");
        }
        assertTrue(KeyIds.isValid(TestKeys.KEY.keyId()));
        assertEquals(TestKeys.KEY.keyId(),
                read(Map.of("keyId", TestKeys.KEY.keyId(), "publicKeyFile", file.toString())).keyId());
    }

    @Test
    void takesThePublicKeyFromThePublicKeyFileThatKeygenWrites() {
        Path file = TestKeys.publicKeyFile(TestKeys.KEY, dir);
        DeploymentConfig config = read(Map.of("publicKeyFile", file.toString(), "keyId", TestKeys.KEY.keyId()));
        assertEquals(Optional.of(TestKeys.KEY.publicKey()), config.publicKey());
        assertTrue(config.keyInSecret());
        // First deployment: the public key is known, the secret is still empty.
        DeploymentConfig first = read(Map.of("publicKeyFile", file.toString()));
        assertEquals(Optional.of(TestKeys.KEY.publicKey()), first.publicKey());
        assertFalse(first.keyInSecret());
    }

    @Test
    void acceptsThePublicKeyInlineAsTextOrAsACdkJsonObject() throws Exception {
        String text = TestKeys.KEY.publicKey().toJson();
        assertEquals(Optional.of(TestKeys.KEY.publicKey()), read(Map.of("publicKey", text)).publicKey());
        Map<String, Object> object = new ObjectMapper().readValue(text, new TypeReference<Map<String, Object>>() { });
        assertEquals(Optional.of(TestKeys.KEY.publicKey()), read(Map.of("publicKey", object)).publicKey());
        assertEquals("publicKey", assertThrows(InvalidParameterException.class, () -> read(Map.of("publicKey", text,
                "publicKeyFile", TestKeys.publicKeyFile(TestKeys.KEY, dir).toString()))).parameter());
    }

    @Test
    void refusesAKeyIdThatIsNotThePublicKeysId() {
        Map<String, Object> context = Map.of("keyId", TestKeys.OTHER.keyId(),
                "publicKeyFile", TestKeys.publicKeyFile(TestKeys.KEY, dir).toString());
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> read(context));
        assertEquals("keyId", e.parameter());
        assertTrue(e.rule().contains("public key"));
    }

    @Test
    void refusesAKeyIdWithoutAPublicKey() {
        assertEquals("publicKeyFile", rejects("keyId", TestKeys.KEY.keyId()).parameter());
    }

    @Test
    void refusesTheSecretKeyFileInPlaceOfThePublicKeyFileWithoutShowingIt() {
        Path secret = TestKeys.secretKeyFile(TestKeys.KEY, dir);
        InvalidParameterException e = rejects("publicKeyFile", secret.toString());
        assertEquals("publicKeyFile", e.parameter());
        assertTrue(e.rule().contains("secret key file"));
        assertFalse(e.getMessage().contains(TestKeys.KEY_SEED_TEXT));
        InvalidParameterException inline = rejects("publicKey", TestKeys.KEY.toJson());
        assertFalse(inline.getMessage().contains(TestKeys.KEY_SEED_TEXT));
    }

    @Test
    void refusesAPublicKeyFileThatPinnedKeyRefuses() throws Exception {
        // A key id that is not the hash of the point, as PinnedKey.parse checks it.
        String tampered = TestKeys.KEY.publicKey().toJson().replace(TestKeys.KEY.keyId(), TestKeys.OTHER.keyId());
        Path file = Files.writeString(dir.resolve("tampered.pub.json"), tampered);
        assertThrows(IllegalArgumentException.class, () -> PinnedKey.parse(tampered));
        assertEquals("publicKeyFile", rejects("publicKeyFile", file.toString()).parameter());
        assertEquals("publicKeyFile", rejects("publicKeyFile", dir.resolve("absent.pub.json").toString()).parameter());
        assertEquals("publicKey", rejects("publicKey", "{\"keyId\": \"" + TestKeys.KEY.keyId() + "\"}").parameter());
    }

    @Test
    void rejectsAnEvaluateLimitLooserThanTheStageLimit() {
        Map<String, Object> context = Map.of("apiRateLimit", "100", "evaluateRateLimit", "200");
        assertEquals("evaluateRateLimit", assertThrows(InvalidParameterException.class, () -> read(context)).parameter());
    }

    @Test
    void rejectsACertificateOutsideUsEast1AndADomainWithoutCertificate() {
        Map<String, Object> wrongRegion = Map.of("domainName", "check.example.org", "certificateArn",
                "arn:aws:acm:eu-west-3:123456789012:certificate/0a1b2c3d-0000-4000-8000-0123456789ab");
        assertEquals("certificateArn",
                assertThrows(InvalidParameterException.class, () -> read(wrongRegion)).parameter());
        assertEquals("certificateArn", rejects("domainName", "check.example.org").parameter());
    }

    @Test
    void rejectsMalformedValuesWithoutEchoingThem() {
        InvalidParameterException e = rejects("alarmEmail", "not-an-address");
        assertFalse(e.getMessage().contains("not-an-address"), "messages name the rule, not the value");
        rejects("stage", "Prod!");
        rejects("allowedOrigin", "http://example.org");
        rejects("logRetentionDays", "31");
        rejects("evaluateRatePerIp", "5");
        rejects("evaluateRateWindowSeconds", "900");
        rejects("dailyCapPerClient", "3");
        rejects("hstsIncludeSubdomains", "maybe");
        rejects("lambdaMemoryMb", "64");
        rejects("localstack", "yes");
    }
}
