package org.leakcheck.infrastructure;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * The web ACL that protects the CloudFront distribution, in us-east-1 because WAF only accepts
 * CLOUDFRONT-scope web ACLs there, with its block-rate alarm (WAF metrics for CloudFront are also
 * published in us-east-1 only).
 *
 * <p>Rules, in order: a rate-based rule per client IP on {@code /v1/evaluate} (every evaluation is
 * an online guess; docs/protocol.md §9), then the AWS managed common and known-bad-inputs rule sets.
 * Sampled requests stay off: they would keep client addresses next to request paths (bucket numbers)
 * in the console for hours. Only counts reach CloudWatch.
 */
public final class EdgeStack extends Stack {
    /** Name of the rate rule, also its metric name. */
    public static final String EVALUATE_RATE_RULE = "evaluate-rate-per-ip";
    /** Key of the custom 429 body in the web ACL. */
    public static final String RATE_LIMITED_BODY = "rate-limited";
    /** Alarm threshold: share of requests blocked, in percent, over 5 minutes. */
    public static final double BLOCK_RATE_PERCENT = 20;

    private final CfnWebACL webAcl;
    private final Topic alarmTopic;
    private final Alarm blockRateAlarm;

    public EdgeStack(Construct scope, String id, DeploymentConfig config) {
        super(scope, id, StackProps.builder()
                .env(environment(config))
                .description("leakcheck " + config.stage() + ": WAF for CloudFront (us-east-1)")
                .terminationProtection(false)
                .build());
        String aclName = config.stackName() + "-edge";
        this.webAcl = CfnWebACL.Builder.create(this, "WebAcl")
                .name(aclName)
                .scope("CLOUDFRONT")
                .description("leakcheck " + config.stage() + ": per-IP limit on /v1/evaluate, AWS managed rules")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .customResponseBodies(Map.of(RATE_LIMITED_BODY, CfnWebACL.CustomResponseBodyProperty.builder()
                        .contentType("APPLICATION_JSON")
                        .content("{\"type\":\"" + PublicApi.PROBLEM_BASE + "rate-limited\",\"title\":\"Too many requests\","
                                + "\"status\":429,\"detail\":\"too many evaluations from this address; retry later\","
                                + "\"rule\":\"rate.per-ip\"}")
                        .build()))
                .visibilityConfig(visibility(aclName.replace("-", "")))
                .rules(List.of(evaluateRateRule(config), managedRule("AWSManagedRulesCommonRuleSet", 1),
                        managedRule("AWSManagedRulesKnownBadInputsRuleSet", 2)))
                .build();

        this.alarmTopic = AlarmTopic.create(this, "AlarmTopic", config, "edge alarms");
        Map<String, String> dimensions = Map.of("WebACL", aclName, "Rule", "ALL");
        Metric blocked = wafMetric("BlockedRequests", dimensions);
        Metric allowed = wafMetric("AllowedRequests", dimensions);
        this.blockRateAlarm = Alarm.Builder.create(this, "WafBlockRate")
                .alarmDescription("More than " + (int) BLOCK_RATE_PERCENT + "% of requests to the site and API were "
                        + "blocked by the WAF for 15 minutes: an attack, a scraper, or a rule blocking real users. "
                        + "See docs/deploy.md, Alarms.")
                .metric(MathExpression.Builder.create()
                        .expression("IF(blocked + allowed > 0, 100 * blocked / (blocked + allowed), 0)")
                        .usingMetrics(Map.of("blocked", blocked, "allowed", allowed))
                        .period(Duration.minutes(5))
                        .label("WAF block rate (%)")
                        .build())
                .threshold(BLOCK_RATE_PERCENT)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(3)
                .datapointsToAlarm(3)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        blockRateAlarm.addAlarmAction(new SnsAction(alarmTopic));
        blockRateAlarm.addOkAction(new SnsAction(alarmTopic));
    }

    private static Environment environment(DeploymentConfig config) {
        Environment.Builder env = Environment.builder().region(DeploymentConfig.EDGE_REGION);
        config.account().ifPresent(env::account);
        return env.build();
    }

    private static CfnWebACL.RuleProperty evaluateRateRule(DeploymentConfig config) {
        return CfnWebACL.RuleProperty.builder()
                .name(EVALUATE_RATE_RULE)
                .priority(0)
                .statement(CfnWebACL.StatementProperty.builder()
                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                .limit(config.evaluateRatePerIp())
                                .evaluationWindowSec(300)
                                .aggregateKeyType("IP")
                                .scopeDownStatement(CfnWebACL.StatementProperty.builder()
                                        .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                                                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                                        .uriPath(Map.of()).build())
                                                .positionalConstraint("STARTS_WITH")
                                                .searchString(Website.EVALUATE_PATH)
                                                .textTransformations(List.of(CfnWebACL.TextTransformationProperty
                                                        .builder().priority(0).type("NONE").build()))
                                                .build())
                                        .build())
                                .build())
                        .build())
                .action(CfnWebACL.RuleActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder()
                                .customResponse(CfnWebACL.CustomResponseProperty.builder()
                                        .responseCode(429)
                                        .customResponseBodyKey(RATE_LIMITED_BODY)
                                        .build())
                                .build())
                        .build())
                .visibilityConfig(visibility(EVALUATE_RATE_RULE))
                .build();
    }

    private static CfnWebACL.RuleProperty managedRule(String name, int priority) {
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder()
                        .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                .vendorName("AWS")
                                .name(name)
                                .build())
                        .build())
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true)
                .metricName(metricName)
                .sampledRequestsEnabled(false)
                .build();
    }

    private static Metric wafMetric(String name, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace("AWS/WAFV2")
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic("Sum")
                .period(Duration.minutes(5))
                .build();
    }

    /** ARN of the web ACL, referenced by the distribution in the main stack. */
    public String webAclArn() {
        return webAcl.getAttrArn();
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }

    public Topic alarmTopic() {
        return alarmTopic;
    }

    public Alarm blockRateAlarm() {
        return blockRateAlarm;
    }
}
