package org.leakcheck.infrastructure;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * The shape of every customer-managed key policy of the stack: the key policy, not IAM, decides who
 * may use a key. The account (so, through IAM, its administrators) may administer it, which
 * includes changing this policy (recorded by CloudTrail), but gets none of the cryptographic
 * actions, and may create grants only for an AWS service acting on a resource
 * ({@code kms:GrantIsForAWSResource}). Each use is then a statement naming its principal, limited to
 * the one service that uses the key on its behalf ({@code kms:ViaService}).
 */
final class KeyPolicies {
    /** What the account may do with a key: administer it, never use it. */
    static final List<String> ADMINISTRATION = List.of("kms:DescribeKey", "kms:EnableKey", "kms:DisableKey",
            "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
            "kms:ListResourceTags", "kms:ListGrants", "kms:ListKeyPolicies", "kms:PutKeyPolicy", "kms:UpdateKeyDescription",
            "kms:RevokeGrant", "kms:RetireGrant", "kms:TagResource", "kms:UntagResource", "kms:CreateAlias",
            "kms:DeleteAlias", "kms:UpdateAlias", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
            "kms:RotateKeyOnDemand", "kms:ListKeyRotations");

    private KeyPolicies() {
    }

    /** The starting policy: administration by the account, and grants for AWS services through {@code service}. */
    static PolicyDocument administeredBy(Stack stack, String service) {
        return PolicyDocument.Builder.create()
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("AccountAdministersButNeverUsesTheKey")
                                .effect(Effect.ALLOW)
                                .principals(List.of(new AccountRootPrincipal()))
                                .actions(ADMINISTRATION)
                                .resources(List.of("*"))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("GrantsOnlyForTheServiceThatUsesTheKey")
                                .effect(Effect.ALLOW)
                                .principals(List.of(new AccountRootPrincipal()))
                                .actions(List.of("kms:CreateGrant"))
                                .resources(List.of("*"))
                                .conditions(Map.of(
                                        "Bool", Map.of("kms:GrantIsForAWSResource", "true"),
                                        "StringEquals", Map.of("kms:ViaService", viaService(stack, service))))
                                .build()))
                .build();
    }

    /** A use of the key by {@code principal}, only through {@code service}. */
    static PolicyStatement use(Stack stack, String sid, IPrincipal principal, String service, List<String> actions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .principals(List.of(principal))
                .actions(actions)
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", viaService(stack, service))))
                .build();
    }

    /** An AWS service principal's own use (CloudWatch Logs, CloudWatch alarms publishing to SNS). */
    static PolicyStatement service(String sid, String servicePrincipal, List<String> actions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal(servicePrincipal)))
                .actions(actions)
                .resources(List.of("*"))
                .build();
    }

    static String viaService(Stack stack, String service) {
        return service + "." + stack.getRegion() + ".amazonaws.com";
    }
}
