package org.leakcheck.infrastructure;

import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Tags;

/**
 * Builds the stacks of one deployment into an app: the edge stack (us-east-1) and the main stack,
 * or the main stack alone on LocalStack. Used by {@link LeakcheckApp} and by the tests, so both
 * synthesize exactly the same thing.
 *
 * @param main the main stack
 * @param edge the us-east-1 stack, or null on LocalStack
 */
public record LeakcheckStacks(LeakcheckStack main, EdgeStack edge) {

    /**
     * Feature flags this app relies on, set in code so that the tests (which do not read cdk.json)
     * and {@code cdk synth} build the same templates. A value given in cdk.json or with -c wins.
     */
    public static final Map<String, Object> FEATURE_FLAGS = Map.of(
            // Cross-region references (web ACL ARN) keep the producer from being deleted while in use.
            "@aws-cdk/core:defaultCrossStackReferences", "strong",
            "@aws-cdk/core:checkSecretUsage", true,
            "@aws-cdk/core:enablePartitionLiterals", true,
            "@aws-cdk/core:validateSnapshotRemovalPolicy", true,
            "@aws-cdk/aws-apigateway:requestValidatorUniqueId", true,
            "@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId", true,
            "@aws-cdk/aws-lambda:recognizeLayerVersion", true);

    /** Sets {@link #FEATURE_FLAGS} on an app that has no constructs yet. */
    public static void applyFeatureFlags(App app) {
        FEATURE_FLAGS.forEach((flag, value) -> {
            if (app.getNode().tryGetContext(flag) == null) {
                app.getNode().setContext(flag, value);
            }
        });
    }

    /** Builds the stacks; call {@link #applyFeatureFlags} on the app first. */
    public static LeakcheckStacks create(App app, DeploymentConfig config, AssetPaths assets) {
        EdgeStack edge = config.withEdge() ? new EdgeStack(app, config.stackName() + "-Edge", config) : null;
        LeakcheckStack main = new LeakcheckStack(app, config.stackName(), config, assets, edge);
        Tags.of(app).add("project", "leakcheck");
        Tags.of(app).add("leakcheck:stage", config.stage());
        return new LeakcheckStacks(main, edge);
    }
}
