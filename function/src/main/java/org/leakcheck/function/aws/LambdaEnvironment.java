package org.leakcheck.function.aws;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.regions.Region;

import org.leakcheck.function.HttpSettings;
import org.leakcheck.function.buckets.BucketSource;
import org.leakcheck.function.buckets.BucketsConfig;
import org.leakcheck.function.buckets.DynamoBucketSource;
import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.protocol.lookup.Buckets;
import org.leakcheck.store.BucketTable;

/**
 * The functions' configuration, read once from the environment by the handlers' no-argument
 * (Lambda) constructors. Everything else takes its configuration through constructors.
 *
 * <p>SDK types appear only in {@link AwsClients} and {@link KeySources}: loading this class (on
 * every cold start of both functions) then loads no SDK class the function does not use.
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><th>variable</th><th>used by</th><th>meaning</th></tr>
 * <tr><td>AWS_REGION</td><td>both</td><td>region of the table and the secret (set by Lambda)</td></tr>
 * <tr><td>AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN</td><td>both</td><td>the role's credentials (set by Lambda)</td></tr>
 * <tr><td>LEAKCHECK_KEY_SECRET_ARN</td><td>evaluate</td><td>Secrets Manager secret holding the key JSON</td></tr>
 * <tr><td>LEAKCHECK_KEY_FILE</td><td>evaluate</td><td>instead of the secret: a key file (local runs, benchmarks)</td></tr>
 * <tr><td>LEAKCHECK_TABLE</td><td>buckets</td><td>the bucket table</td></tr>
 * <tr><td>LEAKCHECK_BUCKET_BITS</td><td>buckets</td><td>B, 1 to 24, default 12</td></tr>
 * <tr><td>LEAKCHECK_KEY_ID</td><td>both</td><td>key id announced by /v1/info (unset, empty or {@code unset}: the
 *     newest manifest's); evaluate warns when its key has another id</td></tr>
 * <tr><td>LEAKCHECK_DYNAMODB_ENDPOINT</td><td>buckets</td><td>a DynamoDB-compatible endpoint (local engines only)</td></tr>
 * <tr><td>LEAKCHECK_ALLOWED_ORIGIN</td><td>both</td><td>the one origin allowed by CORS, {@code *}, or unset for none</td></tr>
 * </table>
 */
public final class LambdaEnvironment {

    public static final String REGION = "AWS_REGION";
    public static final String KEY_SECRET_ARN = "LEAKCHECK_KEY_SECRET_ARN";
    public static final String KEY_FILE = "LEAKCHECK_KEY_FILE";
    public static final String TABLE = "LEAKCHECK_TABLE";
    public static final String BUCKET_BITS = "LEAKCHECK_BUCKET_BITS";
    public static final String KEY_ID = "LEAKCHECK_KEY_ID";
    public static final String DYNAMODB_ENDPOINT = "LEAKCHECK_DYNAMODB_ENDPOINT";
    public static final String ALLOWED_ORIGIN = "LEAKCHECK_ALLOWED_ORIGIN";
    /** The value of {@value #KEY_ID} that means "no key id configured". */
    public static final String UNSET = "unset";

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

    /**
     * The OPRF key: from {@value #KEY_SECRET_ARN} if set, else from {@value #KEY_FILE}. When
     * {@value #KEY_ID} names another key, logs a warning: /v1/info would announce an id that the
     * evaluations do not carry, and clients would report a key change on every check.
     */
    public KeyMaterial evaluateKey() {
        Optional<String> arn = optional(KEY_SECRET_ARN);
        KeyMaterial key = arn.isPresent()
                ? KeySources.fromSecretsManager(region(), arn.get())
                : KeySources.fromFile(Path.of(optional(KEY_FILE).orElseThrow(() -> new IllegalStateException(
                        "environment: " + KEY_SECRET_ARN + " (or " + KEY_FILE + " for local runs) must be set"))));
        keyId().filter(configured -> !configured.equals(key.keyId())).ifPresent(configured ->
                httpSettings().log().event("warn", "the key's id differs from " + KEY_ID
                        + ": /v1/info and /v1/evaluate announce different keys", null));
        return key;
    }

    /** The bucket table, from {@value #TABLE}, in {@value #REGION} (or at {@value #DYNAMODB_ENDPOINT}). */
    public BucketSource bucketSource() {
        return new DynamoBucketSource(new BucketTable(AwsClients.dynamoDb(region(), AwsClients.lambdaCredentials(),
                optional(DYNAMODB_ENDPOINT).map(URI::create)), required(TABLE)));
    }

    /** B from {@value #BUCKET_BITS} (default 12) and the key id from {@value #KEY_ID}. */
    public BucketsConfig bucketsConfig() {
        return BucketsConfig.of(bucketBits(), keyId());
    }

    /** {@value #KEY_ID}, absent when unset, empty or {@value #UNSET} (the CDK stack's placeholder). */
    Optional<String> keyId() {
        return optional(KEY_ID).filter(id -> !id.equals(UNSET));
    }

    int bucketBits() {
        Optional<String> raw = optional(BUCKET_BITS);
        if (raw.isEmpty()) {
            return Buckets.DEFAULT_BITS;
        }
        try {
            return Buckets.requireBits(Integer.parseInt(raw.get().trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment: " + BUCKET_BITS + " must be an integer from "
                    + Buckets.MIN_BITS + " to " + Buckets.MAX_BITS);
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
