package org.leakcheck.function.cap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.leakcheck.testkit.DynaliteExtension;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The counter table on a real DynamoDB-compatible engine. Needs: dynalite, installed in
 * testkit/node_modules by the testkit build, and Node 20+ (started by {@link DynaliteExtension}).
 */
@ExtendWith(DynaliteExtension.class)
class DynamoCapStoreTest {
    private static final byte[] CLIENT = new byte[16];
    private static final long END_OF_DAY = 1_796_083_200L;

    private static DynamoCapStore table(DynamoDbClient client, String name) {
        client.createTable(r -> r.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName(DynamoCapStore.PARTITION_KEY).keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName(DynamoCapStore.PARTITION_KEY)
                        .attributeType(ScalarAttributeType.B).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        // The SDK's waiter first sleeps 20 s; dynalite makes a table in well under a second.
        for (int i = 0; i < 100 && client.describeTable(r -> r.tableName(name)).table().tableStatus()
                != TableStatus.ACTIVE; i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return new DynamoCapStore(client, name);
    }

    private static Map<String, AttributeValue> item(DynamoDbClient client, String table) {
        return client.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(DynamoCapStore.PARTITION_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(CLIENT))))).item();
    }

    @Test
    void countsElementsAndRefusesTheBatchThatWouldPassTheLimit(DynamoDbClient client) {
        DynamoCapStore store = table(client, "cap-limit");
        assertTrue(store.addWithin(CLIENT, 4, 10, END_OF_DAY));
        assertTrue(store.addWithin(CLIENT, 4, 10, END_OF_DAY));
        assertFalse(store.addWithin(CLIENT, 4, 10, END_OF_DAY));
        assertEquals("8", item(client, "cap-limit").get(DynamoCapStore.COUNT).n(), "a refused update writes nothing");
        assertTrue(store.addWithin(CLIENT, 2, 10, END_OF_DAY));
        assertFalse(store.addWithin(CLIENT, 11, 10, END_OF_DAY), "a batch over the limit is never admitted");
    }

    @Test
    void storesOnlyTheKeyedNameTheCountAndTheExpiryOfTheFirstUpdate(DynamoDbClient client) {
        DynamoCapStore store = table(client, "cap-item");
        assertTrue(store.addWithin(CLIENT, 1, 10, END_OF_DAY));
        assertTrue(store.addWithin(CLIENT, 1, 10, END_OF_DAY + 86_400));
        Map<String, AttributeValue> item = item(client, "cap-item");
        assertEquals(Set.of(DynamoCapStore.PARTITION_KEY, DynamoCapStore.COUNT, DynamoCapStore.TTL), item.keySet());
        assertEquals(Long.toString(END_OF_DAY), item.get(DynamoCapStore.TTL).n(), "the counter never outlives its day");
    }

    @Test
    void neverAdmitsMoreThanTheLimitUnderConcurrentEvaluations(DynamoDbClient client) throws Exception {
        DynamoCapStore store = table(client, "cap-race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(() -> store.addWithin(CLIENT, 4, 100, END_OF_DAY));
            }
            int admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                admitted += f.get() ? 1 : 0;
            }
            assertEquals(25, admitted, "100 / 4");
            assertEquals("100", item(client, "cap-race").get(DynamoCapStore.COUNT).n());
        } finally {
            pool.shutdownNow();
        }
    }
}
