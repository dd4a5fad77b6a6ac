package org.leakcheck.infrastructure;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;

/**
 * The one customer-managed key of a stack's log groups (the functions' logs and the API access log):
 * CloudWatch Logs may use it for this account's log groups in this region, nobody else. The lines
 * hold no identity or address by design (docs/protocol.md §9); the key makes their retention the
 * operator's to end: scheduling its deletion makes every copy unreadable.
 */
final class LogsKey {
    private static final String ID = "LogsKey";

    private LogsKey() {
    }

    /** The stack's logs key, created on first use. */
    static IKey of(Stack stack) {
        Object existing = stack.getNode().tryFindChild(ID);
        if (existing != null) {
            return (IKey) existing;
        }
        Key key = Key.Builder.create(stack, ID)
                .description("leakcheck: encrypts the functions' logs and the API access log")
                .enableKeyRotation(true)
                .policy(KeyPolicies.administeredBy(stack, "logs"))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchLogsUsesTheKeyForThisAccountsLogGroups")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("logs." + stack.getRegion() + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount()
                                + ":log-group:*")))
                .build());
        return key;
    }
}
