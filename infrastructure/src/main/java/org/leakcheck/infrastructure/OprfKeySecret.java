package org.leakcheck.infrastructure;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.constructs.Construct;

/**
 * The Secrets Manager secret that will hold the OPRF key: the key file of docs/protocol.md §4.4,
 * {@code {"keyId", "suite", "mode": "VOPRF", "seed"}}, which only the evaluate function (and the
 * loader's policy) may read.
 *
 * <p>The stack creates it <em>empty</em>: neither a secret string nor a generated one, so that no
 * key material ever passes through CloudFormation, a template or a CDK output. The operator runs
 * {@code loader keygen --out K.json} and stores that file with {@code put-secret-value}
 * (docs/deploy.md, step 4); the public-key file written beside it goes to the stack and the site
 * build instead. The L2 {@code Secret} construct always generates a random value when it is given
 * none, so the L1 resource is used on purpose. RETAIN: losing the key makes every loaded table
 * useless.
 */
public final class OprfKeySecret extends Construct {
    private final CfnSecret secret;

    public OprfKeySecret(Construct scope, String id, DeploymentConfig config) {
        super(scope, id);
        this.secret = CfnSecret.Builder.create(this, "Secret")
                .description("leakcheck " + config.stage() + ": OPRF key file, JSON {keyId, suite, mode, seed} "
                        + "from `loader keygen --out K.json`. Put by the operator, never by the stack.")
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
