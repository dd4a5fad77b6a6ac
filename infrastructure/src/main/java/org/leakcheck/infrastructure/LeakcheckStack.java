package org.leakcheck.infrastructure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The main stack, in the operator's region: table, key secret, the two functions, the API, and
 * (except on LocalStack) the site and its CloudFront distribution, protected by the web ACL of the
 * {@link EdgeStack}.
 *
 * <p>The two functions never share a permission: evaluate may read the key secret and count in the
 * daily-cap table, and nothing else; buckets may read the table and nothing else (docs/protocol.md
 * §9). Buckets knows the public key only, from its configuration: it publishes it in
 * {@code /v2/info}. The operators' permissions are two roles with one policy each
 * ({@link OperatorRoles}): the loader writes the table, the key custodian holds the key. The KMS key
 * policies of the secret, the table and the evaluate function's configuration name who may use
 * each key (docs/deploy.md, "Who holds what").
 */
public final class LeakcheckStack extends Stack {
    /** Handler of POST /v2/evaluate in the function jar. */
    public static final String EVALUATE_HANDLER = "org.leakcheck.function.EvaluateHandler::handleRequest";
    /** Handler of GET /v2/buckets/{dataset}/{load}/{bucket}, GET /v2/info and GET /v2/feed.json. */
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
     * both: the most blinded elements one evaluation of a registered caller (a partner key: any API key
     * but the site key) may carry, enforced by evaluate and announced by buckets as {@code batch.limit}
     * in /v2/info. The public's limit is the page's Q, {@code batch.page}, fixed in the function
     * (docs/protocol.md §7.2, §7.4).
     */
    public static final String ENV_PARTNER_BATCH_LIMIT = "LEAKCHECK_PARTNER_BATCH_LIMIT";
    /** buckets: the table. */
    public static final String ENV_TABLE = "LEAKCHECK_TABLE";
    /** buckets: the public-key file's contents (docs/protocol.md §4.4), published by /v2/info. */
    public static final String ENV_PUBLIC_KEY = "LEAKCHECK_PUBLIC_KEY";
    /** both: the one CORS origin, absent for same-origin only. */
    public static final String ENV_ALLOWED_ORIGIN = "LEAKCHECK_ALLOWED_ORIGIN";
    /** evaluate: the daily-cap counter table (function module, {@code cap.CapEnvironment}). */
    public static final String ENV_CAP_TABLE = "LEAKCHECK_CAP_TABLE";
    /** evaluate: elements one client address may have evaluated per UTC day. */
    public static final String ENV_CAP_PER_DAY = "LEAKCHECK_CAP_PER_DAY";
    /**
     * evaluate: the secret of the API key CloudFront adds, to tell the public's requests (batch limit Q,
     * daily cap per address) from registered callers' (the partner batch limit, their plan's quota).
     */
    public static final String ENV_SITE_KEY_SECRET_ARN = "LEAKCHECK_SITE_KEY_SECRET_ARN";
    /** evaluate: the secret of the edge token, which alone makes CloudFront's viewer address trusted. */
    public static final String ENV_EDGE_TOKEN_SECRET_ARN = "LEAKCHECK_EDGE_TOKEN_SECRET_ARN";

