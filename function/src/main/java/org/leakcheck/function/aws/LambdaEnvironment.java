package org.leakcheck.function.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.PartnerBatchLimit;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.cap.Callers;
import org.leakcheck.function.cap.CapEnvironment;
import org.leakcheck.function.cap.ClientCap;
import org.leakcheck.function.cap.ClientResolver;
import org.leakcheck.protocol.keys.KeyFiles;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.keys.PinnedKey;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DynamoDbClients;

/**
 * The functions' configuration, read once from the environment by the handlers' no-argument
 * (Lambda) constructors. Everything else takes its configuration through constructors.
 *
 * <p>SDK types appear only in {@link AwsClients}, {@link KeySources} and the store's
 * {@link DynamoDbClients}: loading this class (on
 * every cold start of both functions) then loads no SDK class the function does not use.
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><th>variable</th><th>used by</th><th>meaning</th></tr>
 * <tr><td>AWS_REGION</td><td>both</td><td>region of the table and the secret (set by Lambda)</td></tr>
 * <tr><td>AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN</td><td>both</td><td>the role's credentials (set by Lambda)</td></tr>
 * <tr><td>LEAKCHECK_KEY_SECRET_ARN</td><td>evaluate</td><td>Secrets Manager secret holding the key JSON</td></tr>
 * <tr><td>LEAKCHECK_KEY_FILE</td><td>evaluate</td><td>instead of the secret: a key file (local runs, benchmarks)</td></tr>
 * <tr><td>LEAKCHECK_PUBLIC_KEY</td><td>buckets</td><td>the contents of the public-key file ({@code key.pub.json}):
 *     published by /v2/info; only datasets loaded under its key id are served</td></tr>
 * <tr><td>LEAKCHECK_TABLE</td><td>buckets</td><td>the bucket table</td></tr>
 * <tr><td>LEAKCHECK_PARTNER_BATCH_LIMIT</td><td>both</td><td>most elements per evaluation of a registered
 *     API caller, 4 to 256, default 256; the public (no API key, or the site key) may send 4, the page's Q.
 *     The buckets function announces it as batch.limit</td></tr>
 * <tr><td>LEAKCHECK_DYNAMODB_ENDPOINT</td><td>buckets</td><td>a DynamoDB-compatible endpoint (local engines only)</td></tr>
 * <tr><td>LEAKCHECK_ALLOWED_ORIGIN</td><td>both</td><td>the one origin allowed by CORS, {@code *}, or unset for none</td></tr>
 * <tr><td>LEAKCHECK_SITE_KEY_SECRET_ARN</td><td>evaluate</td><td>the secret of the API key CloudFront adds
 *     (only its digest is kept): a request with it is the public; unset, every checked key is a registered
 *     caller's ({@link Callers})</td></tr>
 * <tr><td>LEAKCHECK_CAP_TABLE, LEAKCHECK_CAP_PER_DAY, LEAKCHECK_EDGE_TOKEN_SECRET_ARN</td><td>evaluate</td><td>the
 *     daily cap per client address: see {@link CapEnvironment}; no cap when the table is unset</td></tr>
 * </table>
 */
public final class LambdaEnvironment {

    public static final String REGION = "AWS_REGION";
    public static final String KEY_SECRET_ARN = "LEAKCHECK_KEY_SECRET_ARN";
    public static final String KEY_FILE = "LEAKCHECK_KEY_FILE";
    public static final String PUBLIC_KEY = "LEAKCHECK_PUBLIC_KEY";
    public static final String TABLE = "LEAKCHECK_TABLE";
    public static final String PARTNER_BATCH_LIMIT = "LEAKCHECK_PARTNER_BATCH_LIMIT";
    public static final String DYNAMODB_ENDPOINT = "LEAKCHECK_DYNAMODB_ENDPOINT";
    public static final String ALLOWED_ORIGIN = "LEAKCHECK_ALLOWED_ORIGIN";

    private final Map<String, String> env;

