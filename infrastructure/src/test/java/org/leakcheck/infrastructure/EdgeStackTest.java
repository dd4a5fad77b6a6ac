package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
        app.main().resourceCountIs("AWS::WAFv2::WebACL", 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void limitsEvaluateRequestsPerIpWithTheParameter() {
        Map<String, Object> rule = rule(app, EdgeStack.EVALUATE_RATE_RULE);
        assertEquals(0, ((Number) rule.get("Priority")).intValue(), "evaluated before the managed rules");
        Map<String, Object> rate = (Map<String, Object>) ((Map<String, Object>) rule.get("Statement"))
                .get("RateBasedStatement");
        assertEquals(300, ((Number) rate.get("Limit")).intValue());
        assertEquals("IP", rate.get("AggregateKeyType"));
        Map<String, Object> match = (Map<String, Object>) ((Map<String, Object>) rate.get("ScopeDownStatement"))
                .get("ByteMatchStatement");
        assertEquals("/v1/evaluate", match.get("SearchString"));
        assertEquals(Map.of("UriPath", Map.of()), match.get("FieldToMatch"));
        Map<String, Object> block = (Map<String, Object>) ((Map<String, Object>) rule.get("Action")).get("Block");
        assertEquals(429, ((Number) ((Map<String, Object>) block.get("CustomResponse")).get("ResponseCode")).intValue());

        Map<String, Object> custom = (Map<String, Object>) ((Map<String, Object>) rule(TestApps.custom(),
                EdgeStack.EVALUATE_RATE_RULE).get("Statement")).get("RateBasedStatement");
        assertEquals(500, ((Number) custom.get("Limit")).intValue());
    }

    @Test
    void appliesTheAwsManagedCommonAndKnownBadInputsRules() {
        for (String name : List.of("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet")) {
            Map<String, Object> rule = rule(app, name);
            assertEquals(Map.of("ManagedRuleGroupStatement", Map.of("VendorName", "AWS", "Name", name)),
                    rule.get("Statement"));
            assertEquals(Map.of("None", Map.of()), rule.get("OverrideAction"), "rules block, not just count");
        }
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
