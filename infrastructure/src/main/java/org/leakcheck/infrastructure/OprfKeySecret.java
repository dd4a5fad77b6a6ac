package org.leakcheck.infrastructure;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.constructs.Construct;

/**
 * The Secrets Manager secret that will hold the OPRF private key.
 *
 * <p>The stack creates it <em>empty</em>: neither a secret string nor a generated one, so that no
 * key material ever passes through CloudFormation, a template or a CDK output. The operator runs
 * {@code keygen --secrets-manager-json} and stores its output with {@code put-secret-value}
 * (docs/deploy.md, step 3). The L2 {@code Secret} construct always generates a random value when it
 * is given none, so the L1 resource is used on purpose. RETAIN: losing the key makes every loaded
 * table useless.
 */
public final class OprfKeySecret extends Construct {
    private final CfnSecret secret;

    public OprfKeySecret(Construct scope, String id, DeploymentConfig config) {
        super(scope, id);
        this.secret = CfnSecret.Builder.create(this, "Secret")
                .description("leakcheck " + config.stage() + ": OPRF private key, JSON {keyId, suite, privateKey} "
                        + "from `keygen --secrets-manager-json`. Put by the operator, never by the stack.")
                .build();
        secret.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    /** The secret's ARN (its CloudFormation Ref). */
    public String arn() {
        return secret.getRef();
    }

    /** The L1 resource, for dependencies and tests. */
    public CfnSecret resource() {
        return secret;
    }
}
