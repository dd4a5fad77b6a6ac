package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leakcheck.testkit.DynaliteExtension;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one DynamoDB client factory reaches a local engine with the dummy credentials. Needs: Node
 * 20+ and testkit/node_modules (built by the testkit module); the extension starts dynalite.
 */
class DynamoDbClientsTest {

    @RegisterExtension
    static final DynaliteExtension DYNAMO = DynaliteExtension.perClass();

    @Test
    void aClientForALocalEngineCreatesAndFindsTheTable() {
        try (DynamoDbClient client = DynamoDbClients.create(Region.EU_WEST_3, DynamoDbClients.localCredentials(),
                Optional.of(DYNAMO.endpoint()), DynamoDbClients.REQUEST_TIMEOUT)) {
            BucketTable table = new BucketTable(client, "factory-buckets");
            table.createIfMissing();
            assertTrue(client.listTables().tableNames().contains("factory-buckets"));
            assertEquals(0, table.manifests().size(), "a new table serves nothing");
        }
    }

    @Test
    void theLoaderWaitsLongerForABatchThanAFunctionForOneRead() {
        assertTrue(DynamoDbClients.BATCH_TIMEOUT.compareTo(DynamoDbClients.REQUEST_TIMEOUT) > 0);
    }
}
