package org.leakcheck.store;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The one factory of DynamoDB clients, for the functions, the loader and the local server: the
 * url-connection HTTP client (no Apache, no Netty), and an explicit region and credentials
 * provider, so the SDK never walks its provider chains (profile files, instance metadata) to find
 * them on a Lambda cold start.
 */
public final class DynamoDbClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    /**
     * How long a caller waits for a table that answers one GetItem or Query: the functions answer
     * a person who waits, and a retry by the client is cheaper than a hung request.
     */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * How long the loader waits for a BatchWriteItem of 25 items of up to 400 KB each (the SDK's
     * own default); its batches are retried on a timeout, so this only bounds a stuck call.
     */
    public static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

    private DynamoDbClients() {
    }

    /**
     * A DynamoDB client.
     *
     * @param region        the table's region
     * @param credentials   the credentials to sign with ({@link #localCredentials()} for a local engine)
     * @param endpoint      overrides AWS's endpoint, for a local engine
     * @param socketTimeout the longest wait for an answer: {@link #REQUEST_TIMEOUT} or {@link #BATCH_TIMEOUT}
     */
    public static DynamoDbClient create(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint,
                                        Duration socketTimeout) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(socketTimeout)
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Dummy credentials: a local engine (dynalite, LocalStack) ignores them, but the SDK signs every request. */
    public static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
}
