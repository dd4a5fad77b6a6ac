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
 * <p>Rules, in order:
 * <ol>
 *   <li>a rate-based rule per client IP on {@code /v2/evaluate} (every evaluated element is an
 *       online guess; docs/protocol.md §9), 429: by default 10 requests per 10 minutes, WAF's
 *       smallest limit and longest window. The distribution serves IPv4 only ({@link Website}), so
 *       "per IP" is per IPv4 address: WAF cannot aggregate IPv6 by prefix, and one /64 would
 *       otherwise count as 2^64 clients. The evaluate function's daily cap does the rest;</li>
 *   <li>an evaluate body over {@value PublicApi#BODY_LIMIT_BYTES} bytes, 413 (docs/protocol.md §7.2;
 *       REST APIs cannot set a body limit below 10 MB);</li>
 *   <li>a {@code /v2/buckets/} path that is not {@link PublicApi#BUCKET_PATH_PATTERN}, 400: API Gateway
 *       can require path parameters but not match them, and a junk path must not become a cache
 *       entry or an origin request;</li>
 *   <li>the AWS managed IP reputation and anonymous-IP lists (VPNs, Tor, hosting providers),
 *       scoped to {@code /v2/evaluate}: the addresses an enumeration would rotate through;</li>
 *   <li>the AWS managed common and known-bad-inputs rule sets. The common set's 8 KB body rule
 *       only counts: the protocol's limit is rule 2's.</li>
 * </ol>
 * The content rules (2, 3 and 6, 7) also run in the {@link RegionalWaf} on the API stage, for
 * callers that reach the execute-api endpoint without CloudFront.
 * The stack also holds the Lambda@Edge origin-request function of {@code /v2/evaluate}
 * ({@link EdgeTokenFunction}): Lambda@Edge functions are created in us-east-1 only.
 * Sampled requests stay off: they would keep client addresses next to request paths (bucket
 * numbers) in the console for hours. Only counts reach CloudWatch.
 */
public final class EdgeStack extends Stack {
    /** Name of the rate rule, also its metric name. */
    public static final String EVALUATE_RATE_RULE = "evaluate-rate-per-ip";
    /** Name of the evaluate body-size rule. */
    public static final String EVALUATE_BODY_RULE = "evaluate-body-size";
    /** Name of the bucket-path rule. */
    public static final String BUCKET_PATH_RULE = "bucket-path-shape";
    /** Managed rule groups scoped to /v2/evaluate: where address reputation matters. */
    public static final String IP_REPUTATION_GROUP = "AWSManagedRulesAmazonIpReputationList";
    public static final String ANONYMOUS_IP_GROUP = "AWSManagedRulesAnonymousIpList";
    public static final String COMMON_GROUP = "AWSManagedRulesCommonRuleSet";
    public static final String BAD_INPUTS_GROUP = "AWSManagedRulesKnownBadInputsRuleSet";
    /** The managed common rule set's body-size rule (8 KB), which only counts here. */
    public static final String MANAGED_BODY_SIZE_RULE = "SizeRestrictions_BODY";
    /** Keys of the custom bodies in the web ACL. */
    public static final String RATE_LIMITED_BODY = "rate-limited";
    public static final String TOO_LARGE_BODY = "payload-too-large";
    public static final String BAD_PATH_BODY = "invalid-path";
    /** The bucket behaviour's pattern without its wildcard: {@code /v2/buckets/}. */
    private static final String BUCKETS_PREFIX = Website.BUCKETS_PATH.substring(0, Website.BUCKETS_PATH.length() - 1);
    /** Alarm threshold: share of requests blocked, in percent, over 5 minutes. */
    public static final double BLOCK_RATE_PERCENT = 20;

    private final CfnWebACL webAcl;
    private final EdgeTokenFunction edgeToken;
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
                .description("leakcheck " + config.stage() + ": per-IP limit on /v2/evaluate, body and bucket-path "
                        + "shape, AWS managed rules")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .customResponseBodies(Map.of(
                        RATE_LIMITED_BODY, problemBody("rate-limited", "Too many requests", 429,
                                "too many evaluations from this address; retry later", "rate.per-ip"),
                        TOO_LARGE_BODY, problemBody("payload-too-large", "Payload too large", 413,
                                "the request body is larger than 16 KiB", "body.size"),
                        BAD_PATH_BODY, problemBody("invalid-request", "Invalid request", 400,
                                "the path is not /v2/buckets/{dataset}/{load}/{bucket}", "request.path")))
                .visibilityConfig(visibility(aclName.replace("-", "")))
                .rules(List.of(evaluateRateRule(config), evaluateBodyRule(1, Website.EVALUATE_PATH), bucketPathRule(2, ""),
                        managedRule(IP_REPUTATION_GROUP, 3, List.of(), pathStartsWith(Website.EVALUATE_PATH)),
                        managedRule(ANONYMOUS_IP_GROUP, 4, List.of(), pathStartsWith(Website.EVALUATE_PATH)),
                        managedRule(COMMON_GROUP, 5, List.of(MANAGED_BODY_SIZE_RULE), null),
                        managedRule(BAD_INPUTS_GROUP, 6, List.of(), null)))
                .build();

        ReviewedFindings.keep(webAcl, ReviewedFindings.NO_WAF_LOGS);
        this.edgeToken = new EdgeTokenFunction(this, "EdgeToken", config);
        ReviewedFindings.keep(edgeToken, ReviewedFindings.EDGE_FUNCTION);
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
                                .evaluationWindowSec(config.evaluateRateWindowSeconds())
                                .aggregateKeyType("IP")
                                // STARTS_WITH: also counts /v2/evaluate/ and the like, which CloudFront refuses.
                                .scopeDownStatement(pathStartsWith(Website.EVALUATE_PATH))
                                .build())
                        .build())
                .action(block(429, RATE_LIMITED_BODY))
                .visibilityConfig(visibility(EVALUATE_RATE_RULE))
                .build();
    }

    /** The 16 KiB evaluate body rule; {@code evaluatePath} is the path WAF sees for /v2/evaluate. */
    static CfnWebACL.RuleProperty evaluateBodyRule(int priority, String evaluatePath) {
        // CloudFront web ACLs inspect the first 16 KiB of a body; "MATCH" makes a longer one match too.
        CfnWebACL.StatementProperty tooLarge = CfnWebACL.StatementProperty.builder()
                .sizeConstraintStatement(CfnWebACL.SizeConstraintStatementProperty.builder()
                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                .body(CfnWebACL.BodyProperty.builder().oversizeHandling("MATCH").build())
                                .build())
                        .comparisonOperator("GT")
                        .size(PublicApi.BODY_LIMIT_BYTES)
                        .textTransformations(List.of(noTransformation()))
                        .build())
                .build();
        return CfnWebACL.RuleProperty.builder()
                .name(EVALUATE_BODY_RULE)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder()
                        .andStatement(CfnWebACL.AndStatementProperty.builder()
                                .statements(List.of(pathStartsWith(evaluatePath), tooLarge))
                                .build())
                        .build())
                .action(block(413, TOO_LARGE_BODY))
                .visibilityConfig(visibility(EVALUATE_BODY_RULE))
                .build();
    }

    /**
     * The bucket-path rule; {@code stagePrefix} precedes /v2 in the path WAF sees ("" at the edge,
     * "/STAGE" on the execute-api endpoint).
     */
    static CfnWebACL.RuleProperty bucketPathRule(int priority, String stagePrefix) {
        // The raw path, without URL decoding: the protocol matches paths exactly (docs/protocol.md §7.6).
        CfnWebACL.StatementProperty wellFormed = CfnWebACL.StatementProperty.builder()
                .regexMatchStatement(CfnWebACL.RegexMatchStatementProperty.builder()
                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().uriPath(Map.of()).build())
                        // A stage name is lower-case letters and digits: nothing to escape.
                        .regexString("^" + stagePrefix + PublicApi.BUCKET_PATH_PATTERN.substring(1))
                        .textTransformations(List.of(noTransformation()))
                        .build())
                .build();
        return CfnWebACL.RuleProperty.builder()
                .name(BUCKET_PATH_RULE)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder()
                        .andStatement(CfnWebACL.AndStatementProperty.builder()
                                .statements(List.of(pathStartsWith(stagePrefix + BUCKETS_PREFIX), CfnWebACL.StatementProperty.builder()
                                        .notStatement(CfnWebACL.NotStatementProperty.builder()
                                                .statement(wellFormed).build())
                                        .build()))
                                .build())
                        .build())
                .action(block(400, BAD_PATH_BODY))
                .visibilityConfig(visibility(BUCKET_PATH_RULE))
                .build();
    }

    static CfnWebACL.StatementProperty pathStartsWith(String prefix) {
        return CfnWebACL.StatementProperty.builder()
                .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                        .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder().uriPath(Map.of()).build())
                        .positionalConstraint("STARTS_WITH")
                        .searchString(prefix)
                        .textTransformations(List.of(noTransformation()))
                        .build())
                .build();
    }

    private static CfnWebACL.TextTransformationProperty noTransformation() {
        return CfnWebACL.TextTransformationProperty.builder().priority(0).type("NONE").build();
    }

    static CfnWebACL.RuleActionProperty block(int status, String bodyKey) {
        return CfnWebACL.RuleActionProperty.builder()
                .block(CfnWebACL.BlockActionProperty.builder()
                        .customResponse(CfnWebACL.CustomResponseProperty.builder()
                                .responseCode(status)
                                .customResponseBodyKey(bodyKey)
                                .responseHeaders(List.of(CfnWebACL.CustomHTTPHeaderProperty.builder()
                                        .name("Cache-Control").value("no-store").build()))
                                .build())
                        .build())
                .build();
    }

    static CfnWebACL.CustomResponseBodyProperty problemBody(String slug, String title, int status,
                                                                    String detail, String rule) {
        return CfnWebACL.CustomResponseBodyProperty.builder()
                .contentType("APPLICATION_JSON")
                .content("{\"type\":\"" + PublicApi.PROBLEM_BASE + slug + "\",\"title\":\"" + title + "\","
                        + "\"status\":" + status + ",\"detail\":\"" + detail + "\",\"rule\":\"" + rule + "\"}")
                .build();
    }

    /**
     * A managed rule group that blocks, except the rules named in {@code countOnly}, which only count;
     * applied only to the requests {@code scope} matches, when given.
     */
    static CfnWebACL.RuleProperty managedRule(String name, int priority, List<String> countOnly,
                                              CfnWebACL.StatementProperty scope) {
        CfnWebACL.ManagedRuleGroupStatementProperty.Builder group = CfnWebACL.ManagedRuleGroupStatementProperty
                .builder()
                .vendorName("AWS")
                .name(name);
        if (scope != null) {
            group.scopeDownStatement(scope);
        }
        if (!countOnly.isEmpty()) {
            group.ruleActionOverrides(countOnly.stream().map(rule -> CfnWebACL.RuleActionOverrideProperty.builder()
                    .name(rule)
                    .actionToUse(CfnWebACL.RuleActionProperty.builder()
                            .count(CfnWebACL.CountActionProperty.builder().build())
                            .build())
                    .build()).toList());
        }
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .statement(CfnWebACL.StatementProperty.builder()
                        .managedRuleGroupStatement(group.build())
                        .build())
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .visibilityConfig(visibility(name))
                .build();
    }

    static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
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

    /** The origin-request function of /v2/evaluate, which adds the edge token ({@link EdgeTokenSecret}). */
    public EdgeTokenFunction edgeToken() {
        return edgeToken;
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
