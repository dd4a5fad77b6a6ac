package org.leakcheck.infrastructure;

import java.util.Map;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import java.util.List;

import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One of the two API functions, with everything it owns: its own role (and nothing else on it but
 * writing its own logs), its log group with a retention, the function, and the alias {@code live}
 * on the published version that SnapStart snapshots.
 *
 * <p>The role is built empty (no {@code AWSLambdaBasicExecutionRole}, which allows writing to any
 * log group) and receives exactly the statements the caller adds with {@link #allow}, in one
 * customer-managed policy of its own (not an inline policy: a managed policy is versioned, so
 * every change to what a function may do is kept and can be rolled back).
 */
public final class LookupFunction extends Construct {
    /** Name of the alias that API Gateway invokes. */
    public static final String ALIAS = "live";
    /** Buckets: C1 only, since its handler is short I/O and cold starts dominate; see docs/deploy.md. */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /**
     * Evaluate: the full tiered compiler. Its work is P-256 arithmetic on every request, whose
     * field multiplication (Math.multiplyHigh) only C2 turns into one instruction: under C1 alone
     * a multiplication costs about 2.5 times as much. SnapStart keeps the cold start off the path.
     */
    public static final String CRYPTO_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation";
    /** Handlers answer well within this; anything slower is a fault, not a load. */
    public static final int TIMEOUT_SECONDS = 5;

    private final Role role;
    private final ManagedPolicy policy;
    private final Function function;
    private final Alias alias;
    private final LogGroup logGroup;

    /**
     * @param handler     {@code class::method} in the function jar
     * @param concurrency reserved concurrency: a cap, and a guarantee that the other function cannot starve it
     * @param environment the function's configuration (no secrets: the key is read from Secrets Manager)
     * @param snapStart   whether to snapshot published versions (arm64; never on LocalStack)
     * @param key         customer-managed key of the configuration and of SnapStart snapshots, or null
     *                    for Lambda's own key
     */
    public LookupFunction(Construct scope, String id, DeploymentConfig config, AssetPaths assets, String handler,
                          int concurrency, Map<String, String> environment, String description, boolean snapStart,
                          IKey key) {
        super(scope, id);
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("leakcheck " + config.stage() + " " + id + " function: least privilege")
                .build();
        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(Retention.of(config.logRetentionDays()))
                .encryptionKey(LogsKey.of(software.amazon.awscdk.Stack.of(this)))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.policy = ManagedPolicy.Builder.create(this, "Policy")
                .description("leakcheck " + config.stage() + " " + id + " function: everything its role may do")
                .roles(List.of(role))
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("WriteOwnLogs")
                        .effect(Effect.ALLOW)
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(logGroup.getLogGroupArn()))
                        .build()))
                .build();
        Function.Builder builder = Function.Builder.create(this, "Function")
                .description(description)
                .runtime(Runtime.JAVA_21)
                .handler(handler)
                .code(Code.fromAsset(assets.lambdaCode().toString()))
                .memorySize(config.lambdaMemoryMb())
                .timeout(Duration.seconds(TIMEOUT_SECONDS))
                .reservedConcurrentExecutions(concurrency)
                .role(role)
                .logGroup(logGroup)
                .environment(environment);
        // LocalStack runs functions in local containers: x86_64 avoids emulation on common hosts.
        builder.architecture(config.localstack() ? Architecture.X86_64 : Architecture.ARM_64);
        if (snapStart) {
            builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        if (key != null) {
            builder.environmentEncryption(key);
        }
        this.function = builder.build();
        // The version's SnapStart initialization reads the key secret: the policy must be in place first.
        function.getNode().addDependency(policy);
        // CDK warns that SnapStart needs a published version; the alias below publishes one.
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the live alias points to currentVersion, a published version");
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    /** Adds one statement to this function's own policy. */
    public void allow(PolicyStatement statement) {
        policy.addStatements(statement);
    }

    /** The one policy of this function's role. */
    public ManagedPolicy policy() {
        return policy;
    }

    public Role role() {
        return role;
    }

    public Function function() {
        return function;
    }

    /** What API Gateway invokes: the published, snapshotted version. */
    public Alias alias() {
        return alias;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
