package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;

import software.amazon.awscdk.assertions.Match;

/** The WAF on CloudFront (issue "WAF"), in its us-east-1 stack. Default and custom apps, offline. */
class EdgeStackTest {
    private final TestApps.Synthesized app = TestApps.defaults();

    @SuppressWarnings("unchecked")
    private Map<String, Object> rule(TestApps.Synthesized synthesized, String name) {
        Map<String, Object> acl = TemplateJson.properties(TemplateJson.ofType(synthesized.edgeJson(),
                "AWS::WAFv2::WebACL").values().iterator().next());
        return ((List<Map<String, Object>>) acl.get("Rules")).stream()
                .filter(r -> name.equals(r.get("Name"))).findFirst().orElseThrow();
    }

    @Test
    void placesACloudFrontScopedWebAclInUsEast1() {
        assertEquals("us-east-1", app.stacks().edge().getRegion());
        assertEquals("eu-west-3", app.stacks().main().getRegion());
        app.edge().hasResourceProperties("AWS::WAFv2::WebACL", Map.of(
                "Scope", "CLOUDFRONT", "DefaultAction", Map.of("Allow", Map.of())));
        // The main stack's one web ACL is the API stage's (RegionalWaf).
        app.main().hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "REGIONAL"));
        app.main().resourceCountIs("AWS::WAFv2::WebACL", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void limitsEvaluateRequestsPerIpWithTheParameter() {
        Map<String, Object> rule = rule(app, EdgeStack.EVALUATE_RATE_RULE);
        assertEquals(0, ((Number) rule.get("Priority")).intValue(), "evaluated before the managed rules");
        Map<String, Object> rate = (Map<String, Object>) ((Map<String, Object>) rule.get("Statement"))
                .get("RateBasedStatement");
        assertEquals(10, ((Number) rate.get("Limit")).intValue(), "sized to a person: 10 submissions");
        assertEquals(600, ((Number) rate.get("EvaluationWindowSec")).intValue(), "per 10 minutes");
        assertEquals("IP", rate.get("AggregateKeyType"));
        Map<String, Object> match = (Map<String, Object>) ((Map<String, Object>) rate.get("ScopeDownStatement"))
                .get("ByteMatchStatement");
        assertEquals("/v2/evaluate", match.get("SearchString"));
        assertEquals("STARTS_WITH", match.get("PositionalConstraint"));
        assertEquals(Map.of("UriPath", Map.of()), match.get("FieldToMatch"));
        Map<String, Object> block = (Map<String, Object>) ((Map<String, Object>) rule.get("Action")).get("Block");
        assertEquals(429, ((Number) ((Map<String, Object>) block.get("CustomResponse")).get("ResponseCode")).intValue());

        Map<String, Object> custom = (Map<String, Object>) ((Map<String, Object>) rule(TestApps.custom(),
                EdgeStack.EVALUATE_RATE_RULE).get("Statement")).get("RateBasedStatement");
        assertEquals(500, ((Number) custom.get("Limit")).intValue());
        assertEquals(300, ((Number) custom.get("EvaluationWindowSec")).intValue());
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusesEvaluateBodiesOver16KiBWith413() {
        Map<String, Object> rule = rule(app, EdgeStack.EVALUATE_BODY_RULE);
        List<Map<String, Object>> all = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                rule.get("Statement")).get("AndStatement")).get("Statements");
        Map<String, Object> path = (Map<String, Object>) all.get(0).get("ByteMatchStatement");
        assertEquals("/v2/evaluate", path.get("SearchString"));
        Map<String, Object> size = (Map<String, Object>) all.get(1).get("SizeConstraintStatement");
        assertEquals("GT", size.get("ComparisonOperator"));
        assertEquals(16_384, ((Number) size.get("Size")).intValue());
        assertEquals(Map.of("Body", Map.of("OversizeHandling", "MATCH")), size.get("FieldToMatch"),
                "a body longer than WAF inspects counts as too large");
        assertEquals(413, blockStatus(rule));
    }

    @Test
    @SuppressWarnings("unchecked")
    void refusesMalformedBucketPathsBeforeTheCacheWith400() {
        Map<String, Object> rule = rule(app, EdgeStack.BUCKET_PATH_RULE);
        List<Map<String, Object>> all = (List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                rule.get("Statement")).get("AndStatement")).get("Statements");
        assertEquals("/v2/buckets/", ((Map<String, Object>) all.get(0).get("ByteMatchStatement")).get("SearchString"));
        Map<String, Object> regex = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) all.get(1)
                .get("NotStatement")).get("Statement")).get("RegexMatchStatement");
        assertEquals(PublicApi.BUCKET_PATH_PATTERN, regex.get("RegexString"));
        assertEquals(Map.of("UriPath", Map.of()), regex.get("FieldToMatch"));
        assertEquals(List.of(Map.of("Priority", 0, "Type", "NONE")), regex.get("TextTransformations"),
                "the raw path: the protocol does no percent-decoding");
        assertEquals(400, blockStatus(rule));
    }

    @Test
    void matchesExactlyTheBucketPathsWhoseDatasetAndLoadTheProtocolAccepts() {
        Pattern path = Pattern.compile(PublicApi.BUCKET_PATH_PATTERN);
        String load = "9f0c1e5b7d2a413f9a0c1e5b7d2a4100";
        for (String dataset : List.of("labs-2021", "abc", "a-b", "x".repeat(40), "ab", "x".repeat(41), "-ab", "ab-",
                "Labs", "la_bs", "la.bs", "labs 2021", "l%61bs")) {
            assertEquals(DatasetIds.isValid(dataset), path.matcher("/v2/buckets/" + dataset + "/" + load + "/7").matches(),
                    dataset);
        }
        for (String loadId : List.of(load, load.toUpperCase(Locale.ROOT), load.substring(1), load + "0",
                load.replace('9', 'g'))) {
            assertEquals(DatasetLoad.isValidLoadId(loadId),
                    path.matcher("/v2/buckets/labs-2021/" + loadId + "/7").matches(), loadId);
        }
        for (String bucket : List.of("0", "7", "1234", "16777215")) {
            assertTrue(path.matcher("/v2/buckets/labs-2021/" + load + "/" + bucket).matches(), bucket);
        }
        for (String bucket : List.of("", "01", "+1", "-1", " 1", "1.0", "0x1f", "123456789", "1/", "1/2")) {
            assertFalse(path.matcher("/v2/buckets/labs-2021/" + load + "/" + bucket).matches(), bucket);
        }
        assertFalse(path.matcher("/v2/buckets/labs-2021/" + load).matches());
        assertFalse(path.matcher("/v2/buckets/labs-2021/" + load + "/7/").matches());
    }

    @Test
    @SuppressWarnings("unchecked")
    void appliesTheAwsManagedCommonAndKnownBadInputsRules() {
        for (String name : List.of("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet")) {
            Map<String, Object> rule = rule(app, name);
            Map<String, Object> group = (Map<String, Object>) ((Map<String, Object>) rule.get("Statement"))
                    .get("ManagedRuleGroupStatement");
            assertEquals("AWS", group.get("VendorName"));
            assertEquals(name, group.get("Name"));
            assertEquals(Map.of("None", Map.of()), rule.get("OverrideAction"), "rules block, not just count");
        }
        // Only the common set's 8 KB body rule is set to count: the protocol's 16 KiB limit is the edge's own rule.
        Map<String, Object> common = (Map<String, Object>) ((Map<String, Object>) rule(app,
                "AWSManagedRulesCommonRuleSet").get("Statement")).get("ManagedRuleGroupStatement");
        assertEquals(List.of(Map.of("Name", "SizeRestrictions_BODY", "ActionToUse", Map.of("Count", Map.of()))),
                common.get("RuleActionOverrides"));
        Map<String, Object> badInputs = (Map<String, Object>) ((Map<String, Object>) rule(app,
                "AWSManagedRulesKnownBadInputsRuleSet").get("Statement")).get("ManagedRuleGroupStatement");
        assertFalse(badInputs.containsKey("RuleActionOverrides"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void blocksKnownBadAndAnonymousAddressesOnEvaluateOnly() {
        for (String name : List.of(EdgeStack.IP_REPUTATION_GROUP, EdgeStack.ANONYMOUS_IP_GROUP)) {
            Map<String, Object> rule = rule(app, name);
            Map<String, Object> group = (Map<String, Object>) ((Map<String, Object>) rule.get("Statement"))
                    .get("ManagedRuleGroupStatement");
            assertEquals("AWS", group.get("VendorName"));
            assertEquals(Map.of("None", Map.of()), rule.get("OverrideAction"), name + " blocks");
            Map<String, Object> scope = (Map<String, Object>) ((Map<String, Object>) group.get("ScopeDownStatement"))
                    .get("ByteMatchStatement");
            assertEquals("/v2/evaluate", scope.get("SearchString"), "the site and cached buckets stay open to all");
            assertTrue(((Number) rule.get("Priority")).intValue() < ((Number) rule(app, "AWSManagedRulesCommonRuleSet")
                    .get("Priority")).intValue());
        }
    }

    @Test
    void runsEachRuleAtItsOwnPriority() {
        Map<String, Object> acl = TemplateJson.properties(TemplateJson.ofType(app.edgeJson(),
                "AWS::WAFv2::WebACL").values().iterator().next());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>) acl.get("Rules");
        assertEquals(rules.size(), rules.stream().map(r -> r.get("Priority")).distinct().count());
        assertEquals(7, rules.size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersEveryBlockWithAProblemBodyThatIsNeverCached() throws Exception {
        Map<String, Object> acl = TemplateJson.properties(TemplateJson.ofType(app.edgeJson(),
                "AWS::WAFv2::WebACL").values().iterator().next());
        Map<String, Map<String, Object>> bodies = (Map<String, Map<String, Object>>) acl.get("CustomResponseBodies");
        assertEquals(Set.of(EdgeStack.RATE_LIMITED_BODY, EdgeStack.TOO_LARGE_BODY, EdgeStack.BAD_PATH_BODY),
                bodies.keySet());
        for (Map<String, Object> body : bodies.values()) {
            Map<String, Object> problem = new ObjectMapper().readValue((String) body.get("Content"),
                    new TypeReference<Map<String, Object>>() { });
            assertTrue(((String) problem.get("type")).startsWith(PublicApi.PROBLEM_BASE));
            assertTrue(problem.containsKey("rule") && problem.containsKey("status"));
        }
        for (String name : List.of(EdgeStack.EVALUATE_RATE_RULE, EdgeStack.EVALUATE_BODY_RULE, EdgeStack.BUCKET_PATH_RULE)) {
            Map<String, Object> response = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    rule(app, name).get("Action")).get("Block")).get("CustomResponse");
            assertEquals(List.of(Map.of("Name", "Cache-Control", "Value", "no-store")), response.get("ResponseHeaders"));
        }
    }

    @SuppressWarnings("unchecked")
    private static int blockStatus(Map<String, Object> rule) {
        Map<String, Object> block = (Map<String, Object>) ((Map<String, Object>) rule.get("Action")).get("Block");
        return ((Number) ((Map<String, Object>) block.get("CustomResponse")).get("ResponseCode")).intValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void keepsNoSampledRequests() {
        Map<String, Object> acl = TemplateJson.properties(TemplateJson.ofType(app.edgeJson(),
                "AWS::WAFv2::WebACL").values().iterator().next());
        assertEquals(false, ((Map<String, Object>) acl.get("VisibilityConfig")).get("SampledRequestsEnabled"));
        for (Map<String, Object> rule : (List<Map<String, Object>>) acl.get("Rules")) {
            Map<String, Object> visibility = (Map<String, Object>) rule.get("VisibilityConfig");
            assertEquals(false, visibility.get("SampledRequestsEnabled"), (String) rule.get("Name"));
            assertEquals(true, visibility.get("CloudWatchMetricsEnabled"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void alarmsOnTheBlockRateToAnEdgeTopic() {
        String topicId = TestApps.logicalId(app.stacks().edge(), app.stacks().edge().alarmTopic());
        Map<String, Object> alarm = TemplateJson.properties(TemplateJson.resources(app.edgeJson())
                .get(TestApps.logicalId(app.stacks().edge(), app.stacks().edge().blockRateAlarm())));
        assertEquals(List.of(Map.of("Ref", topicId)), alarm.get("AlarmActions"));
        assertEquals(EdgeStack.BLOCK_RATE_PERCENT, ((Number) alarm.get("Threshold")).doubleValue());
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) alarm.get("Metrics");
        assertTrue(metrics.stream().anyMatch(m -> m.containsKey("MetricStat")
                && "BlockedRequests".equals(((Map<String, Object>) ((Map<String, Object>) m.get("MetricStat"))
                .get("Metric")).get("MetricName"))));
        app.edge().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Metrics", Match.arrayWith(List.of(
                Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of("Metric", Match.objectLike(Map.of(
                        "Namespace", "AWS/WAFV2",
                        "Dimensions", Match.arrayWith(List.of(Map.of("Name", "WebACL",
                                "Value", "Leakcheck-prod-edge")))))))))))));
    }
}
