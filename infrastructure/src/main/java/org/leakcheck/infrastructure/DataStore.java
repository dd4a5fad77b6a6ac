package org.leakcheck.infrastructure;

import java.util.List;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/**
 * The bucket table: partition key {@code bucket} (number), sort key {@code dataset} (string), one
 * item per (bucket, dataset) plus a manifest per dataset at bucket -1 (docs/protocol.md §6, §8).
 *
 * <p>The table and its key outlive the stack (RETAIN, deletion protection): a loaded leak costs
 * hours of OPRF evaluations to rebuild, and deleting it must be a decision, not a side effect of a
 * teardown. The table is encrypted with its own customer-managed KMS key, and that key's policy,
 * not only IAM, decides who can read the table, a backup or an export: the account administers the
 * key but cannot use it, and only the roles given {@link #allowThroughDynamoDb} (the buckets
 * function's, the loader's) may, through DynamoDB only. So {@code ReadOnlyAccess}, whose
 * {@code dynamodb:Scan} would otherwise read every item, gets an access-denied from KMS.
 *
 * <p>Every item carries its expiry in {@value #TTL_ATTRIBUTE} (epoch seconds: the dataset's
 * {@code servedUntil} plus a 30-day grace, written by the loader, docs/protocol.md §6.4), and the
 * table's TTL deletes it after that: a leak's data removes itself when its communication ends.
 */
public final class DataStore extends Construct {
    /** Partition key attribute name, shared with the store adapter. */
    public static final String PARTITION_KEY = "bucket";
    /** Sort key attribute name. */
    public static final String SORT_KEY = "dataset";
    /** The TTL attribute, the store's {@code TableLayout.TTL_ATTRIBUTE}. */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private final Table table;
    private final Key tableKey;

    public DataStore(Construct scope, String id) {
        super(scope, id);
        this.tableKey = Key.Builder.create(this, "TableKey")
                .description("leakcheck: encrypts the bucket table; usable through DynamoDB by the roles its policy names")
                .enableKeyRotation(true)
                .policy(KeyPolicies.administeredBy(Stack.of(this), "dynamodb"))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // DynamoDB reads the key's metadata for the table itself (DescribeKey for the console and backups).
        tableKey.addToResourcePolicy(KeyPolicies.service("DynamoDbDescribesTheKey", "dynamodb.amazonaws.com",
                List.of("kms:DescribeKey", "kms:GetKeyPolicy", "kms:ListGrants")));
        this.table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.NUMBER).build())
                .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(tableKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /** Lets {@code role} use the table's key for {@code actions}, through DynamoDB only (a key policy statement). */
    public void allowThroughDynamoDb(String sid, IRole role, List<String> actions) {
        tableKey.addToResourcePolicy(KeyPolicies.use(Stack.of(this), sid, role, "dynamodb", actions));
    }

    public Table table() {
        return table;
    }

    public Key tableKey() {
        return tableKey;
    }
}
