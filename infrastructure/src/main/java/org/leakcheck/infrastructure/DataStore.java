package org.leakcheck.infrastructure;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The bucket table: partition key {@code bucket} (number), sort key {@code dataset} (string), one
 * item per (bucket, dataset) plus a manifest per dataset at bucket -1 (docs/protocol.md §6, §8).
 *
 * <p>The table and its key outlive the stack (RETAIN, deletion protection): a loaded leak costs
 * hours of OPRF evaluations to rebuild, and deleting it must be a decision, not a side effect of a
 * teardown. The table is encrypted with its own customer-managed KMS key so that the key policy,
 * not only IAM, decides who can read a backup or an export.
 */
public final class DataStore extends Construct {
    /** Partition key attribute name, shared with the store adapter. */
    public static final String PARTITION_KEY = "bucket";
    /** Sort key attribute name. */
    public static final String SORT_KEY = "dataset";

    private final Table table;
    private final Key tableKey;

    public DataStore(Construct scope, String id) {
        super(scope, id);
        this.tableKey = Key.Builder.create(this, "TableKey")
                .description("leakcheck: encrypts the bucket table")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        this.table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.NUMBER).build())
                .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(tableKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public Table table() {
        return table;
    }

    public Key tableKey() {
        return tableKey;
    }
}
