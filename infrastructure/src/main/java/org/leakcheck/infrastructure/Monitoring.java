package org.leakcheck.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Duration;
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
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Alarms on what an operator must act on, an SNS topic they notify, and one dashboard.
 *
 * <p>Alarms (docs/deploy.md explains each): API 5xx, API p99 latency, and for each function its
 * errors and its throttles (reserved concurrency reached). The WAF block-rate alarm lives in the
 * edge stack, next to the WAF metrics in us-east-1.
 */
public final class Monitoring extends Construct {
    /** 5xx answers in 5 minutes before the API alarm fires. */
    public static final double API_5XX_THRESHOLD = 5;
    /** p99 latency, in milliseconds, sustained 15 minutes. */
    public static final double P99_LATENCY_MS = 2_000;
    /** Function errors (crashes, timeouts) in 5 minutes. */
    public static final double FUNCTION_ERROR_THRESHOLD = 5;

    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;

    public Monitoring(Construct scope, String id, DeploymentConfig config, PublicApi api, LookupFunction evaluate,
                      LookupFunction buckets, Table table, String distributionId) {
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
