package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Reading and checking the CDK context parameters. Pure Java: no synthesis. */
class DeploymentConfigTest {

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
        assertEquals(12, config.bucketBits());
        assertEquals(300, config.evaluateRatePerIp());
        assertEquals(1_024, config.lambdaMemoryMb());
        assertEquals("", config.allowedOrigin());
        assertEquals(Optional.empty(), config.alarmEmail());
        assertEquals(DeploymentConfig.DEFAULT_LAMBDA_JAR, config.lambdaJar());
        assertFalse(config.localstack());
    }

    @Test
    void acceptsStringsFromTheCommandLineAndNumbersFromCdkJson() {
        assertEquals(16, read(Map.of("bucketBits", "16")).bucketBits());
        assertEquals(16, read(Map.of("bucketBits", 16)).bucketBits());
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
    void rejectsBucketBitsOutsideTheProtocolRange() {
        InvalidParameterException e = rejects("bucketBits", "25");
        assertEquals("bucketBits", e.parameter());
        assertTrue(e.getMessage().contains("from 1 to 24"));
        rejects("bucketBits", "0");
        rejects("bucketBits", "twelve");
        rejects("bucketBits", 12.5);
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
        rejects("lambdaMemoryMb", "64");
        rejects("localstack", "yes");
        rejects("keyId", "key id with spaces");
    }
}
