package org.leakcheck.infrastructure;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The evaluate function's daily counters (function module, {@code org.leakcheck.function.cap}): one
 * item per client address and UTC day, keyed by {@value #PARTITION_KEY}, the day's HMAC of the address
 * (never the address), holding the count of elements evaluated ({@code n}) and its expiry
 * ({@value #TTL_ATTRIBUTE}, the end of the day), after which the table's TTL deletes it.
 *
 * <p>A table of its own, so that the evaluate role can be given {@code dynamodb:UpdateItem} on it and
 * nothing on the leak's table. No point-in-time recovery and no backup: a counter must not outlive
 * its day, and losing the table only resets today's counts. DESTROY: nothing in it is worth keeping.
 */
public final class ClientCapStore extends Construct {
    /** Partition key: binary, 16 bytes. The function's {@code DynamoCapStore.PARTITION_KEY}. */
    public static final String PARTITION_KEY = "client";
    /** TTL attribute: epoch seconds of the end of the counter's UTC day. */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private final Table table;

    public ClientCapStore(Construct scope, String id) {
        super(scope, id);
        this.table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.BINARY).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    public Table table() {
        return table;
    }
}
