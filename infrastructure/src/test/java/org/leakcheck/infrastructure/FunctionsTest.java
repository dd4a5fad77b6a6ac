package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.leakcheck.protocol.keys.PinnedKey;

import software.amazon.awscdk.assertions.Annotations;
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
                "Environment", Map.of("Variables", Match.objectLike(Map.of("LEAKCHECK_KEY_ID", TestKeys.KEY.keyId())))));
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(TestApps.Synthesized synthesized, LookupFunction fn) {
        Map<String, Object> function = TemplateJson.properties(TemplateJson.resources(synthesized.mainJson())
                .get(synthesized.id(fn.function())));
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }

    @Test
    void givesEvaluateTheSecretArnThePartnerBatchLimitAndNoTable() {
        Map<String, Object> env = environment(app, app.stacks().main().evaluate());
        assertTrue(TemplateJson.references(env.get(LeakcheckStack.ENV_KEY_SECRET_ARN),
                app.id(app.stacks().main().keySecret().resource())));
        assertEquals("256", env.get("LEAKCHECK_PARTNER_BATCH_LIMIT"), "a partner key's limit: the documented maximum "
                + "(the public's, Q, is the function's own)");
        assertEquals("unset", env.get("LEAKCHECK_KEY_ID"));
        assertEquals(LookupFunction.CRYPTO_JAVA_TOOL_OPTIONS, env.get("JAVA_TOOL_OPTIONS"), "C2 for the P-256 arithmetic");
        assertEquals(Set.of("LEAKCHECK_KEY_SECRET_ARN", "LEAKCHECK_KEY_ID", "LEAKCHECK_PARTNER_BATCH_LIMIT", "LEAKCHECK_CAP_TABLE",
                "LEAKCHECK_CAP_PER_DAY", "LEAKCHECK_SITE_KEY_SECRET_ARN", "LEAKCHECK_EDGE_TOKEN_SECRET_ARN",
                "JAVA_TOOL_OPTIONS"), env.keySet());
        assertEquals("100", env.get(LeakcheckStack.ENV_CAP_PER_DAY), "elements per client address and UTC day");
        assertTrue(TemplateJson.references(env.get(LeakcheckStack.ENV_CAP_TABLE), app.id(app.stacks().main().caps().table())));
        assertTrue(TemplateJson.references(env.get(LeakcheckStack.ENV_SITE_KEY_SECRET_ARN),
                app.id(app.stacks().main().api().siteKeySecret())), "the secret's ARN, never the site key's value");
        assertFalse(env.containsKey("LEAKCHECK_TABLE"));
        assertFalse(TemplateJson.references(env, app.id(app.stacks().main().data().table())));
    }

    @Test
    void givesBucketsTheTableAndThePartnerBatchLimitAndNoSecret() {
        Map<String, Object> env = environment(app, app.stacks().main().buckets());
        assertTrue(TemplateJson.references(env.get("LEAKCHECK_TABLE"), app.id(app.stacks().main().data().table())));
        assertEquals("256", env.get("LEAKCHECK_PARTNER_BATCH_LIMIT"), "announced as batch.limit: the evaluate function's");
        // No public key given: none is invented (and the synthesis warns, see warnsThatASynthesisWithoutPublicKey...).
        assertEquals(Set.of("LEAKCHECK_TABLE", "LEAKCHECK_PARTNER_BATCH_LIMIT", "JAVA_TOOL_OPTIONS"), env.keySet());
        assertFalse(TemplateJson.references(env, app.id(app.stacks().main().keySecret().resource())));
        // Without a custom domain or allowedOrigin the API is same-origin only: no CORS origin at all.
        assertFalse(env.containsKey("LEAKCHECK_ALLOWED_ORIGIN"));
    }

    @Test
    void givesBucketsThePublicKeyFileAndNeverTheSecret() {
        TestApps.Synthesized custom = TestApps.custom();
        Map<String, Object> env = environment(custom, custom.stacks().main().buckets());
        String publicKey = (String) env.get(LeakcheckStack.ENV_PUBLIC_KEY);
        assertEquals(TestKeys.KEY.publicKey(), PinnedKey.parse(publicKey), "the public-key file of spec §4.4");
        assertEquals(TestKeys.KEY.publicKey().toJson().strip(), publicKey);
        assertEquals(Set.of("LEAKCHECK_TABLE", "LEAKCHECK_PUBLIC_KEY", "LEAKCHECK_PARTNER_BATCH_LIMIT", "LEAKCHECK_ALLOWED_ORIGIN",
                "JAVA_TOOL_OPTIONS"), env.keySet());
        assertFalse(TemplateJson.references(env, custom.id(custom.stacks().main().keySecret().resource())));
        assertFalse(environment(custom, custom.stacks().main().evaluate()).containsKey(LeakcheckStack.ENV_PUBLIC_KEY));
    }

    @Test
    void neverPutsTheSeedIntoATemplate() throws Exception {
        TestApps.Synthesized custom = TestApps.custom();
        ObjectMapper json = new ObjectMapper();
        for (Object template : List.of(custom.mainJson(), custom.edgeJson())) {
            String text = json.writeValueAsString(template);
            assertFalse(text.contains(TestKeys.KEY_SEED_TEXT), "the key's seed is in a template");
            assertFalse(text.contains("\\\"seed\\\""), "a key file is in a template");
        }
    }

    @Test
    void passesKeyIdPublicKeyAndAllowedOriginParameters() {
        TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LeakcheckStack.BUCKETS_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "LEAKCHECK_PUBLIC_KEY", Match.stringLikeRegexp(".*\"keyId\": \"" + TestKeys.KEY.keyId() + "\".*"),
                        "LEAKCHECK_PARTNER_BATCH_LIMIT", "128",
                        "LEAKCHECK_ALLOWED_ORIGIN", "https://partner.example.org")))));
        TestApps.custom().main().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LeakcheckStack.EVALUATE_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "LEAKCHECK_KEY_ID", TestKeys.KEY.keyId(),
                        "LEAKCHECK_PARTNER_BATCH_LIMIT", "128",
                        "LEAKCHECK_CAP_PER_DAY", "40",
                        "LEAKCHECK_ALLOWED_ORIGIN", "https://partner.example.org")))));
    }

    /**
     * The variable names are a contract with the function module: every LEAKCHECK_ variable the stack
     * sets is one the functions read (function/.../aws/LambdaEnvironment.java and the daily cap's
     * function/.../cap/CapEnvironment.java), except the key id, which only publishes a new evaluate
     * version; and every one they require is set.
     */
    @Test
    void setsOnlyVariablesTheFunctionsRead() throws Exception {
        Set<String> read = new HashSet<>();
        for (String reader : List.of("aws/LambdaEnvironment.java", "cap/CapEnvironment.java")) {
            Path source = Path.of("../function/src/main/java/org/leakcheck/function/" + reader);
            assertTrue(Files.isRegularFile(source), "the functions' environment reader moved: update this test");
            Matcher m = Pattern.compile("\"(LEAKCHECK_[A-Z_]+)\"").matcher(Files.readString(source));
            while (m.find()) {
                read.add(m.group(1));
            }
        }
        TestApps.Synthesized custom = TestApps.custom();
        Set<String> set = new HashSet<>();
        for (LookupFunction fn : List.of(custom.stacks().main().evaluate(), custom.stacks().main().buckets())) {
            environment(custom, fn).keySet().stream().filter(k -> k.startsWith("LEAKCHECK_")).forEach(set::add);
        }
        set.remove(LeakcheckStack.ENV_KEY_ID);
        assertTrue(read.containsAll(set), "set but never read: " + set.stream().filter(v -> !read.contains(v)).toList());
        assertTrue(set.containsAll(List.of(LeakcheckStack.ENV_KEY_SECRET_ARN, LeakcheckStack.ENV_TABLE,
                LeakcheckStack.ENV_PUBLIC_KEY, LeakcheckStack.ENV_PARTNER_BATCH_LIMIT, LeakcheckStack.ENV_CAP_TABLE,
                LeakcheckStack.ENV_CAP_PER_DAY, LeakcheckStack.ENV_SITE_KEY_SECRET_ARN)));
    }

    @Test
    void warnsThatASynthesisWithoutPublicKeyMustNotBeDeployed() {
        Annotations.fromStack(app.stacks().main()).hasWarning("*", Match.stringLikeRegexp("No publicKeyFile.*"));
        assertTrue(Annotations.fromStack(TestApps.custom().stacks().main())
                .findWarning("*", Match.stringLikeRegexp(".*(publicKeyFile|does not embed).*")).isEmpty(),
                "the custom app has a public key and a site built with it");
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