    private final DataStore data;
    private final ClientCapStore caps;
    private final OprfKeySecret keySecret;
    private final Key evaluateKey;
    private final OperatorRoles operators;
    private final RegionalWaf regionalWaf;
    private final LookupFunction evaluate;
    private final LookupFunction buckets;
    private final PublicApi api;
    private final Website website;
    private final EdgeTokenSecret edgeToken;
    private final Monitoring monitoring;

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
        this.caps = new ClientCapStore(this, "ClientCaps");
        this.keySecret = new OprfKeySecret(this, "OprfKey", config);
        // The evaluate function's configuration and its SnapStart snapshots, which hold k, under a key
        // of the operator's: only Lambda, acting for the evaluate function, may use it.
        this.evaluateKey = Key.Builder.create(this, "EvaluateKey")
                .description("leakcheck " + config.stage() + ": encrypts the evaluate function's configuration and "
                        + "SnapStart snapshots (they hold the OPRF key)")
                .enableKeyRotation(true)
                .policy(KeyPolicies.administeredBy(this, "lambda"))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Map<String, String> evaluateEnv = new LinkedHashMap<>();
        evaluateEnv.put(ENV_KEY_SECRET_ARN, keySecret.arn());
        evaluateEnv.put(ENV_KEY_ID, config.keyId());
        // The public's limit (no key, or the site key) is the page's Q, in the function itself; a partner
        // key's is this one. The gateway's schema admits the documented maximum for everyone.
        String partnerBatchLimit = Integer.toString(config.partnerBatchLimit());
        evaluateEnv.put(ENV_PARTNER_BATCH_LIMIT, partnerBatchLimit);
        evaluateEnv.put(ENV_CAP_TABLE, caps.table().getTableName());
        evaluateEnv.put(ENV_CAP_PER_DAY, Integer.toString(config.dailyCapPerClient()));
        evaluateEnv.put("JAVA_TOOL_OPTIONS", LookupFunction.CRYPTO_JAVA_TOOL_OPTIONS);
        Map<String, String> bucketsEnv = new LinkedHashMap<>();
        bucketsEnv.put(ENV_TABLE, data.table().getTableName());
        // The public key only (public by design: /v2/info publishes it): never the secret, never its ARN.
        config.publicKey().ifPresent(key -> bucketsEnv.put(ENV_PUBLIC_KEY, key.toJson().strip()));
        bucketsEnv.put(ENV_PARTNER_BATCH_LIMIT, partnerBatchLimit);
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
                keyInPlace && !config.localstack(), evaluateKey);
        this.buckets = new LookupFunction(this, "Buckets", config, assets, BUCKETS_HANDLER,
                config.bucketsConcurrency(), bucketsEnv,
                "leakcheck GET /v2/buckets, /v2/info, /v2/feed.json: reads the table, knows the public key only",
                !config.localstack(), null);
        // Lambda encrypts evaluate's configuration for whoever deploys it, and decrypts it (and its
        // snapshots) for the function's own role.
        evaluateKey.addToResourcePolicy(KeyPolicies.use(this, "DeployerEncryptsTheConfiguration",
                new software.amazon.awscdk.services.iam.AccountRootPrincipal(), "lambda",
                List.of("kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey")));
        evaluateKey.addToResourcePolicy(KeyPolicies.use(this, "EvaluateDecryptsItsConfiguration",
                evaluate.role(), "lambda", List.of("kms:Decrypt")));

        evaluate.allow(PolicyStatement.Builder.create()
                .sid("ReadOprfKey")
                .effect(Effect.ALLOW)
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(keySecret.arn()))
                .build());
        evaluate.allow(PolicyStatement.Builder.create()
                .sid("CountInTheDailyCapTable")
                .effect(Effect.ALLOW)
                .actions(List.of("dynamodb:UpdateItem"))
                .resources(List.of(caps.table().getTableArn()))
                .build());
        // Query: the manifests (one partition); GetItem: one bucket item per CDN miss (store's BucketTable).
        buckets.allow(PolicyStatement.Builder.create()
                .sid("QueryBucketTable")
                .effect(Effect.ALLOW)
                .actions(List.of("dynamodb:Query", "dynamodb:GetItem"))
                .resources(List.of(data.table().getTableArn()))
                .build());
        buckets.allow(kmsThroughDynamoDb("DecryptBucketTable", List.of("kms:Decrypt")));
        data.allowThroughDynamoDb("BucketsDecryptsTheTable", buckets.role(), List.of("kms:Decrypt", "kms:DescribeKey"));

        this.operators = new OperatorRoles(this, "Operators", config, List.of(
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
                        List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"))),
                List.of(PolicyStatement.Builder.create()
                                .sid("ReadAndPutOprfKey")
                                .effect(Effect.ALLOW)
                                .actions(List.of("secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                                        "secretsmanager:DescribeSecret"))
                                .resources(List.of(keySecret.arn()))
                                .build(),
                        PolicyStatement.Builder.create()
                                .sid("UseOprfKeySecretKey")
                                .effect(Effect.ALLOW)
                                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                                .resources(List.of(keySecret.key().getKeyArn()))
                                .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                                        KeyPolicies.viaService(this, "secretsmanager"))))
                                .build()));
        data.allowThroughDynamoDb("LoaderUsesTheTable", operators.loader(),
                List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"));
        keySecret.restrictTo(evaluate.role(), operators.keyCustodian());

        this.api = new PublicApi(this, "Api", config, evaluate, buckets);
        if (api.siteKeySecret() != null) {
            // The public's requests carry the site key; evaluate keeps only its digest (cap.Callers) to tell
            // them from a partner key's (batch limit and daily cap).
            evaluate.function().addEnvironment(ENV_SITE_KEY_SECRET_ARN, api.siteKeySecret().getSecretArn());
            evaluate.allow(PolicyStatement.Builder.create()
                    .sid("ReadSiteKey")
                    .effect(Effect.ALLOW)
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(api.siteKeySecret().getSecretArn()))
                    .build());
        }
        if (edge != null) {
            this.edgeToken = new EdgeTokenSecret(this, "EdgeToken", config);
            edgeToken.restrictTo(evaluate.role(), config);
            evaluate.function().addEnvironment(ENV_EDGE_TOKEN_SECRET_ARN, edgeToken.secret().getSecretArn());
            evaluate.allow(PolicyStatement.Builder.create()
                    .sid("ReadEdgeToken")
                    .effect(Effect.ALLOW)
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(List.of(edgeToken.secret().getSecretArn()))
                    .build());
        } else {
            this.edgeToken = null;
        }
        this.regionalWaf = config.withEdge() ? new RegionalWaf(this, "ApiWaf", config, api.api()) : null;
        this.website = edge == null ? null : new Website(this, "Web", config, assets, assets.securityHeaders(), api,
                edge.webAclArn(), edge.edgeToken().currentVersion());
        this.monitoring = new Monitoring(this, "Operations", config, api, evaluate, buckets, data.table(),
                website == null ? null : website.distribution().getDistributionId(),
                regionalWaf == null ? null : regionalWaf.webAcl().getName());

        keepReviewedFindings(config);

        output("ApiUrl", api.api().getUrl(), "Base URL of the API stage; registered callers use it with their key");
        output("RestApiId", api.api().getRestApiId(), "REST API id (LocalStack URLs are built from it)");
        output("TableName", data.table().getTableName(), "The bucket table (loader --table)");
        output("KeySecretArn", keySecret.arn(), "Put the key file here (docs/deploy.md, step 4)");
        config.publicKey().ifPresent(key -> output("PublicKeyId", key.keyId(),
                "keyId of the public key that /v2/info publishes and the site pins"));
        output("ClientCapTableName", caps.table().getTableName(), "The daily-cap counters (HMACs of addresses, one day)");
        output("LoaderRoleArn", operators.loader().getRoleArn(), "Assume it to load, verify or delete a dataset");
        output("KeyCustodianRoleArn", operators.keyCustodian().getRoleArn(),
                "Assume it to put or read the OPRF key secret (docs/deploy.md, step 4)");
        output("LoaderTablePolicyArn", operators.loaderTablePolicy().getManagedPolicyArn(),
                "The loader role's policy: table writes");
        output("LoaderKeyPolicyArn", operators.loaderKeyPolicy().getManagedPolicyArn(),
                "The key custodian's policy: the key secret");
        output("AlarmTopicArn", monitoring.topic().getTopicArn(), "SNS topic of the alarms");
        if (website != null) {
            output("SiteUrl", website.siteUrl(config), "The public check page");
            output("DistributionId", website.distribution().getDistributionId(), "CloudFront distribution");
            output("SiteContentSha256", assets.siteContentSha256(),
                    "SHA-256 of the site this deployment uploads (docs/deploy.md, \"Check the deployed site\")");
        }
        if (api.partnerPlan() != null) {
            output("PartnerUsagePlanId", api.partnerPlan().getUsagePlanId(),
                    "Usage plan for registered API callers' keys (docs/deploy.md)");
        }
        // One output per contract plan (none on LocalStack, which has no usage plans).
        for (DeploymentConfig.PartnerContract contract : config.partnerContracts()) {
            software.amazon.awscdk.services.apigateway.UsagePlan plan = api.contractPlans().get(contract.name());
            if (plan != null) {
                output("ContractUsagePlanId" + contract.idSuffix(), plan.getUsagePlanId(), "Usage plan of the partner "
                        + "contract " + contract.name() + " (docs/deploy.md, \"Registered API callers\")");
            }
        }
    }

    /** The cdk-nag findings this stack keeps, each with its reason ({@link ReviewedFindings}). */
    private void keepReviewedFindings(DeploymentConfig config) {
        for (software.amazon.awscdk.services.apigateway.Method method : List.of(api.evaluateMethod(),
                api.bucketsMethod(), api.infoMethod(), api.feedMethod())) {
            ReviewedFindings.keep(method, ReviewedFindings.PUBLIC_API_NO_AUTH, ReviewedFindings.PUBLIC_API_NO_COGNITO);
        }
        ReviewedFindings.keep(api.api().getDeploymentStage(), ReviewedFindings.NO_EXECUTION_LOGS,
                ReviewedFindings.NO_EXECUTION_LOGS_HIPAA, ReviewedFindings.NO_API_CACHE,
                ReviewedFindings.NO_BACKEND_CERTIFICATE, ReviewedFindings.NO_XRAY);
        software.constructs.IConstruct logRole = api.api().getNode().tryFindChild("CloudWatchRole");
        if (logRole != null) {
            ReviewedFindings.keep(logRole, ReviewedFindings.GATEWAY_LOG_ROLE);
        }
        for (LookupFunction fn : List.of(evaluate, buckets)) {
            ReviewedFindings.keep(fn.function(), ReviewedFindings.JAVA_21, ReviewedFindings.SYNCHRONOUS,
                    ReviewedFindings.NO_VPC);
        }
        ReviewedFindings.keep(keySecret.resource(), ReviewedFindings.OPRF_KEY_ROTATION);
        ReviewedFindings.keep(data.table(), ReviewedFindings.LEAK_TABLE_BACKUPS);
        ReviewedFindings.keep(caps.table(), ReviewedFindings.CAP_TABLE);
        if (api.siteKeySecret() != null) {
            ReviewedFindings.keep(api.siteKeySecret(), ReviewedFindings.SITE_KEY);
        }
        if (edgeToken != null) {
            ReviewedFindings.keep(edgeToken.secret(), ReviewedFindings.EDGE_TOKEN);
        }
        if (regionalWaf != null) {
            ReviewedFindings.keep(regionalWaf.webAcl(), ReviewedFindings.NO_WAF_LOGS);
        }
        if (website != null) {
            ReviewedFindings.keep(website.distribution(), ReviewedFindings.NO_CDN_LOGS,
                    ReviewedFindings.NO_GEO_RESTRICTION);
            ReviewedFindings.keep(website.bucket(), ReviewedFindings.SITE_BUCKET);
            if (config.domainName().isEmpty()) {
                ReviewedFindings.keep(website.distribution(), ReviewedFindings.DEFAULT_CERTIFICATE);
            }
        }
        for (software.constructs.IConstruct child : getNode().getChildren()) {
            if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                ReviewedFindings.keep(child, ReviewedFindings.LIBRARY_DEPLOYER);
            }
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

    public ClientCapStore caps() {
        return caps;
    }

    public Key evaluateKey() {
        return evaluateKey;
    }

    public OperatorRoles operators() {
        return operators;
    }

    /** The edge token's secret; null on LocalStack. */
    public EdgeTokenSecret edgeToken() {
        return edgeToken;
    }

    /** Null on LocalStack. */
    public RegionalWaf regionalWaf() {
        return regionalWaf;
    }
}
