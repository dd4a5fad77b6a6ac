package org.leakcheck.infrastructure;

import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The SNS topic the alarms of one region notify. CloudWatch alarms can only notify a topic in their
 * own region, so the edge stack (us-east-1, WAF metrics) has its own topic next to the main one.
 */
final class AlarmTopic {
    private AlarmTopic() {
    }

    static Topic create(Construct scope, String id, DeploymentConfig config, String purpose) {
        Topic topic = Topic.Builder.create(scope, id)
                .displayName("leakcheck " + config.stage() + " " + purpose)
                .enforceSsl(true)
                .build();
        // The operator confirms the subscription from the e-mail SNS sends after the deployment.
        config.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }
}
