package org.leakcheck.infrastructure;

import java.nio.file.Path;

import software.amazon.awscdk.App;

/**
 * Entry point of {@code cdk synth} / {@code cdk deploy} (see cdk.json): reads the parameters from
 * CDK context, resolves the code assets, builds the stacks and writes the cloud assembly.
 */
public final class LeakcheckApp {
    private LeakcheckApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        LeakcheckStacks.applyFeatureFlags(app);
        DeploymentConfig config;
        try {
            config = DeploymentConfig.fromContext(app.getNode()::tryGetContext, System.getenv());
        } catch (InvalidParameterException e) {
            // A clear line for the operator instead of a jsii stack trace.
            System.err.println("leakcheck: " + e.getMessage());
            System.exit(2);
            return;
        }
        AssetPaths assets = AssetPaths.resolve(config, Path.of(System.getProperty("leakcheck.build.dir", "target")),
                System.err);
        LeakcheckStacks.create(app, config, assets);
        app.synth();
    }
}
