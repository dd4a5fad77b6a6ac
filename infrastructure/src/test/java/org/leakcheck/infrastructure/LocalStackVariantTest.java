package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The variant deployed to LocalStack: API, functions, table and secret, without CloudFront, WAF or
 * SnapStart, which LocalStack's free tier does not run. Offline.
 */
class LocalStackVariantTest {
    private final TestApps.Synthesized app = TestApps.localstack();

    @Test
    void isOneStackWithoutEdgeResources() {
        assertNull(app.stacks().edge());
        for (String type : List.of("AWS::CloudFront::Distribution", "AWS::WAFv2::WebACL",
                "AWS::WAFv2::WebACLAssociation", "AWS::S3::Bucket",
                "Custom::CDKBucketDeployment", "AWS::ApiGateway::UsagePlan")) {
            app.main().resourceCountIs(type, 0);
        }
    }

    @Test
    void keepsTheApiTableSecretAndBothRoles() {
        app.main().resourceCountIs("AWS::ApiGateway::Method", 4);
        app.main().resourceCountIs("AWS::DynamoDB::Table", 2);
        app.main().resourceCountIs("AWS::SecretsManager::Secret", 1);
        app.main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LeakcheckStack.EVALUATE_HANDLER, "Runtime", "java21", "Architectures", List.of("x86_64")));
    }

    @Test
    void callsTheApiWithoutKeysAndRunsWithoutSnapStart() {
        TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::Method").values()
                .forEach(m -> assertEquals(false, TemplateJson.properties(m).get("ApiKeyRequired")));
        TemplateJson.ofType(app.mainJson(), "AWS::Lambda::Function").values()
                .forEach(f -> assertFalse(TemplateJson.properties(f).containsKey("SnapStart")));
        assertFalse(app.stacks().main().getTerminationProtection());
    }
}
