package org.leakcheck.infrastructure;

import java.util.List;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The SNS topic the alarms of one region notify. CloudWatch alarms can only notify a topic in their
 * own region, so the edge stack (us-east-1, WAF metrics) has its own topic next to the main one.
 * Encrypted with a key of its own that CloudWatch may use to publish (an AWS managed SNS key would
 * not let CloudWatch alarms publish at all).
 */
final class AlarmTopic {
    private AlarmTopic() {
    }

    static Topic create(Construct scope, String id, DeploymentConfig config, String purpose) {
        Key key = Key.Builder.create(scope, id + "Key")
                .description("leakcheck " + config.stage() + ": encrypts the " + purpose + " topic")
                .enableKeyRotation(true)
                .policy(KeyPolicies.administeredBy(Stack.of(scope), "sns"))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        key.addToResourcePolicy(KeyPolicies.service("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com",
                List.of("kms:Decrypt", "kms:GenerateDataKey")));
        Topic topic = Topic.Builder.create(scope, id)
                .displayName("leakcheck " + config.stage() + " " + purpose)
                .enforceSsl(true)
                .masterKey(key)
                .build();
        // The operator confirms the subscription from the e-mail SNS sends after the deployment.
        config.alarmEmail().ifPresent(email -> topic.addSubscription(new EmailSubscription(email)));
        return topic;
    }
}
