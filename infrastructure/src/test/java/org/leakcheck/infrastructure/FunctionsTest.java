package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;

/** The evaluate and buckets functions (issue "Functions"). Synthesizes the default and custom apps, offline. */
class FunctionsTest {
    private final TestApps.Synthesized app = TestApps.defaults();

    private Map<String, Object> function(LookupFunction fn) {
        return TemplateJson.properties(TemplateJson.resources(app.mainJson()).get(app.id(fn.function())));
    }

    private List<LookupFunction> both() {
        return List.of(app.stacks().main().evaluate(), app.stacks().main().buckets());
    }

    @Test
    void runsBothHandlersOnJava21Arm64() {
        app.main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "org.leakcheck.function.EvaluateHandler::handleRequest",
                "Runtime", "java21",
                "Architectures", List.of("arm64")));
        app.main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "org.leakcheck.function.BucketsHandler::handleRequest",
                "Runtime", "java21",
                "Architectures", List.of("arm64")));
    }

    @Test
    void snapshotsPublishedVersionsWithSnapStartOnceTheKeyIsInPlace() {
        // keyId set: the secret holds a key, both functions are snapshotted.
        for (String handler : List.of(LeakcheckStack.EVALUATE_HANDLER, LeakcheckStack.BUCKETS_HANDLER)) {
            TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler, "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        }
        // keyId unset (first deployment, empty secret): publishing an evaluate snapshot would run its
        // initialization against an empty secret and fail the deployment, so only buckets has one.
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), function(app.stacks().main().buckets()).get("SnapStart"));
        assertFalse(function(app.stacks().main().evaluate()).containsKey("SnapStart"));
    }

    @Test
    void republishesEvaluateWhenTheKeyIdChanges() {
        TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LeakcheckStack.EVALUATE_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of("LEAKCHECK_KEY_ID", "k-2026-11-29-3f9a")))));
    }

    @Test
    void invokesAnAliasOnAPublishedVersionNeverLatest() {
        for (LookupFunction fn : both()) {
            Map<String, Object> alias = TemplateJson.properties(
                    TemplateJson.resources(app.mainJson()).get(app.id(fn.alias())));
            assertEquals(LookupFunction.ALIAS, alias.get("Name"));
            String versionId = TemplateJson.ofType(app.mainJson(), "AWS::Lambda::Version").entrySet().stream()
                    .filter(e -> TemplateJson.references(TemplateJson.properties(e.getValue()).get("FunctionName"),
                            app.id(fn.function())))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            assertTrue(TemplateJson.references(alias.get("FunctionVersion"), versionId));
        }
        // Every API method integrates with an alias, not with the bare function ($LATEST).
        TemplateJson.ofType(app.mainJson(), "AWS::ApiGateway::Method").values().forEach(method -> {
            Object uri = ((Map<?, ?>) TemplateJson.properties(method).get("Integration")).get("Uri");
            boolean toAlias = both().stream().anyMatch(fn -> TemplateJson.references(uri, app.id(fn.alias())));
            boolean toFunction = both().stream().anyMatch(fn -> TemplateJson.references(uri, app.id(fn.function())));
            assertTrue(toAlias && !toFunction, "method integrates with the live alias");
        });
    }

    @Test
    void gives1024MbByDefaultAndTheMemoryParameterOtherwise() {
        for (LookupFunction fn : both()) {
            assertEquals(1024, ((Number) function(fn).get("MemorySize")).intValue());
        }
        for (String handler : List.of(LeakcheckStack.EVALUATE_HANDLER, LeakcheckStack.BUCKETS_HANDLER)) {
            TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function",
                    Map.of("Handler", handler, "MemorySize", 2048));
        }
    }

    @Test
    void timesOutAfterFiveSeconds() {
        for (LookupFunction fn : both()) {
            assertEquals(5, ((Number) function(fn).get("Timeout")).intValue());
        }
    }

    @Test
    void capsEachFunctionWithReservedConcurrencyFromParameters() {
        assertEquals(100, ((Number) function(app.stacks().main().evaluate()).get("ReservedConcurrentExecutions")).intValue());
        assertEquals(50, ((Number) function(app.stacks().main().buckets()).get("ReservedConcurrentExecutions")).intValue());
        TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LeakcheckStack.EVALUATE_HANDLER, "ReservedConcurrentExecutions", 20));
        TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LeakcheckStack.BUCKETS_HANDLER, "ReservedConcurrentExecutions", 10));
    }

    @Test
    @SuppressWarnings("unchecked")
    void givesEvaluateTheSecretArnAndNoTable() {
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) function(app.stacks().main().evaluate())
                .get("Environment")).get("Variables");
        assertTrue(TemplateJson.references(env.get("LEAKCHECK_KEY_SECRET_ARN"),
                app.id(app.stacks().main().keySecret().resource())));
        assertEquals(LookupFunction.JAVA_TOOL_OPTIONS, env.get("JAVA_TOOL_OPTIONS"));
        assertEquals(Set.of("LEAKCHECK_KEY_SECRET_ARN", "LEAKCHECK_KEY_ID", "JAVA_TOOL_OPTIONS"), env.keySet());
        assertFalse(env.containsKey("LEAKCHECK_TABLE"));
        assertFalse(TemplateJson.references(env, app.id(app.stacks().main().data().table())));
    }

    @Test
    @SuppressWarnings("unchecked")
    void givesBucketsTheTableBucketBitsAndKeyIdButNoSecret() {
        Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) function(app.stacks().main().buckets())
                .get("Environment")).get("Variables");
        assertTrue(TemplateJson.references(env.get("LEAKCHECK_TABLE"), app.id(app.stacks().main().data().table())));
        assertEquals("12", env.get("LEAKCHECK_BUCKET_BITS"));
        assertEquals("unset", env.get("LEAKCHECK_KEY_ID"));
        assertFalse(env.containsKey("LEAKCHECK_KEY_SECRET_ARN"));
        assertFalse(TemplateJson.references(env, app.id(app.stacks().main().keySecret().resource())));
        // Without a custom domain or allowedOrigin the API is same-origin only: no CORS origin at all.
        assertFalse(env.containsKey("LEAKCHECK_ALLOWED_ORIGIN"));
    }

    @Test
    void passesBucketBitsKeyIdAndAllowedOriginParameters() {
        TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LeakcheckStack.BUCKETS_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "LEAKCHECK_BUCKET_BITS", "14",
                        "LEAKCHECK_KEY_ID", "k-2026-11-29-3f9a",
                        "LEAKCHECK_ALLOWED_ORIGIN", "https://partner.example.org")))));
        TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LeakcheckStack.EVALUATE_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "LEAKCHECK_ALLOWED_ORIGIN", "https://partner.example.org")))));
    }

    @Test
    void givesEachFunctionItsOwnRole() {
        Object evaluateRole = function(app.stacks().main().evaluate()).get("Role");
        Object bucketsRole = function(app.stacks().main().buckets()).get("Role");
        assertNotEquals(evaluateRole, bucketsRole);
        assertTrue(TemplateJson.references(evaluateRole, app.id(app.stacks().main().evaluate().role())));
        assertTrue(TemplateJson.references(bucketsRole, app.id(app.stacks().main().buckets().role())));
    }

    @Test
    void writesToItsOwnLogGroupWithARetention() {
        for (LookupFunction fn : both()) {
            String logGroupId = app.id(fn.logGroup());
            assertTrue(TemplateJson.references(function(fn).get("LoggingConfig"), logGroupId));
            Map<String, Object> logGroup = TemplateJson.properties(TemplateJson.resources(app.mainJson()).get(logGroupId));
            assertEquals(30, ((Number) logGroup.get("RetentionInDays")).intValue());
        }
        TestApps.custom().main().hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
    }
}
