package org.leakcheck.infrastructure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Alarms, topic, dashboard and outputs (issue "Operations"). Default and custom apps, offline. */
class OperationsTest {
    private final TestApps.Synthesized app = TestApps.defaults();

    private Set<String> alarmMetrics() {
        Set<String> metrics = new HashSet<>();
        TemplateJson.ofType(app.mainJson(), "AWS::CloudWatch::Alarm").values()
                .forEach(a -> metrics.add(TemplateJson.properties(a).get("Namespace") + "/"
                        + TemplateJson.properties(a).get("MetricName")));
        return metrics;
    }

    @Test
    void alarmsOnApi5xxLatencyAndFunctionErrorsAndThrottles() {
        assertEquals(Set.of("AWS/ApiGateway/5XXError", "AWS/ApiGateway/Latency", "AWS/Lambda/Errors",
                "AWS/Lambda/Throttles", "AWS/Lambda/Invocations", "leakcheck/PartnerQuotaExceeded",
                "leakcheck/PartnerRequests"), alarmMetrics());
        app.main().resourceCountIs("AWS::CloudWatch::Alarm", 9);
        app.main().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "Latency", "ExtendedStatistic", "p99",
                "Threshold", Monitoring.P99_LATENCY_MS));
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendsEveryAlarmToTheTopic() {
        String topicId = app.id(app.stacks().main().monitoring().topic());
        TemplateJson.ofType(app.mainJson(), "AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            Map<String, Object> props = TemplateJson.properties(alarm);
            assertEquals(List.of(Map.of("Ref", topicId)), props.get("AlarmActions"));
            assertEquals(List.of(Map.of("Ref", topicId)), props.get("OKActions"));
            assertTrue(((String) props.get("AlarmDescription")).contains("docs/deploy.md"));
        });
    }

    @Test
    void subscribesTheAlarmEmailOnlyWhenGiven() {
        app.main().resourceCountIs("AWS::SNS::Subscription", 0);
        TestApps.custom().main().hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "ops@example.org"));
        TestApps.custom().edge().hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "ops@example.org"));
    }

    @Test
    void alarmsOnTheDailyEvaluateVolumeAndOnPartnerQuotaUse() {
        app.main().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "Invocations", "Namespace", "AWS/Lambda", "Period", 86_400, "Threshold", 500_000));
        TestApps.custom().main().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "Invocations", "Period", 86_400, "Threshold", 90_000));
        app.main().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "PartnerRequests", "Period", 86_400, "Threshold", 1_600.0));
        // Contract plans raise the all-keys threshold by one key's quota each: 80% of 2,000,000 + 600,000 + 500,000.
        TestApps.custom().main().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "PartnerRequests", "Period", 86_400, "Threshold", 2_480_000.0));
        app.main().hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "PartnerQuotaExceeded", "Threshold", 1));
        app.main().hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
                "FilterPattern", "{ $.errorType = \"QUOTA_EXCEEDED\" }"));
        app.main().hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
                "FilterPattern", "{ $.rule = \"rate.daily\" }"));
    }

    @Test
    void showsBlockedRequestsAtTheEdgeByRuleAndAtTheOrigin() throws Exception {
        Map<String, Object> dashboard = TemplateJson.properties(TemplateJson.ofType(app.mainJson(),
                "AWS::CloudWatch::Dashboard").values().iterator().next());
        String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(dashboard.get("DashboardBody"));
        assertTrue(body.contains("Blocked at the edge, by WAF rule"));
        assertTrue(body.contains("Blocked at the origin"));
        for (String rule : List.of(EdgeStack.EVALUATE_RATE_RULE, EdgeStack.ANONYMOUS_IP_GROUP, EdgeStack.IP_REPUTATION_GROUP)) {
            assertTrue(body.contains(rule), rule);
        }
        assertTrue(body.contains("DailyCapRefusals"));
    }

    @Test
    void buildsADashboard() {
        app.main().hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "Leakcheck-prod"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void outputsTheSiteApiTableSecretOperatorRolesAndTheirPolicies() {
        Map<String, Object> outputs = (Map<String, Object>) app.mainJson().get("Outputs");
        for (String name : List.of("SiteUrl", "ApiUrl", "TableName", "KeySecretArn", "LoaderTablePolicyArn",
                "LoaderKeyPolicyArn", "LoaderRoleArn", "KeyCustodianRoleArn", "PartnerUsagePlanId", "ClientCapTableName",
                "SiteContentSha256")) {
            assertTrue(outputs.containsKey(name), name);
        }
        Map<String, Object> loader = (Map<String, Object>) outputs.get("LoaderTablePolicyArn");
        assertEquals(Map.of("Ref", app.id(app.stacks().main().operators().loaderTablePolicy())), loader.get("Value"));
        assertEquals(Map.of("Ref", app.id(app.stacks().main().keySecret().resource())),
                ((Map<String, Object>) outputs.get("KeySecretArn")).get("Value"));
        Map<String, Object> site = (Map<String, Object>) TestApps.custom().mainJson().get("Outputs");
        assertEquals("https://check.example.org/", ((Map<String, Object>) site.get("SiteUrl")).get("Value"));
        assertEquals(TestKeys.KEY.keyId(), ((Map<String, Object>) site.get("PublicKeyId")).get("Value"));
        assertFalse(outputs.containsKey("PublicKeyId"), "no public key given, none announced");
    }

    @Test
    void protectsTheMainStackFromTermination() {
        assertTrue(app.stacks().main().getTerminationProtection());
    }
}
