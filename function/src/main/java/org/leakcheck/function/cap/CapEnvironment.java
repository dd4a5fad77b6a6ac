package org.leakcheck.function.cap;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.leakcheck.protocol.keys.KeyMaterial;
import org.leakcheck.store.DynamoDbClients;

/**
 * The daily cap's configuration, read from the evaluate function's environment (set by the CDK
 * stack, infrastructure's {@code ClientCapStore}):
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><th>variable</th><th>meaning</th></tr>
 * <tr><td>{@value #CAP_TABLE}</td><td>the counter table; unset: no daily cap (local runs)</td></tr>
 * <tr><td>{@value #CAP_PER_DAY}</td><td>elements one client address may have evaluated per UTC day</td></tr>
 * <tr><td>{@value #SITE_KEY_SECRET_ARN}</td><td>the secret holding the API key CloudFront sends, read
 *     once at init (only its SHA-256 is kept), with or without a cap table: it tells the public from
 *     registered callers ({@link Callers}), for the batch limit too; unset without CloudFront</td></tr>
 * <tr><td>{@value #EDGE_TOKEN_SECRET_ARN}</td><td>the secret holding the edge token that CloudFront's
 *     edge function adds to /v2/evaluate, read once at init (only its SHA-256 is kept); unset without
 *     CloudFront, and then no viewer address is trusted</td></tr>
 * <tr><td>{@value #DYNAMODB_ENDPOINT}</td><td>a DynamoDB-compatible endpoint (local engines only)</td></tr>
 * </table>
 */
public final class CapEnvironment {
    public static final String CAP_TABLE = "LEAKCHECK_CAP_TABLE";
    public static final String CAP_PER_DAY = "LEAKCHECK_CAP_PER_DAY";
    public static final String SITE_KEY_SECRET_ARN = "LEAKCHECK_SITE_KEY_SECRET_ARN";
    public static final String EDGE_TOKEN_SECRET_ARN = "LEAKCHECK_EDGE_TOKEN_SECRET_ARN";
    public static final String DYNAMODB_ENDPOINT = "LEAKCHECK_DYNAMODB_ENDPOINT";

    private final Map<String, String> env;

    public CapEnvironment(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** True when the stack configured a daily cap. */
    public boolean capped() {
        return optional(CAP_TABLE).isPresent();
    }

    /** True when the stack named the site key's secret (CloudFront is in front). */
    public boolean hasSiteKey() {
        return optional(SITE_KEY_SECRET_ARN).isPresent();
    }

    /**
     * Who is the public and who a registered caller: reads the site key's secret with {@code secrets}
     * when it is set, and keeps only its digest.
     */
    public Callers callers(SecretsManagerClient secrets) {
        return Callers.withSiteKey(secretDigest(secrets, SITE_KEY_SECRET_ARN));
    }

    /**
     * Who a request counts against: {@code callers}, and the edge token's secret read with
     * {@code secrets} when it is set (only its digest is kept).
     */
    public ClientResolver resolver(Callers callers, SecretsManagerClient secrets) {
        return new ClientResolver(callers, secretDigest(secrets, EDGE_TOKEN_SECRET_ARN));
    }

    private Optional<byte[]> secretDigest(SecretsManagerClient secrets, String variable) {
        return optional(variable).map(arn -> {
            String value = secrets.getSecretValue(r -> r.secretId(arn)).secretString();
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("environment: the secret of " + variable + " has no string value");
            }
            return ClientResolver.digest(value);
        });
    }

    /** The cap, counting in {@value #CAP_TABLE}, under day keys derived from {@code key}. */
    public DailyCap dailyCap(KeyMaterial key, Region region, AwsCredentialsProvider credentials) {
        String table = optional(CAP_TABLE).orElseThrow(() -> new IllegalStateException(
                "environment: " + CAP_TABLE + " must be set"));
        int perDay;
        try {
            perDay = Integer.parseInt(optional(CAP_PER_DAY).orElseThrow(() -> new IllegalStateException(
                    "environment: " + CAP_PER_DAY + " must be set")));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment: " + CAP_PER_DAY + " must be an integer");
        }
        CapStore store = new DynamoCapStore(DynamoDbClients.create(region, credentials,
                optional(DYNAMODB_ENDPOINT).map(URI::create), DynamoDbClients.REQUEST_TIMEOUT), table);
        return new DailyCap(store, DailyKeys.of(key), perDay, Clock.systemUTC());
    }

    private Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
