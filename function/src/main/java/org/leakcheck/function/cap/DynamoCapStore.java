package org.leakcheck.function.cap;

import java.util.Map;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The counters in their own DynamoDB table: partition key {@value #PARTITION_KEY} (binary, the
 * day's HMAC of the address, {@link DailyKeys}), the count in {@value #COUNT} and the TTL in
 * {@value #TTL}. One conditional {@code UpdateItem} per evaluation, which is the only action the
 * evaluate role has on this table (and it has none on the leak's table):
 *
 * <pre>
 * UpdateItem  key {client: B}
 *             ADD n :elements  SET expiresAt = if_not_exists(expiresAt, :end)
 *             IF attribute_not_exists(n) OR n &lt;= :room      (room = limit - elements)
 * </pre>
 *
 * A refused update writes nothing. Whatever DynamoDB answers otherwise (throttling, an outage)
 * propagates: the handler answers 500 rather than evaluate without counting.
 */
public final class DynamoCapStore implements CapStore {
    /** The table's partition key attribute. */
    public static final String PARTITION_KEY = "client";
    /** The count of elements evaluated today. */
    public static final String COUNT = "n";
    /** TTL attribute: the end of the UTC day, epoch seconds. */
    public static final String TTL = "expiresAt";

    private static final String UPDATE = "ADD #n :e SET #x = if_not_exists(#x, :x)";
    private static final String CONDITION = "attribute_not_exists(#n) OR #n <= :room";

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoCapStore(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
    }

    @Override
    public boolean addWithin(byte[] clientId, int elements, int limit, long expiresAtEpochSecond) {
        if (elements > limit) {
            return false;
        }
        try {
            client.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(PARTITION_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(clientId))))
                    .updateExpression(UPDATE)
                    .conditionExpression(CONDITION)
                    .expressionAttributeNames(Map.of("#n", COUNT, "#x", TTL))
                    .expressionAttributeValues(Map.of(
                            ":e", AttributeValue.fromN(Integer.toString(elements)),
                            ":x", AttributeValue.fromN(Long.toString(expiresAtEpochSecond)),
                            ":room", AttributeValue.fromN(Integer.toString(limit - elements)))));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }
}
