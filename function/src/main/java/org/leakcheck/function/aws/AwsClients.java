package org.leakcheck.function.aws;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.leakcheck.store.DynamoDbClients;

/**
 * The Secrets Manager client and the Lambda credentials (DynamoDB clients come from the store's
 * {@link DynamoDbClients}), built for a fast cold start: the url-connection HTTP client (no Apache, no Netty),
 * and an explicit region and credentials provider, so the SDK never walks its provider chains
 * (profile files, instance metadata) to find them.
 */
public final class AwsClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

    private AwsClients() {
    }

    /**
     * The Lambda role's credentials: from the environment ({@code AWS_ACCESS_KEY_ID}, ...) on an
     * ordinary function; from the runtime's container endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI})
     * on a SnapStart function, where Lambda sets no access-key variables, so the environment provider
     * alone would fail on every restored instance. Two providers, never the SDK's whole default chain
     * (profile files, instance metadata) on a cold start.
     */
    public static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create())
                .reuseLastProviderEnabled(true)
                .build();
    }

    /** The HTTP client of the Secrets Manager client. */
    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    /** A Secrets Manager client. */
    public static SecretsManagerClient secretsManager(Region region, AwsCredentialsProvider credentials) {
        return SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(httpClient())
                .build();
    }
}