    public LambdaEnvironment(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The process environment. */
    public static LambdaEnvironment fromSystem() {
        return new LambdaEnvironment(System.getenv());
    }

    /** Logging to stdout (CloudWatch in Lambda) and CORS from {@value #ALLOWED_ORIGIN}. */
    public HttpSettings httpSettings() {
        return HttpSettings.of(optional(ALLOWED_ORIGIN), System.out::println);
    }

    /** The VOPRF key: from {@value #KEY_SECRET_ARN} if set, else from {@value #KEY_FILE}. */
    public KeyMaterial evaluateKey() {
        Optional<String> arn = optional(KEY_SECRET_ARN);
        return arn.isPresent()
                ? KeySources.fromSecretsManager(region(), arn.get())
                : KeySources.fromFile(Path.of(optional(KEY_FILE).orElseThrow(() -> new IllegalStateException(
                        "environment: " + KEY_SECRET_ARN + " (or " + KEY_FILE + " for local runs) must be set"))));
    }

    /**
     * Who is the public and who a registered caller: reads the site key's secret
     * ({@code LEAKCHECK_SITE_KEY_SECRET_ARN}) once, here, and keeps only its digest; without it, every
     * key API Gateway checked is a registered caller's.
     */
    public Callers callers() {
        CapEnvironment cap = new CapEnvironment(env);
        if (!cap.hasSiteKey()) {
            return Callers.withoutSiteKey();
        }
        try (SecretsManagerClient secrets = AwsClients.secretsManager(region(), AwsClients.lambdaCredentials())) {
            return cap.callers(secrets);
        }
    }

    /**
     * The evaluate function's daily cap ({@link CapEnvironment}: {@code LEAKCHECK_CAP_TABLE} and the
     * variables beside it), under day keys derived from {@code key}, sparing {@code callers}' registered
     * callers; none when no cap table is set. Reads the edge token's secret once, here, and keeps only
     * its digest.
     */
    public ClientCap clientCap(KeyMaterial key, Callers callers) {
        CapEnvironment cap = new CapEnvironment(env);
        if (!cap.capped()) {
            return ClientCap.none();
        }
        ClientResolver resolver;
        try (SecretsManagerClient secrets = AwsClients.secretsManager(region(), AwsClients.lambdaCredentials())) {
            resolver = cap.resolver(callers, secrets);
        }
        return ClientCap.of(resolver, cap.dailyCap(key, region(), AwsClients.lambdaCredentials()));
    }

    /** The public key, from {@value #PUBLIC_KEY}. */
    public PinnedKey publicKey() {
        return KeyFiles.parsePublic(required(PUBLIC_KEY), "environment: " + PUBLIC_KEY);
    }

    /** The bucket table, from {@value #TABLE}, in {@value #REGION} (or at {@value #DYNAMODB_ENDPOINT}). */
    public BucketTable bucketTable() {
        return new BucketTable(DynamoDbClients.create(region(), AwsClients.lambdaCredentials(),
                optional(DYNAMODB_ENDPOINT).map(URI::create), DynamoDbClients.REQUEST_TIMEOUT), required(TABLE));
    }

    /** The public key from {@value #PUBLIC_KEY} and the partner batch limit, with the manifest cache's defaults. */
    public BucketsConfig bucketsConfig() {
        return BucketsConfig.of(publicKey(), partnerBatchLimit());
    }

    /** {@value #PARTNER_BATCH_LIMIT}, default {@value PartnerBatchLimit#MAX} (the documented maximum). */
    public PartnerBatchLimit partnerBatchLimit() {
        Optional<String> raw = optional(PARTNER_BATCH_LIMIT);
        if (raw.isEmpty()) {
            return PartnerBatchLimit.DEFAULT;
        }
        try {
            return new PartnerBatchLimit(Integer.parseInt(raw.get()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment: " + PARTNER_BATCH_LIMIT + " must be an integer from "
                    + PartnerBatchLimit.PAGE + " to " + PartnerBatchLimit.MAX);
        }
    }

    Region region() {
        return Region.of(required(REGION));
    }

    private String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("environment: " + name + " must be set"));
    }

    private Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
