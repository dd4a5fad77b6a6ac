package org.leakcheck.testkit;

import java.time.Duration;
import java.util.Map;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/** Small table helpers for the testkit's own tests (the real adapter lives in module store). */
final class Tables {

    private Tables() {
    }

    /** Creates a table keyed by {@code id} (S) and waits until it is ACTIVE. */
    static void create(DynamoDbClient client, String table) {
        client.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        // The SDK's default waiter polls every 20 s; dynalite is CREATING for about 0.5 s.
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(100)))
                        .maxAttempts(100).build())
                .build()) {
            waiter.waitUntilTableExists(b -> b.tableName(table)).matched().exception().ifPresent(e -> {
                throw new AssertionError("table " + table + " did not become active", e);
            });
        }
    }

    static void put(DynamoDbClient client, String table, String id, byte[] payload) {
        client.putItem(b -> b.tableName(table).item(Map.of(
                "id", AttributeValue.fromS(id),
                "payload", AttributeValue.fromB(SdkBytes.fromByteArray(payload)))));
    }

    /** The payload of item {@code id}, or null if there is no such item. */
    static byte[] get(DynamoDbClient client, String table, String id) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(id)))).item();
        return item.isEmpty() ? null : item.get("payload").b().asByteArray();
    }
}
