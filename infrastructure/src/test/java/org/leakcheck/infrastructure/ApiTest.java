package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.assertions.Match;

/** The REST API (issue "API"). Synthesizes the default and custom apps, offline. */
class ApiTest {
    private final TestApps.Synthesized app = TestApps.defaults();

    private Map<String, Map<String, Object>> resources() {
        return TemplateJson.resources(app.mainJson());
    }

    /** "/v2/buckets/{dataset}/{load}/{bucket}" for an AWS::ApiGateway::Resource, by walking ParentId. */
    @SuppressWarnings("unchecked")
    private String pathOf(Object resourceRef) {
        if (!(resourceRef instanceof Map<?, ?> ref) || !ref.containsKey("Ref")) {
            return "";
        }
        Map<String, Object> props = TemplateJson.properties(resources().get((String) ref.get("Ref")));
        return pathOf(props.get("ParentId")) + "/" + props.get("PathPart");
    }

    private Map<String, Object> method(software.amazon.awscdk.services.apigateway.Method method) {
        return TemplateJson.properties(resources().get(app.id(method)));
    }

    private Map<String, Object> stage() {
        return TemplateJson.properties(TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::Stage")
                .values().iterator().next());
    }

    @Test
    void isARegionalRestApi() {
        app.main().resourceCountIs("AWS::ApiGateway::RestApi", 1);
        app.main().hasResourceProperties("AWS::ApiGateway::RestApi", Map.of(
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL"))));
    }

    @Test
    void servesExactlyTheFourProtocolRoutes() {
        Set<String> routes = new HashSet<>();
        TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::Method").values().forEach(m -> {
            Map<String, Object> props = TemplateJson.properties(m);
            routes.add(props.get("HttpMethod") + " " + pathOf(props.get("ResourceId")));
        });
        assertEquals(Set.of("POST /v2/evaluate", "GET /v2/buckets/{dataset}/{load}/{bucket}", "GET /v2/info",
                "GET /v2/feed.json"), routes);
        app.main().resourceCountIs("AWS::ApiGateway::Method", 4);
    }

    @Test
    void keepsNoVersion1Resource() {
        Set<String> paths = new HashSet<>();
        TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::Resource").keySet()
                .forEach(id -> paths.add(pathOf(Map.of("Ref", id))));
        assertEquals(Set.of("/v2", "/v2/evaluate", "/v2/info", "/v2/feed.json", "/v2/buckets", "/v2/buckets/{dataset}",
                "/v2/buckets/{dataset}/{load}", "/v2/buckets/{dataset}/{load}/{bucket}"), paths);
    }

