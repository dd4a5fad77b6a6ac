package org.leakcheck.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Alarms on what an operator must act on, an SNS topic they notify, and one dashboard.
 *
 * <p>Alarms (docs/deploy.md explains each): API 5xx, API p99 latency, for each function its
 * errors and its throttles (reserved concurrency reached), the daily evaluate volume, and the
 * registered callers' quota (near and used up). The WAF block-rate alarm lives in the edge stack,
 * next to the WAF metrics in us-east-1. The dashboard has a row of what was blocked, and where.
 */
public final class Monitoring extends Construct {
    /** 5xx answers in 5 minutes before the API alarm fires. */
    public static final double API_5XX_THRESHOLD = 5;
    /** p99 latency, in milliseconds, sustained 15 minutes. */
    public static final double P99_LATENCY_MS = 2_000;
    /** Function errors (crashes, timeouts) in 5 minutes. */
    public static final double FUNCTION_ERROR_THRESHOLD = 5;
    /**
     * Share of a partner key's daily quota (plus one key's of each contract plan) whose use, summed
     * over all partner keys, raises PartnerQuotaNear.
     */
    public static final double PARTNER_QUOTA_WARNING = 0.8;
    /** Namespace of the metrics the stack extracts from log lines (the functions' own EMF metrics share it). */
    public static final String NAMESPACE = "leakcheck";
    /** The evaluate function's problem rule for a client whose day is used up (function module, cap). */
    public static final String DAILY_CAP_RULE = "rate.daily";

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    /**
     * @param distributionId the CloudFront distribution, null on LocalStack
     * @param regionalAclName the API stage's web ACL, null on LocalStack
     */
    public Monitoring(Construct scope, String id, DeploymentConfig config, PublicApi api, LookupFunction evaluate,
                      LookupFunction buckets, Table table, String distributionId, String regionalAclName) {
        super(scope, id);
        this.topic = AlarmTopic.create(this, "AlarmTopic", config, "alarms");
        Stage stage = api.api().getDeploymentStage();
        MetricOptions fiveMinutesSum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        MetricOptions fiveMinutesP99 = MetricOptions.builder().period(Duration.minutes(5)).statistic("p99").build();

        alarm("Api5xx", stage.metricServerError(fiveMinutesSum), API_5XX_THRESHOLD, 1,
                "The API answered 5xx (function crash, timeout, or integration failure). Look at the function logs by "
                        + "request id.");
        alarm("ApiP99Latency", stage.metricLatency(fiveMinutesP99), P99_LATENCY_MS, 3,
                "p99 latency above 2 s for 15 minutes: cold starts under a burst, DynamoDB throttling, or Secrets "
                        + "Manager slowness.");
        for (LookupFunction fn : List.of(evaluate, buckets)) {
            String name = fn.getNode().getId();
            alarm(name + "Errors", fn.function().metricErrors(fiveMinutesSum), FUNCTION_ERROR_THRESHOLD, 1,
                    "The " + name + " function failed (unhandled error or timeout) repeatedly.");
            alarm(name + "Throttles", fn.function().metricThrottles(fiveMinutesSum), 1, 1,
                    "The " + name + " function hit its reserved concurrency; callers got 429/5xx. Raise the "
                            + "concurrency parameter or find the abuser.");
        }

        MetricOptions daySum = MetricOptions.builder().period(Duration.days(1)).statistic("Sum").build();
        alarm("EvaluateDailyVolume", evaluate.function().metricInvocations(daySum), config.evaluateDailyAlarm(), 1,
                "More than " + config.evaluateDailyAlarm() + " evaluations in a day (all callers): a campaign peak, or "
                        + "an enumeration spread over many addresses. Compare with the WAF and daily-cap blocks.");
        Metric capRefusals = logMetric("DailyCapRefusals", evaluate.logGroup(),
                FilterPattern.stringValue("$.rule", "=", DAILY_CAP_RULE));
        Metric quotaExceeded = null;
        if (api.siteApiKey() != null) {
            quotaExceeded = logMetric("PartnerQuotaExceeded", api.accessLogs(),
                    FilterPattern.stringValue("$.errorType", "=", "QUOTA_EXCEEDED"));
            // Every request that carried an API key other than the site key's: the registered callers.
            Metric partnerRequests = logMetric("PartnerRequests", api.accessLogs(), FilterPattern.all(
                    FilterPattern.stringValue("$.apiKeyId", "!=", api.siteApiKey().getKeyId()),
                    FilterPattern.stringValue("$.apiKeyId", "!=", "-"),
                    FilterPattern.stringValue("$.apiKeyId", "!=", "")));
            alarm("PartnerQuotaExhausted", quotaExceeded.with(MetricOptions.builder().period(Duration.hours(1))
                            .statistic("Sum").build()), 1, 1,
                    "A registered caller used up its daily quota and got 429 rate.quota. If its contract allows more, "
                            + "raise partnerQuotaPerDay or give it a plan of its own.");
            // The access log names the key, not its plan: one threshold for all partner keys together,
            // one default key's quota plus one key's quota of each contract plan.
            long quotas = config.partnerQuotaPerDay() + config.partnerContracts().stream()
                    .mapToLong(DeploymentConfig.PartnerContract::quotaPerDay).sum();
            alarm("PartnerQuotaNear", partnerRequests.with(daySum), Math.floor(PARTNER_QUOTA_WARNING * quotas), 1,
                    "Registered callers made over " + (int) (PARTNER_QUOTA_WARNING * 100) + "% of one key's daily quota "
                            + (config.partnerContracts().isEmpty() ? "" : "plus one key's quota of each contract plan ")
                            + "today (all partner keys together): aws apigateway get-usage tells which key.");
        }

        List<List<? extends IWidget>> rows = new ArrayList<>();
        rows.add(List.of(TextWidget.Builder.create()
                .markdown("# leakcheck " + config.stage() + "\nAlarms and their meaning: docs/deploy.md, section Alarms.")
                .width(24).height(2).build()));
        rows.add(List.of(
                graph("API requests and errors", List.of(stage.metricCount(fiveMinutesSum),
                        stage.metricClientError(fiveMinutesSum), stage.metricServerError(fiveMinutesSum))),
                graph("API latency (p50, p99)", List.of(
                        stage.metricLatency(MetricOptions.builder().period(Duration.minutes(5)).statistic("p50").build()),
                        stage.metricLatency(fiveMinutesP99)))));
        rows.add(List.of(
                graph("Invocations", List.of(evaluate.function().metricInvocations(fiveMinutesSum),
                        buckets.function().metricInvocations(fiveMinutesSum))),
                graph("Errors and throttles", List.of(evaluate.function().metricErrors(fiveMinutesSum),
                        buckets.function().metricErrors(fiveMinutesSum),
                        evaluate.function().metricThrottles(fiveMinutesSum),
                        buckets.function().metricThrottles(fiveMinutesSum))),
                graph("Duration p99", List.of(evaluate.function().metricDuration(fiveMinutesP99),
                        buckets.function().metricDuration(fiveMinutesP99)))));
        rows.add(List.of(
                graph("DynamoDB reads", List.of(table.metricConsumedReadCapacityUnits(fiveMinutesSum))),
                graph("DynamoDB throttled reads", List.of(table.metric("ReadThrottleEvents", fiveMinutesSum)))));
        List<IMetric> originBlocks = new ArrayList<>(List.of(capRefusals.with(fiveMinutesSum)));
        if (quotaExceeded != null) {
            originBlocks.add(quotaExceeded.with(fiveMinutesSum));
        }
        if (regionalAclName != null) {
            originBlocks.add(Metric.Builder.create().namespace("AWS/WAFV2").metricName("BlockedRequests")
                    .dimensionsMap(Map.of("WebACL", regionalAclName, "Rule", "ALL", "Region", Stack.of(this).getRegion()))
                    .statistic("Sum").period(Duration.minutes(5)).label("API stage WAF").build());
        }
        List<IMetric> edgeBlocks = new ArrayList<>();
        if (distributionId != null) {
            for (String rule : List.of(EdgeStack.EVALUATE_RATE_RULE, EdgeStack.IP_REPUTATION_GROUP,
                    EdgeStack.ANONYMOUS_IP_GROUP, EdgeStack.COMMON_GROUP, EdgeStack.BAD_INPUTS_GROUP,
                    EdgeStack.EVALUATE_BODY_RULE, EdgeStack.BUCKET_PATH_RULE)) {
                edgeBlocks.add(edgeMetric("AWS/WAFV2", "BlockedRequests",
                        Map.of("WebACL", config.stackName() + "-edge", "Rule", rule), "Sum"));
            }
        }
        List<IWidget> blocked = new ArrayList<>();
        if (!edgeBlocks.isEmpty()) {
            blocked.add(GraphWidget.Builder.create().title("Blocked at the edge, by WAF rule").left(edgeBlocks)
                    .width(12).height(6).build());
        }
        blocked.add(GraphWidget.Builder.create().title("Blocked at the origin: daily cap, partner quota, API stage WAF")
                .left(originBlocks).width(12).height(6).build());
        rows.add(blocked);
        if (distributionId != null) {
            // CloudFront and WAF (CLOUDFRONT scope) publish their metrics in us-east-1 only.
            Map<String, String> cf = Map.of("DistributionId", distributionId, "Region", "Global");
            rows.add(List.of(
                    graph("CloudFront requests", List.of(edgeMetric("AWS/CloudFront", "Requests", cf, "Sum"))),
                    graph("CloudFront error rates (%)", List.of(
                            edgeMetric("AWS/CloudFront", "4xxErrorRate", cf, "Average"),
                            edgeMetric("AWS/CloudFront", "5xxErrorRate", cf, "Average"))),
                    graph("WAF allowed and blocked", List.of(
                            edgeMetric("AWS/WAFV2", "AllowedRequests",
                                    Map.of("WebACL", config.stackName() + "-edge", "Rule", "ALL"), "Sum"),
                            edgeMetric("AWS/WAFV2", "BlockedRequests",
                                    Map.of("WebACL", config.stackName() + "-edge", "Rule", "ALL"), "Sum")))));
        }
        this.dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(config.stackName())
                .widgets(rows)
                .build();
    }

    private void alarm(String id, IMetric metric, double threshold, int periods, String meaning) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(meaning + " See docs/deploy.md, Alarms.")
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    /** A count of the log lines of {@code logGroup} that match {@code pattern}, as a metric. */
    private Metric logMetric(String name, software.amazon.awscdk.services.logs.ILogGroup logGroup,
                             software.amazon.awscdk.services.logs.IFilterPattern pattern) {
        MetricFilter filter = MetricFilter.Builder.create(this, name + "Filter")
                .logGroup(logGroup)
                .filterPattern(pattern)
                .metricNamespace(NAMESPACE)
                .metricName(name)
                .metricValue("1")
                .defaultValue(0)
                .build();
        return filter.metric(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build());
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
    }

    private static Metric edgeMetric(String namespace, String name, Map<String, String> dimensions, String statistic) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(Duration.minutes(5))
                .region(DeploymentConfig.EDGE_REGION)
                .build();
    }

    public Topic topic() {
        return topic;
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
