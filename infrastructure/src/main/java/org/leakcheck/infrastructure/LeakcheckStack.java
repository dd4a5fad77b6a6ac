package org.leakcheck.infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The main stack, in the operator's region: table, key secret, the two functions, the API, and
 * (except on LocalStack) the site and its CloudFront distribution, protected by the web ACL of the
 * {@link EdgeStack}.
 *
 * <p>The two functions never share a permission: evaluate may read the key secret and nothing else,
 * buckets may query the table and nothing else (docs/protocol.md §9). The loader's permissions are a
 * managed policy that the stack creates but attaches to no one: the operator attaches it to the role
 * or user that runs the loader, for the time of a load.
 */
public final class LeakcheckStack extends Stack {
    /** Handler of POST /v1/evaluate in the function jar. */
    public static final String EVALUATE_HANDLER = "org.leakcheck.function.EvaluateHandler::handleRequest";
    /** Handler of GET /v1/buckets/{bucket} and GET /v1/info. */
    public static final String BUCKETS_HANDLER = "org.leakcheck.function.BucketsHandler::handleRequest";

    private final DataStore data;
    private final OprfKeySecret keySecret;
    private final LookupFunction evaluate;
    private final LookupFunction buckets;
    private final PublicApi api;
    private final Website website;
    private final Monitoring monitoring;
    private final ManagedPolicy loaderPolicy;

    /**
     * @param edge the us-east-1 stack holding the web ACL; null on LocalStack (no CloudFront there)
     */
    public LeakcheckStack(Construct scope, String id, DeploymentConfig config, AssetPaths assets, EdgeStack edge) {
        super(scope, id, StackProps.builder()
                .env(environment(config))
                .description("leakcheck " + config.stage() + ": privacy-preserving leak lookup (docs/deploy.md)")
                // The WAF ARN comes from us-east-1: CDK carries it through SSM parameters.
                .crossRegionReferences(edge != null && !DeploymentConfig.EDGE_REGION.equals(config.region()))
                .terminationProtection(!config.localstack())
                .build());
        if (assets.usesPlaceholder()) {
            Annotations.of(this).addWarningV2("leakcheck:placeholder-asset",
                    "A function jar or site folder was missing and a placeholder stands in: do not deploy this "
                            + "synthesis (build the function and website modules first).");
        }

        this.data = new DataStore(this, "Data");
        this.keySecret = new OprfKeySecret(this, "OprfKey", config);

        Map<String, String> evaluateEnv = new LinkedHashMap<>();
        evaluateEnv.put("LEAKCHECK_KEY_SECRET_ARN", keySecret.arn());
        // evaluate reads its key id from the secret; the variable is here so that deploying with a new
        // keyId publishes a new evaluate version, whose snapshot and containers read the new key.
        evaluateEnv.put("LEAKCHECK_KEY_ID", config.keyId());
        evaluateEnv.put("JAVA_TOOL_OPTIONS", LookupFunction.JAVA_TOOL_OPTIONS);
        Map<String, String> bucketsEnv = new LinkedHashMap<>();
        bucketsEnv.put("LEAKCHECK_TABLE", data.table().getTableName());
        bucketsEnv.put("LEAKCHECK_BUCKET_BITS", Integer.toString(config.bucketBits()));
        bucketsEnv.put("LEAKCHECK_KEY_ID", config.keyId());
        bucketsEnv.put("JAVA_TOOL_OPTIONS", LookupFunction.JAVA_TOOL_OPTIONS);
        if (!config.allowedOrigin().isEmpty()) {
            // Absent means same-origin only: the site calls /v1 on its own origin through CloudFront.
            evaluateEnv.put("LEAKCHECK_ALLOWED_ORIGIN", config.allowedOrigin());
            bucketsEnv.put("LEAKCHECK_ALLOWED_ORIGIN", config.allowedOrigin());
        }
        // SnapStart runs a function's initialization when a version is published, and evaluate's reads
        // the key: with an empty secret (first deployment, before step 3 of docs/deploy.md) the
        // deployment would fail. So evaluate is snapshotted only once keyId says a key is in place.
        boolean keyInPlace = !DeploymentConfig.UNSET_KEY_ID.equals(config.keyId());
        if (!keyInPlace && !config.localstack()) {
            Annotations.of(this).addInfo("keyId is unset: evaluate runs without SnapStart and answers 500 until the "
                    + "key is in the secret and the stack is deployed again with -c keyId=... (docs/deploy.md, step 3)");
        }
        this.evaluate = new LookupFunction(this, "Evaluate", config, assets, EVALUATE_HANDLER,
                config.evaluateConcurrency(), evaluateEnv, "leakcheck POST /v1/evaluate: holds the OPRF key, no table",
                keyInPlace && !config.localstack());
        this.buckets = new LookupFunction(this, "Buckets", config, assets, BUCKETS_HANDLER,
                config.bucketsConcurrency(), bucketsEnv, "leakcheck GET /v1/buckets, /v1/info: reads the table, no key",
                !config.localstack());

        evaluate.allow(PolicyStatement.Builder.create()
                .sid("ReadOprfKey")
                .effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(keySecret.arn()))
                .build());
        buckets.allow(PolicyStatement.Builder.create()
                .sid("QueryBucketTable")
                .effect(Effect.ALLOW)
                .actions(List.of("dynamodb:Query", "dynamodb:GetItem"))
                .resources(List.of(data.table().getTableArn()))
                .build());
        buckets.allow(kmsThroughDynamoDb("DecryptBucketTable", List.of("kms:Decrypt")));

