package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The edge token (issue "No bypass": the site key must stop mattering): the origin-request function
 * on /v2/evaluate, its secret's policy, and who may read it. Default, custom and LocalStack apps,
 * offline.
 */
class EdgeTokenTest {
    private final TestApps.Synthesized app = TestApps.defaults();
    private final LeakcheckStack main = app.stacks().main();

    private String edgeId(software.constructs.IConstruct construct) {
        return TestApps.logicalId(app.stacks().edge(), construct);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> behaviours(TestApps.Synthesized synthesized) {
        Map<String, Object> distribution = TemplateJson.properties(TemplateJson.ofType(synthesized.mainJson(),
                "AWS::CloudFront::Distribution").values().iterator().next());
        return (List<Map<String, Object>>) ((Map<String, Object>) distribution.get("DistributionConfig"))
                .get("CacheBehaviors");
    }

    @Test
    @SuppressWarnings("unchecked")
    void associatesTheEdgeFunctionWithTheEvaluateBehaviourAtOriginRequestOnly() {
        for (TestApps.Synthesized synthesized : List.of(app, TestApps.custom())) {
            for (Map<String, Object> behaviour : behaviours(synthesized)) {
                List<Map<String, Object>> associations = (List<Map<String, Object>>) behaviour
                        .getOrDefault("LambdaFunctionAssociations", List.of());
                if (Website.EVALUATE_PATH.equals(behaviour.get("PathPattern"))) {
                    assertEquals(1, associations.size());
                    assertEquals("origin-request", associations.get(0).get("EventType"));
                    assertEquals(false, associations.get(0).get("IncludeBody"), "the token needs no body");
                    assertNotNull(associations.get(0).get("LambdaFunctionARN"));
                } else {
                    assertEquals(List.of(), associations, "only evaluate is capped: " + behaviour.get("PathPattern"));
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsTheEdgeFunctionInUsEast1WithoutEnvironmentFromAPublishedVersion() {
        EdgeTokenFunction edge = app.stacks().edge().edgeToken();
        assertEquals("us-east-1", app.stacks().edge().getRegion());
        Map<String, Object> fn = TemplateJson.properties(TemplateJson.resources(app.edgeJson())
                .get(edgeId(edge.function())));
        assertEquals("Leakcheck-prod-edge-origin-request", fn.get("FunctionName"));
        assertFalse(fn.containsKey("Environment"), "Lambda@Edge allows no environment variables");
        assertEquals(List.of("x86_64"), fn.getOrDefault("Architectures", List.of("x86_64")));
        String code = (String) ((Map<String, Object>) fn.get("Code")).get("ZipFile");
        assertTrue(code.contains("SecretId: SECRET_ID") && code.contains("'Leakcheck-prod-edge-token'"), code);
        assertTrue(code.contains("region: 'eu-west-3'"), "the secret's region, a literal");
        assertTrue(code.contains("request.headers['x-leakcheck-edge']"));
        assertTrue(code.contains("status: '503'"), "no evaluation reaches the origin without the token");
        assertFalse(code.contains("console.log"), "the function logs nothing per request");
        app.edge().resourceCountIs("AWS::Lambda::Version", 1);
        String trust = new ObjectMapper().valueToTree(TemplateJson.properties(TemplateJson.resources(app.edgeJson())
                .get(edgeId(edge.role())))).toString();
        assertTrue(trust.contains("edgelambda.amazonaws.com"), trust);
    }

    @Test
    @SuppressWarnings("unchecked")
    void generatesTheTokenInSecretsManagerAndGivesItToEvaluate() {
        Map<String, Object> secret = TemplateJson.properties(TemplateJson.resources(app.mainJson())
                .get(app.id(main.edgeToken().secret())));
        assertEquals("Leakcheck-prod-edge-token", secret.get("Name"));
        assertTrue(secret.containsKey("GenerateSecretString"));
        assertFalse(secret.containsKey("SecretString"), "the token is never in the template");
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) TemplateJson.properties(
                TemplateJson.resources(app.mainJson()).get(app.id(main.evaluate().function()))).get("Environment"))
                .get("Variables");
        assertEquals(Map.of("Ref", app.id(main.edgeToken().secret())), env.get(LeakcheckStack.ENV_EDGE_TOKEN_SECRET_ARN));
        Map<String, Object> bucketsEnv = (Map<String, Object>) ((Map<String, Object>) TemplateJson.properties(
                TemplateJson.resources(app.mainJson()).get(app.id(main.buckets().function()))).get("Environment"))
                .get("Variables");
        assertFalse(bucketsEnv.containsKey(LeakcheckStack.ENV_EDGE_TOKEN_SECRET_ARN));
    }

    @Test
    void deniesTheTokenToEveryPrincipalButEvaluateAndTheEdgeFunction() {
        SecretPolicies.Deny deny = SecretPolicies.denyOf(app, main.edgeToken(), main.edgeToken().secret());
        assertEquals(List.of("secretsmanager:GetSecretValue"), deny.actions());
        List<Object> exempt = deny.exempt();
        assertEquals(2, exempt.size());
        assertTrue(TemplateJson.references(exempt.get(0), app.id(main.evaluate().role())));
        String edgeRole = new ObjectMapper().valueToTree(exempt.get(1)).toString();
        assertTrue(edgeRole.contains(":role/Leakcheck-prod-edge-origin-request"), edgeRole);
        // The edge role really has that name, so the exemption is the function's role and nobody else's.
        Map<String, Object> role = TemplateJson.properties(TemplateJson.resources(app.edgeJson())
                .get(edgeId(app.stacks().edge().edgeToken().role())));
        assertEquals("Leakcheck-prod-edge-origin-request", role.get("RoleName"));
        for (software.amazon.awscdk.services.iam.IRole other : List.of(main.buckets().role(),
                main.operators().loader(), main.operators().keyCustodian())) {
            assertFalse(TemplateJson.references(exempt, app.id(other)));
        }
    }

    @Test
    void letsNoRoleButEvaluateReadTheTokenInTheMainStackAndOnlyTheEdgeRoleInTheEdgeStack() {
        String secretId = app.id(main.edgeToken().secret());
        TemplateJson.ofType(app.mainJson(), "AWS::IAM::Role").keySet().forEach(roleId -> {
            boolean reads = TemplateJson.statementsOf(app.mainJson(), roleId).stream()
                    .filter(s -> TemplateJson.actions(s).stream().anyMatch(a -> a.startsWith("secretsmanager:")))
                    .anyMatch(s -> TemplateJson.references(s.get("Resource"), secretId) || "*".equals(s.get("Resource")));
            assertEquals(roleId.equals(app.id(main.evaluate().role())), reads, roleId);
        });
        String edgeRole = edgeId(app.stacks().edge().edgeToken().role());
        TemplateJson.ofType(app.edgeJson(), "AWS::IAM::Role").keySet().forEach(roleId -> {
            boolean reads = TemplateJson.statementsOf(app.edgeJson(), roleId).stream()
                    .anyMatch(s -> TemplateJson.actions(s).contains("secretsmanager:GetSecretValue"));
            assertEquals(roleId.equals(edgeRole), reads, roleId);
        });
        String pattern = new ObjectMapper().valueToTree(TemplateJson.statementsOf(app.edgeJson(), edgeRole).stream()
                .filter(s -> TemplateJson.actions(s).contains("secretsmanager:GetSecretValue")).findFirst()
                .orElseThrow().get("Resource")).toString();
        assertTrue(pattern.contains(":secretsmanager:eu-west-3:") && pattern.contains(":secret:Leakcheck-prod-edge-token-??????"),
                pattern);
    }

    @Test
    void hasNoEdgeTokenOnLocalStack() {
        assertEquals(null, TestApps.localstack().stacks().main().edgeToken());
    }
}
