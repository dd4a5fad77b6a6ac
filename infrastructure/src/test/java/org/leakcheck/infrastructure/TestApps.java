package org.leakcheck.infrastructure;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * Synthesizes the app once per parameter set and JVM (a synthesis costs seconds of jsii work), so
 * that every test class can assert on the same templates.
 *
 * <p>Needs: Node 20+ on the PATH (jsii runs aws-cdk-lib in it). Offline: no AWS account, no
 * credentials, no network. Does not need the function jar or the built site: missing ones are
 * replaced by placeholders (see {@link AssetPaths}); the custom app writes its own key file and
 * site under the build folder.
 */
final class TestApps {
    /** Where the custom app's key file and site are written. */
    private static final Path CUSTOM_FILES = buildDir().resolve("cdk-test/custom-files");

    /**
     * Parameters of the "custom" synthesis: every optional parameter set to a non-default value, the
     * key in place ({@link TestKeys#KEY}: its public-key file and id) and a site built with that key.
     */
    static final Map<String, Object> CUSTOM_CONTEXT = Map.ofEntries(
            Map.entry("stage", "test"),
            Map.entry("account", "123456789012"),
            Map.entry("region", "eu-central-1"),
            Map.entry("keyId", TestKeys.KEY.keyId()),
            Map.entry("publicKeyFile", TestKeys.publicKeyFile(TestKeys.KEY, CUSTOM_FILES).toString()),
            Map.entry("siteDir", TestKeys.siteFor(TestKeys.KEY, CUSTOM_FILES.resolve("site")).toString()),
            Map.entry("allowedOrigin", "https://partner.example.org"),
            Map.entry("evaluateRatePerIp", 500),
            Map.entry("evaluateRateWindowSeconds", "300"),
            Map.entry("dailyCapPerClient", "40"),
            Map.entry("partnerEvaluateRateLimit", "20"),
            Map.entry("partnerEvaluateBurstLimit", "40"),
            Map.entry("partnerBatchLimit", "128"),
            Map.entry("evaluateDailyAlarm", "90000"),
            Map.entry("hstsIncludeSubdomains", "false"),
            Map.entry("apiRateLimit", "2000"),
            Map.entry("apiBurstLimit", "1000"),
            Map.entry("evaluateRateLimit", "400"),
            Map.entry("evaluateBurstLimit", "200"),
            Map.entry("partnerRateLimit", "80"),
            Map.entry("partnerBurstLimit", "160"),
            Map.entry("partnerQuotaPerDay", "2000000"),
            Map.entry("partnerContracts", "acme:600000, mutuelle-x:500000"),
            Map.entry("lambdaMemoryMb", "2048"),
            Map.entry("evaluateConcurrency", "20"),
            Map.entry("bucketsConcurrency", "10"),
            Map.entry("logRetentionDays", "90"),
            Map.entry("alarmEmail", "ops@example.org"),
            Map.entry("domainName", "check.example.org"),
            Map.entry("certificateArn",
                    "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-0123456789ab"));

    private static Synthesized defaults;
    private static Synthesized custom;
    private static Synthesized localstack;
    private static Synthesized nagged;
    private static Synthesized naggedDefaults;

    private TestApps() {
    }

    /** The app with every parameter at its default. */
    static synchronized Synthesized defaults() {
        if (defaults == null) {
            defaults = synthesize("defaults", Map.of());
        }
        return defaults;
    }

    /** The app with {@link #CUSTOM_CONTEXT}. */
    static synchronized Synthesized custom() {
        if (custom == null) {
            custom = synthesize("custom", CUSTOM_CONTEXT);
        }
        return custom;
    }

    /** The LocalStack variant. */
    static synchronized Synthesized localstack() {
        if (localstack == null) {
            localstack = synthesize("localstack", Map.of("localstack", "true", "region", "us-east-1"));
        }
        return localstack;
    }

    /** The custom app with the cdk-nag packs applied as aspects before synthesis. */
    static synchronized Synthesized nagged() {
        if (nagged == null) {
            nagged = synthesize("nagged", CUSTOM_CONTEXT, true);
        }
        return nagged;
    }

    /** The default app (no custom domain, key not yet in place) with the cdk-nag packs applied. */
    static synchronized Synthesized naggedDefaults() {
        if (naggedDefaults == null) {
            naggedDefaults = synthesize("nagged-defaults", Map.of(), true);
        }
        return naggedDefaults;
    }

    static Path buildDir() {
        return Path.of(System.getProperty("leakcheck.build.dir", "target"));
    }

    private static Synthesized synthesize(String name, Map<String, Object> context) {
        return synthesize(name, context, false);
    }

    private static Synthesized synthesize(String name, Map<String, Object> context, boolean nag) {
        App app = App.Builder.create()
                .outdir(buildDir().resolve("cdk-test/" + name).toString())
                .context(new HashMap<>(context))
                .build();
        LeakcheckStacks.applyFeatureFlags(app);
        DeploymentConfig config = DeploymentConfig.fromContext(app.getNode()::tryGetContext, Map.of());
        AssetPaths assets = AssetPaths.resolve(config, buildDir(), new PrintStream(OutputStream.nullOutputStream()));
        LeakcheckStacks stacks = LeakcheckStacks.create(app, config, assets);
        if (nag) {
            NagPacks.apply(app);
        }
        Template main = Template.fromStack(stacks.main());
        Template edge = stacks.edge() == null ? null : Template.fromStack(stacks.edge());
        return new Synthesized(config, stacks, main, edge);
    }

    /** One synthesized app: its configuration, stacks and templates. */
    record Synthesized(DeploymentConfig config, LeakcheckStacks stacks, Template main, Template edge) {

        /** Logical id of a construct's CloudFormation resource in the main stack. */
        String id(IConstruct construct) {
            return logicalId(stacks.main(), construct);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> mainJson() {
            return (Map<String, Object>) (Map<?, ?>) main.toJSON();
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> edgeJson() {
            return (Map<String, Object>) (Map<?, ?>) edge.toJSON();
        }
    }

    static String logicalId(Stack stack, IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return stack.getLogicalId((CfnElement) element);
    }
}
