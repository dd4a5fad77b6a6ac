package org.leakcheck.loader.cli;

import java.net.URI;
import org.leakcheck.store.BucketTable;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Where the bucket table is: shared by load, verify and delete-dataset. */
final class TableOptions {
    @Option(names = "--table", defaultValue = "leakcheck", paramLabel = "NAME",
            description = "DynamoDB table name (the stack output TableName). Default: ${DEFAULT-VALUE}.")
    String table;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "DynamoDB endpoint, for a local engine such as dynalite (http://127.0.0.1:4567). "
                    + "Loopback endpoints use dummy credentials; otherwise the AWS default credential chain applies.")
    URI endpoint;

    @Option(names = "--region", defaultValue = "eu-west-3", paramLabel = "REGION",
            description = "AWS region of the table. Default: ${DEFAULT-VALUE}.")
    String region;

    BucketTable open() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(credentials());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return new BucketTable(builder.build(), table);
    }

    private AwsCredentialsProvider credentials() {
        if (endpoint != null && isLoopback(endpoint.getHost())) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || (host != null && (host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")));
    }
}
