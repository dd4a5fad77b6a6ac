package org.leakcheck.loader.cli;

import java.net.URI;
import java.util.Optional;
import org.leakcheck.store.BucketTable;
import org.leakcheck.store.DynamoDbClients;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

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
        return new BucketTable(DynamoDbClients.create(Region.of(region), credentials(), Optional.ofNullable(endpoint),
                DynamoDbClients.BATCH_TIMEOUT), table);
    }

    private AwsCredentialsProvider credentials() {
        if (endpoint != null && isLoopback(endpoint.getHost())) {
            return DynamoDbClients.localCredentials();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || (host != null && (host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")));
    }

    /** True when an endpoint was given: a local engine, whose writes need no pacing. */
    boolean local() {
        return endpoint != null;
    }
}
