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
 * buckets may query the table and nothing else (docs/protocol.md §9). Buckets knows the public key
 * only, from its configuration: it publishes it in {@code /v2/info}. The loader's permissions are a
 * managed policy that the stack creates but attaches to no one: the operator attaches it to the role
 * or user that runs the loader, for the time of a load.
 */
public final class LeakcheckStack extends Stack {
    /** Handler of POST /v2/evaluate in the function jar. */
    public static final String EVALUATE_HANDLER = "org.leakcheck.function.EvaluateHandler::handleRequest";
    /** Handler of GET /v2/buckets/{dataset}/{load}/{bucket} and GET /v2/info. */
    public static final String BUCKETS_HANDLER = "org.leakcheck.function.BucketsHandler::handleRequest";

    /** evaluate: the Secrets Manager secret holding the key file (KeyMaterial JSON). */
    public static final String ENV_KEY_SECRET_ARN = "LEAKCHECK_KEY_SECRET_ARN";
    /**
     * evaluate: the id of the key in the secret. The function takes its key from the secret and does
     * not read this; it is here because a new value (a key put into the secret, a rotation) changes
     * the configuration, which publishes a new version whose snapshot and containers read the new key.
     */
    public static final String ENV_KEY_ID = "LEAKCHECK_KEY_ID";
    /**
     * both: the most blinded elements one evaluation may carry, enforced by evaluate and announced by
     * buckets as {@code batch.limit} in /v2/info: the page's Q (docs/protocol.md §7.1).
     */
    public static final String ENV_BATCH_LIMIT = "LEAKCHECK_BATCH_LIMIT";
    /** buckets: the table. */
    public static final String ENV_TABLE = "LEAKCHECK_TABLE";
    /** buckets: the public-key file's contents (docs/protocol.md §4.4), published by /v2/info. */
    public static final String ENV_PUBLIC_KEY = "LEAKCHECK_PUBLIC_KEY";
    /** both: the one CORS origin, absent for same-origin only. */
    public static final String ENV_ALLOWED_ORIGIN = "LEAKCHECK_ALLOWED_ORIGIN";

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
        evaluateEnv.put(ENV_KEY_SECRET_ARN, keySecret.arn());
        evaluateEnv.put(ENV_KEY_ID, config.keyId());
        // The public route's limit is the page's Q; the gateway's schema allows the documented maximum.
        String batchLimit = Integer.toString(PublicApi.PAGE_BATCH_LIMIT);
        evaluateEnv.put(ENV_BATCH_LIMIT, batchLimit);
        evaluateEnv.put("JAVA_TOOL_OPTIONS", LookupFunction.CRYPTO_JAVA_TOOL_OPTIONS);
        Map<String, String> bucketsEnv = new LinkedHashMap<>();
        bucketsEnv.put(ENV_TABLE, data.table().getTableName());
        // The public key only (public by design: /v2/info publishes it): never the secret, never its ARN.
        config.publicKey().ifPresent(key -> bucketsEnv.put(ENV_PUBLIC_KEY, key.toJson().strip()));
        bucketsEnv.put(ENV_BATCH_LIMIT, batchLimit);
        bucketsEnv.put("JAVA_TOOL_OPTIONS", LookupFunction.JAVA_TOOL_OPTIONS);
        if (!config.allowedOrigin().isEmpty()) {
            // Absent means same-origin only: the site calls /v2 on its own origin through CloudFront.
            evaluateEnv.put(ENV_ALLOWED_ORIGIN, config.allowedOrigin());
            bucketsEnv.put(ENV_ALLOWED_ORIGIN, config.allowedOrigin());
        }
        if (config.publicKey().isEmpty()) {
            Annotations.of(this).addWarningV2("leakcheck:no-public-key", "No publicKeyFile: the buckets function "
                    + "cannot answer /v2/info and the site pins no key of this deployment. Do not deploy this "
                    + "synthesis (docs/deploy.md, steps 2 and 3).");
        } else if (edge != null && assets.siteLacksKey(config.publicKey().get())) {
            Annotations.of(this).addWarningV2("leakcheck:site-key-mismatch", "The site in siteDir does not embed "
                    + "the public key " + config.publicKey().get().keyId() + ": every check would fail with \"the "
                    + "service's key is not the expected one\". Rebuild it with node website/build.mjs --public-key "
                    + "<the same K.pub.json> (docs/deploy.md, step 2).");
        }
        // SnapStart runs a function's initialization when a version is published, and evaluate's reads
        // the key: with an empty secret (first deployment, before step 4 of docs/deploy.md) the
        // deployment would fail. So evaluate is snapshotted only once keyId says a key is in place.
        boolean keyInPlace = config.keyInSecret();
        if (!keyInPlace && !config.localstack()) {
            Annotations.of(this).addInfo("keyId is unset: evaluate runs without SnapStart and answers 500 until the "
                    + "key is in the secret and the stack is deployed again with -c keyId=... (docs/deploy.md, step 4)");
        }
        this.evaluate = new LookupFunction(this, "Evaluate", config, assets, EVALUATE_HANDLER,
                config.evaluateConcurrency(), evaluateEnv, "leakcheck POST /v2/evaluate: holds the OPRF key, no table",
                keyInPlace && !config.localstack());
        this.buckets = new LookupFunction(this, "Buckets", config, assets, BUCKETS_HANDLER,
                config.bucketsConcurrency(), bucketsEnv,
                "leakcheck GET /v2/buckets, /v2/info: reads the table, knows the public key only",
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
                                // Scan: verify reads a whole load, and a load's last step finds the items
                                // of the dataset's other loads (docs/protocol.md §6.4).
                                .actions(List.of("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:Query",
                                        "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:DeleteItem"))
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
        output("KeySecretArn", keySecret.arn(), "Put the key file here (docs/deploy.md, step 4)");
        config.publicKey().ifPresent(key -> output("PublicKeyId", key.keyId(),
                "keyId of the public key that /v2/info publishes and the site pins"));
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