    @Test
    @SuppressWarnings("unchecked")
    void validatesTheEvaluateBodyAgainstASchemaOfOneTo256BlindedElements() {
        Map<String, Object> evaluate = method(app.stacks().main().api().evaluateMethod());
        Map<String, Object> validator = TemplateJson.properties(resources().get(
                ((Map<String, String>) evaluate.get("RequestValidatorId")).get("Ref")));
        assertEquals(true, validator.get("ValidateRequestBody"));
        String modelId = ((Map<String, String>) ((Map<String, Object>) evaluate.get("RequestModels"))
                .get("application/json")).get("Ref");
        Map<String, Object> schema = (Map<String, Object>) TemplateJson.properties(resources().get(modelId)).get("Schema");
        assertEquals(List.of("blindedElements"), schema.get("required"));
        assertEquals(false, schema.get("additionalProperties"));
        assertEquals(Set.of("blindedElements"), ((Map<String, Object>) schema.get("properties")).keySet());
        Map<String, Object> elements = (Map<String, Object>) ((Map<String, Object>) schema.get("properties"))
                .get("blindedElements");
        assertEquals("array", elements.get("type"));
        assertEquals(1, ((Number) elements.get("minItems")).intValue());
        assertEquals(256, ((Number) elements.get("maxItems")).intValue(), "the documented maximum (protocol §7.2)");
        Map<String, Object> element = (Map<String, Object>) elements.get("items");
        assertEquals("string", element.get("type"));
        assertEquals(PublicApi.BLINDED_ELEMENT_PATTERN, element.get("pattern"));
        assertEquals(44, ((Number) element.get("minLength")).intValue());
        assertEquals(44, ((Number) element.get("maxLength")).intValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void requiresAndValidatesTheDatasetLoadAndBucketPathParameters() {
        Map<String, Object> buckets = method(app.stacks().main().api().bucketsMethod());
        assertEquals(Map.of("method.request.path.dataset", true, "method.request.path.load", true,
                "method.request.path.bucket", true), buckets.get("RequestParameters"));
        Map<String, Object> validator = TemplateJson.properties(resources().get(
                ((Map<String, String>) buckets.get("RequestValidatorId")).get("Ref")));
        assertEquals(true, validator.get("ValidateRequestParameters"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void throttlesTheStageFromParametersAndThePublicsEvaluationsMoreStrictlyPerKey() {
        List<Map<String, Object>> settings = (List<Map<String, Object>>) stage().get("MethodSettings");
        Map<String, Object> all = settings.stream().filter(s -> "/*".equals(s.get("ResourcePath"))).findFirst().orElseThrow();
        assertEquals(1000, ((Number) all.get("ThrottlingRateLimit")).intValue());
        assertEquals(500, ((Number) all.get("ThrottlingBurstLimit")).intValue());
        // No stage-wide evaluate budget shared by the public and the partners: one flood would throttle both.
        assertFalse(settings.stream().anyMatch(s -> "/~1v2~1evaluate".equals(s.get("ResourcePath"))));
        Map<String, Object> sitePlan = TemplateJson.properties(resources().get(app.id(app.stacks().main().api().sitePlan())));
        app.main().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "UsagePlanName", "Leakcheck-prod-site",
                "ApiStages", List.of(Match.objectLike(Map.of("Throttle", Map.of("/v2/evaluate/POST",
                        Map.of("RateLimit", 300, "BurstLimit", 150)))))));
        assertTrue(sitePlan.containsKey("ApiStages"));

        TestApps.custom().main().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "test",
                "MethodSettings", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("ResourcePath", "/*", "ThrottlingRateLimit", 2000,
                                "ThrottlingBurstLimit", 1000))))));
        TestApps.custom().main().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "UsagePlanName", "Leakcheck-test-site",
                "ApiStages", List.of(Match.objectLike(Map.of("Throttle", Map.of("/v2/evaluate/POST",
                        Map.of("RateLimit", 400, "BurstLimit", 200)))))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesJsonAccessLogsWithoutQueryStringsBodiesOrClientAddresses() throws Exception {
        Map<String, Object> setting = (Map<String, Object>) stage().get("AccessLogSetting");
        assertTrue(TemplateJson.references(setting.get("DestinationArn"),
                app.id(app.stacks().main().api().accessLogs())));
        String format = (String) setting.get("Format");
        Map<String, String> fields = new ObjectMapper().readValue(format, new TypeReference<Map<String, String>>() { });
        assertEquals("$context.requestId", fields.get("requestId"));
        assertEquals("$context.resourcePath", fields.get("route"), "the route, not the path with the bucket number");
        for (String forbidden : List.of("$context.path", "$input", "querystring", "$context.identity.sourceIp",
                "$context.identity.userAgent", "$context.requestOverride", "$context.authorizer")) {
            assertFalse(fields.values().stream().anyMatch(v -> v.contains(forbidden)), forbidden);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void keepsExecutionLogsAndDataTracesOff() {
        for (Map<String, Object> setting : (List<Map<String, Object>>) stage().get("MethodSettings")) {
            assertEquals(false, setting.get("DataTraceEnabled"));
        }
        app.main().hasResourceProperties("AWS::ApiGateway::Stage", Map.of("MethodSettings",
                Match.arrayWith(List.of(Match.objectLike(Map.of("ResourcePath", "/*", "LoggingLevel", "OFF"))))));
    }

    @Test
    void requiresAnApiKeyOnEveryMethod() {
        TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::Method").values()
                .forEach(m -> assertEquals(true, TemplateJson.properties(m).get("ApiKeyRequired")));
    }

    @Test
    void offersRegisteredCallersAUsagePlanWithADailyQuotaInTheThousandsAndTheirOwnEvaluateThrottle() {
        app.main().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "UsagePlanName", "Leakcheck-prod-partners",
                "Quota", Map.of("Limit", 2_000, "Period", "DAY"),
                "Throttle", Map.of("RateLimit", 50, "BurstLimit", 100),
                "ApiStages", List.of(Match.objectLike(Map.of("Throttle", Map.of("/v2/evaluate/POST",
                        Map.of("RateLimit", 10, "BurstLimit", 20)))))));
        TestApps.custom().main().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "UsagePlanName", "Leakcheck-test-partners",
                "Quota", Map.of("Limit", 2_000_000, "Period", "DAY"),
                "Throttle", Map.of("RateLimit", 80, "BurstLimit", 160),
                "ApiStages", List.of(Match.objectLike(Map.of("Throttle", Map.of("/v2/evaluate/POST",
                        Map.of("RateLimit", 20, "BurstLimit", 40)))))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void givesEachPartnerContractAPlanWithItsQuotaThePartnersThrottlesAndAnOutput() {
        TestApps.Synthesized custom = TestApps.custom();
        for (Map.Entry<String, Integer> contract : Map.of("acme", 600_000, "mutuelle-x", 500_000).entrySet()) {
            custom.main().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                    "UsagePlanName", "Leakcheck-test-partner-" + contract.getKey(),
                    "Quota", Map.of("Limit", contract.getValue(), "Period", "DAY"),
                    "Throttle", Map.of("RateLimit", 80, "BurstLimit", 160),
                    "ApiStages", List.of(Match.objectLike(Map.of("Throttle", Map.of("/v2/evaluate/POST",
                            Map.of("RateLimit", 20, "BurstLimit", 40)))))));
        }
        Map<String, Object> outputs = (Map<String, Object>) custom.mainJson().get("Outputs");
        assertEquals(Map.of("Ref", custom.id(custom.stacks().main().api().contractPlans().get("mutuelle-x"))),
                ((Map<String, Object>) outputs.get("ContractUsagePlanIdMutuelleX")).get("Value"));
        assertTrue(outputs.containsKey("ContractUsagePlanIdAcme"));
        // Without contracts: the default partner plan and the site's, nothing else.
        app.main().resourceCountIs("AWS::ApiGateway::UsagePlan", 2);
        custom.main().resourceCountIs("AWS::ApiGateway::UsagePlan", 4);
    }

    @Test
    void givesEveryPartnerPlanADailyQuotaThatDocsDeployStates() throws java.io.IOException {
        for (TestApps.Synthesized synthesized : List.of(app, TestApps.custom())) {
            String sitePlan = synthesized.id(synthesized.stacks().main().api().sitePlan());
            Map<String, Map<String, Object>> plans = TemplateJson.ofType(synthesized.mainJson(), "AWS::ApiGateway::UsagePlan");
            plans.remove(sitePlan);
            assertFalse(plans.isEmpty());
            for (Map<String, Object> plan : plans.values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> quota = (Map<String, Object>) TemplateJson.properties(plan).get("Quota");
                assertEquals("DAY", quota.get("Period"), String.valueOf(TemplateJson.properties(plan).get("UsagePlanName")));
                assertTrue(((Number) quota.get("Limit")).intValue() > 0);
            }
        }
        String deploy = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/deploy.md"));
        String callers = deploy.substring(deploy.indexOf("## Registered API callers"));
        assertTrue(callers.contains(String.format(java.util.Locale.ROOT, "| requests a day (UTC), all routes | **%,d** |",
                DeploymentConfig.DEFAULT_PARTNER_QUOTA_PER_DAY)), "docs/deploy.md states the default partner quota");
        assertTrue(callers.contains("| elements per evaluation | **" + PublicApi.MAX_BATCH + "** (the public: "
                + PublicApi.PAGE_BATCH_LIMIT + ") |"), "and the default partner batch limit");
    }

    @Test
    void givesTheSiteKeyThePublicLimitsAndNoQuota() {
        String planId = app.id(app.stacks().main().api().sitePlan());
        Map<String, Object> plan = TemplateJson.properties(resources().get(planId));
        assertEquals(Map.of("RateLimit", 1000, "BurstLimit", 500), plan.get("Throttle"));
        assertFalse(plan.containsKey("Quota"), "a quota on the site key would shut the site for everyone");
        app.main().resourceCountIs("AWS::ApiGateway::UsagePlanKey", 1);
        app.main().hasResourceProperties("AWS::ApiGateway::UsagePlanKey", Map.of(
                "KeyType", "API_KEY", "UsagePlanId", Map.of("Ref", planId)));
        String siteKeyId = app.id(app.stacks().main().api().getNode().findChild("SiteKey"));
        Map<String, Object> apiKey = TemplateJson.properties(TemplateJson.ofType(app.mainJson(),
                "AWS::ApiGateway::ApiKey").values().iterator().next());
        assertTrue(TemplateJson.resolvesSecret(apiKey.get("Value"), siteKeyId), "key value stays out of the template");
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersGatewayErrorsWithProblemJson() throws Exception {
        Map<String, Map<String, Object>> byType = new java.util.HashMap<>();
        TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::GatewayResponse").values()
                .forEach(r -> byType.put((String) TemplateJson.properties(r).get("ResponseType"), TemplateJson.properties(r)));
        assertEquals("404", byType.get("MISSING_AUTHENTICATION_TOKEN").get("StatusCode"), "unknown route is 404");
        assertEquals("429", byType.get("THROTTLED").get("StatusCode"));
        assertEquals("400", byType.get("BAD_REQUEST_BODY").get("StatusCode"));
        assertEquals("413", byType.get("REQUEST_TOO_LARGE").get("StatusCode"));
        assertTrue(((Map<String, String>) byType.get("REQUEST_TOO_LARGE").get("ResponseTemplates"))
                .get("application/json").contains(PublicApi.PROBLEM_BASE + "payload-too-large\""),
                "the function's problem type for the same error");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : byType.entrySet()) {
            Map<String, Object> props = entry.getValue();
            assertEquals("'application/problem+json'",
                    ((Map<String, Object>) props.get("ResponseParameters")).get("gatewayresponse.header.Content-Type"));
            String body = ((Map<String, String>) props.get("ResponseTemplates")).get("application/json");
            Map<String, Object> problem = new ObjectMapper().readValue(body, new TypeReference<Map<String, Object>>() { });
            assertTrue(((String) problem.get("type")).startsWith(PublicApi.PROBLEM_BASE));
            assertTrue(problem.containsKey("title") && problem.containsKey("rule"));
            assertFalse(body.contains("$context.error.message"), "no gateway message text is echoed");
            checked.add(entry.getKey());
        }
        assertTrue(checked.containsAll(List.of("BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX", "QUOTA_EXCEEDED")));
    }
}