        this.api = new PublicApi(this, "Api", config, evaluate, buckets);
        this.website = edge == null ? null : new Website(this, "Web", config, assets, assets.securityHeaders(), api,
                edge.webAclArn());
        this.monitoring = new Monitoring(this, "Operations", config, api, evaluate, buckets, data.table(),
                website == null ? null : website.distribution().getDistributionId());

        this.loaderPolicy = ManagedPolicy.Builder.create(this, "LoaderPolicy")
                .description("leakcheck " + config.stage() + ": what the loader needs (load, verify, delete-dataset). "
                        + "Attach it to the operator's role for the time of a load.")
                .statements(List.of(
                        PolicyStatement.Builder.create()
                                .sid("WriteBucketTable")
                                .effect(Effect.ALLOW)
                                .actions(List.of("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:Query",
                                        "dynamodb:GetItem", "dynamodb:DeleteItem"))
                                .resources(List.of(data.table().getTableArn()))
                                .build(),
                        kmsThroughDynamoDb("UseBucketTableKey",
                                List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey")),
                        PolicyStatement.Builder.create()
                                .sid("ReadOprfKey")
                                .effect(Effect.ALLOW)
                                .actions(List.of("secretsmanager:GetSecretValue"))
                                .resources(List.of(keySecret.arn()))
                                .build()))
                .build();

        output("ApiUrl", api.api().getUrl(), "Base URL of the API stage; registered callers use it with their key");
        output("RestApiId", api.api().getRestApiId(), "REST API id (LocalStack URLs are built from it)");
        output("TableName", data.table().getTableName(), "The bucket table (loader --table)");
        output("KeySecretArn", keySecret.arn(), "Put the keygen output here (docs/deploy.md, step 3)");
        output("LoaderPolicyArn", loaderPolicy.getManagedPolicyArn(), "Attach to the loader's role or user");
        output("AlarmTopicArn", monitoring.topic().getTopicArn(), "SNS topic of the alarms");
        if (website != null) {
            output("SiteUrl", website.siteUrl(config), "The public check page");
            output("DistributionId", website.distribution().getDistributionId(), "CloudFront distribution");
        }
        if (api.partnerPlan() != null) {
            output("PartnerUsagePlanId", api.partnerPlan().getUsagePlanId(),
                    "Usage plan for registered API callers' keys (docs/deploy.md)");
        }
    }

    private PolicyStatement kmsThroughDynamoDb(String sid, List<String> actions) {
        // Only through DynamoDB: the key cannot be used directly, e.g. to decrypt an exported backup.
        return PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(List.of(data.tableKey().getKeyArn()))
                .conditions(Map.of("StringEquals",
                        Map.of("kms:ViaService", "dynamodb." + getRegion() + ".amazonaws.com")))
                .build();
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private static Environment environment(DeploymentConfig config) {
        Environment.Builder env = Environment.builder().region(config.region());
        config.account().ifPresent(env::account);
        return env.build();
    }

    public DataStore data() {
        return data;
    }

    public OprfKeySecret keySecret() {
        return keySecret;
    }

    public LookupFunction evaluate() {
        return evaluate;
    }

    public LookupFunction buckets() {
        return buckets;
    }

    public PublicApi api() {
        return api;
    }

    /** Null on LocalStack. */
    public Website website() {
        return website;
    }

    public Monitoring monitoring() {
        return monitoring;
    }

    public ManagedPolicy loaderPolicy() {
        return loaderPolicy;
    }
}
