package org.leakcheck.infrastructure;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.secretsmanager.CfnResourcePolicy;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.constructs.Construct;

/**
 * The Secrets Manager secret that will hold the OPRF key: the key file of docs/protocol.md §4.4,
 * {@code {"keyId", "suite", "mode": "VOPRF", "seed"}}.
 *
 * <p>The stack creates it <em>empty</em>: neither a secret string nor a generated one, so that no
 * key material ever passes through CloudFormation, a template or a CDK output. The operator runs
 * {@code loader keygen --out K.json} and stores that file with {@code put-secret-value}
 * (docs/deploy.md, step 4); the public-key file written beside it goes to the stack and the site
 * build instead. The L2 {@code Secret} construct always generates a random value when it is given
 * none, so the L1 resource is used on purpose. RETAIN: losing the key makes every loaded table
 * useless.
 *
 * <p>Custody (docs/deploy.md, "Who holds what"): the secret is encrypted with a customer-managed KMS
 * key of its own, whose policy lets exactly two roles use it, both only through Secrets Manager:
 * the evaluate function's (decrypt) and the key custodian's (decrypt, and encrypt to put a key).
 * A resource policy on the secret denies reading or writing its value to every other principal, so
 * that neither an IAM policy elsewhere in the account nor {@code ReadOnlyAccess} reaches it.
 */
public final class OprfKeySecret extends Construct {
    /**
     * The secret's value actions, denied to every principal but the named two. Not UpdateSecret:
     * CloudFormation uses it to change the description, and a new value through it needs the key's
     * GenerateDataKey, which only the custodian has.
     */
    public static final List<String> VALUE_ACTIONS = List.of("secretsmanager:GetSecretValue",
            "secretsmanager:PutSecretValue");

    private final Key key;
    private final CfnSecret secret;

    public OprfKeySecret(Construct scope, String id, DeploymentConfig config) {
        super(scope, id);
        this.key = Key.Builder.create(this, "Key")
                .description("leakcheck " + config.stage() + ": encrypts the OPRF key secret; usable by the evaluate "
                        + "function and the key custodian only")
                .enableKeyRotation(true)
                .policy(KeyPolicies.administeredBy(Stack.of(this), "secretsmanager"))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.secret = CfnSecret.Builder.create(this, "Secret")
                .description("leakcheck " + config.stage() + ": OPRF key file, JSON {keyId, suite, mode, seed} "
                        + "from `loader keygen --out K.json`. Put by the key custodian, never by the stack.")
                .kmsKeyId(key.getKeyArn())
                .build();
        secret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    /**
     * Lets {@code evaluate} decrypt the secret and {@code custodian} decrypt and put it, through
     * Secrets Manager only, and denies the secret's value to every other principal.
     */
    public void restrictTo(IRole evaluate, IRole custodian) {
        Stack stack = Stack.of(this);
        key.addToResourcePolicy(KeyPolicies.use(stack, "EvaluateDecryptsTheKeySecret", evaluate,
                "secretsmanager", List.of("kms:Decrypt")));
        key.addToResourcePolicy(KeyPolicies.use(stack, "CustodianReadsAndPutsTheKeySecret", custodian,
                "secretsmanager", List.of("kms:Decrypt", "kms:GenerateDataKey")));
        CfnResourcePolicy.Builder.create(this, "ResourcePolicy")
                .secretId(secret.getRef())
                .blockPublicPolicy(true)
                .resourcePolicy(PolicyDocument.Builder.create()
                        .statements(List.of(PolicyStatement.Builder.create()
                                .sid("OnlyEvaluateAndTheCustodianTouchTheKey")
                                .effect(Effect.DENY)
                                .principals(List.of(new AnyPrincipal()))
                                .actions(VALUE_ACTIONS)
                                .resources(List.of("*"))
                                .conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn",
                                        List.of(evaluate.getRoleArn(), custodian.getRoleArn()))))
                                .build()))
                        .build().toJSON())
                .build();
    }

    /** The secret's ARN (its CloudFormation Ref). */
    public String arn() {
        return secret.getRef();
    }

    /** The L1 resource, for dependencies and tests. */
    public CfnSecret resource() {
        return secret;
    }

    /** The secret's own KMS key. */
    public Key key() {
        return key;
    }
}
