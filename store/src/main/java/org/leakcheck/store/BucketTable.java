package org.leakcheck.store;

import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The bucket table adapter: one padded item per (bucket, dataset), one manifest item per complete
 * dataset (layout in {@link TableLayout}).
 *
 * <p>Readers (the buckets function) use {@link #manifests()} and {@link #queryBucket(int)}, both
 * eventually consistent Queries, and serve only datasets that have a manifest. The loader uses
 * {@link #writeBuckets}, then {@link #putManifest} last, and the strongly consistent
 * {@link #manifest(String)}, {@link #getBucket} and {@link #scanDataset} to verify.
 *
 * <p>Thread-safe: it holds only the client, which is.
 */
public final class BucketTable {

    /** Dataset deletion scans keys and deletes them this many at a time, to bound memory. */
    private static final int DELETE_CHUNK = 10_000;
    private static final Duration WAITER_POLL = Duration.ofMillis(250);
    private static final Duration WAITER_TIMEOUT = Duration.ofMinutes(5);

    private final DynamoDbClient client;
    private final String tableName;

    /**
     * @param client    the DynamoDB client; not closed by this class
     * @param tableName the table (DynamoDB names: 3 to 255 characters of [a-zA-Z0-9_.-])
     */
    public BucketTable(DynamoDbClient client, String tableName) {
        this.client = Validation.notNull(client, "client");
        if (tableName == null || !tableName.matches("[a-zA-Z0-9_.-]{3,255}")) {
            throw new IllegalArgumentException("tableName: must match [a-zA-Z0-9_.-]{3,255}");
        }
        this.tableName = tableName;
    }

    /** The table's name. */
    public String tableName() {
        return tableName;
    }

    /**
     * Creates the table (on-demand capacity, key {@code bucket} N + {@code dataset} S) unless it
     * exists, then waits until it is ACTIVE. For local engines and the demo; in AWS the CDK stack
     * owns the table.
     *
     * @throws StoreException if a table of that name exists with another key schema, or does not
     *                        become active within 5 minutes
     */
    public void createIfMissing() {
        try {
            checkKeySchema(client.describeTable(r -> r.tableName(tableName)).table());
        } catch (ResourceNotFoundException missing) {
            try {
                client.createTable(r -> r.tableName(tableName)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                attribute(TableLayout.BUCKET, ScalarAttributeType.N),
                                attribute(TableLayout.DATASET, ScalarAttributeType.S))
                        .keySchema(
                                KeySchemaElement.builder().attributeName(TableLayout.BUCKET).keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName(TableLayout.DATASET).keyType(KeyType.RANGE).build()));
            } catch (ResourceInUseException createdMeanwhile) {
                // Another process created it between our describe and create: wait for it below.
            }
        }
        // DynamoDB (and dynalite) keep a new table CREATING for a while. The SDK waiter's default
        // poll is 20 s; a table is usually ready within seconds, so poll faster.
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder()
                .client(client)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(WAITER_POLL))
                        .maxAttempts((int) (WAITER_TIMEOUT.toMillis() / WAITER_POLL.toMillis()))
                        .waitTimeout(WAITER_TIMEOUT)
                        .build())
                .build()) {
            waiter.waitUntilTableExists(r -> r.tableName(tableName)).matched().exception().ifPresent(e -> {
                throw new StoreException("table " + tableName + " did not become active: "
                        + e.getClass().getSimpleName(), e);
            });
        }
    }

    /**
     * Writes bucket items of a dataset with BatchWriteItem, 25 per call, calls in parallel;
     * unprocessed items and transient failures (throttling, 5xx, connection errors, timeouts) are
     * retried as {@code options} say. Rewriting an item replaces it, so running the same write
     * again after a failure converges to the same table.
     *
     * @param buckets each bucket number at most once
     * @throws StoreException if some items are still not written after their last attempt, or a
     *                        non-retryable error occurs; the message names the table, the
     *                        dataset, the count not written and the cause's class
     */
    public void writeBuckets(String datasetId, List<BucketWrite> buckets, WriteOptions options,
                             ProgressListener progress) {
        Validation.datasetId(datasetId);
        Validation.notNull(buckets, "buckets");
        Validation.notNull(options, "options");
        Validation.notNull(progress, "progress");
        Set<Integer> seen = new HashSet<>();
        for (BucketWrite write : buckets) {
            Validation.notNull(write, "buckets");
            if (!seen.add(write.bucket())) {
                // BatchWriteItem rejects duplicate keys in one call; elsewhere the last write would win silently.
                throw new IllegalArgumentException("buckets: each bucket number must appear at most once");
            }
        }
        // Items are built (and their entries copied) only when their batch is sent.
        List<WriteRequest> requests = new AbstractList<>() {
            @Override
            public WriteRequest get(int index) {
                return WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(TableLayout.bucketItem(datasetId, buckets.get(index))).build())
                        .build();
            }

            @Override
            public int size() {
                return buckets.size();
            }
        };
        new BatchWriter(client, tableName, options).run(datasetId, "written", requests, progress);
    }

    /** Writes (or replaces) a dataset's manifest, which makes the dataset complete and served. */
    public void putManifest(DatasetManifest manifest) {
        Validation.notNull(manifest, "manifest");
        client.putItem(r -> r.tableName(tableName).item(TableLayout.manifestItem(manifest)));
    }

    /** The manifest of {@code datasetId} (strongly consistent read), empty if the dataset is incomplete or absent. */
    public Optional<DatasetManifest> manifest(String datasetId) {
        Validation.datasetId(datasetId);
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(tableName).consistentRead(true)
                .key(TableLayout.manifestKey(datasetId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(TableLayout.manifest(item));
    }

    /** Every manifest, sorted by dataset id: one Query on the manifest partition (eventually consistent). */
    public List<DatasetManifest> manifests() {
        List<DatasetManifest> manifests = new ArrayList<>();
        client.queryPaginator(partition(TableLayout.MANIFEST_PARTITION))
                .items().forEach(item -> manifests.add(TableLayout.manifest(item)));
        return manifests;
    }

    /**
     * Every dataset's item in {@code bucket}, sorted by dataset id: one Query (more pages only past
     * 1 MB), eventually consistent. Includes incomplete datasets: callers keep those with a manifest.
     */
    public List<StoredBucket> queryBucket(int bucket) {
        Validation.bucket(bucket);
        List<StoredBucket> stored = new ArrayList<>();
        client.queryPaginator(partition(bucket)).items().forEach(item -> stored.add(TableLayout.storedBucket(item)));
        return stored;
    }

    /** The item of {@code datasetId} in {@code bucket} (strongly consistent read), if any. */
    public Optional<StoredBucket> getBucket(int bucket, String datasetId) {
        Validation.bucket(bucket);
        Validation.datasetId(datasetId);
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(tableName).consistentRead(true)
                .key(TableLayout.key(bucket, datasetId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(TableLayout.storedBucket(item));
    }

    /**
     * Streams every bucket item of {@code datasetId}, in no particular order, with a strongly
     * consistent Scan of the table read page by page as the stream is consumed. For verify: it
     * also finds items in buckets that should not exist. Close nothing; abandon it freely.
     */
    public Stream<DatasetBucket> scanDataset(String datasetId) {
        Validation.datasetId(datasetId);
        ScanRequest request = datasetScan(datasetId)
                .projectionExpression("#b, #d, #e")
                .expressionAttributeNames(Map.of("#b", TableLayout.BUCKET, "#d", TableLayout.DATASET,
                        "#e", TableLayout.ENTRIES))
                .build();
        return client.scanPaginator(request).items().stream().map(TableLayout::datasetBucket);
    }

    /** {@link #deleteDataset(String, WriteOptions, ProgressListener)} with default options and no progress. */
    public long deleteDataset(String datasetId) {
        return deleteDataset(datasetId, WriteOptions.defaults(), ProgressListener.NONE);
    }

    /**
     * Deletes a dataset: its manifest first, so that it stops being served at once, then all its
     * bucket items, found by a Scan of keys (so an incomplete dataset, without manifest and so
     * without known bucket bits, is deleted too). Deleting an absent dataset deletes nothing.
     *
     * @return the number of bucket items deleted
     * @throws StoreException as {@link #writeBuckets} does, counting items not deleted
     */
    public long deleteDataset(String datasetId, WriteOptions options, ProgressListener progress) {
        Validation.datasetId(datasetId);
        Validation.notNull(options, "options");
        Validation.notNull(progress, "progress");
        client.deleteItem(r -> r.tableName(tableName).key(TableLayout.manifestKey(datasetId)));
        ScanRequest keysOnly = datasetScan(datasetId)
                .projectionExpression("#b")
                .expressionAttributeNames(Map.of("#b", TableLayout.BUCKET, "#d", TableLayout.DATASET))
                .build();
        BatchWriter writer = new BatchWriter(client, tableName, options);
        long deleted = 0;
        int[] chunk = new int[DELETE_CHUNK];
        int size = 0;
        for (Map<String, AttributeValue> key : client.scanPaginator(keysOnly).items()) {
            chunk[size++] = Integer.parseInt(key.get(TableLayout.BUCKET).n());
            if (size == DELETE_CHUNK) {
                deleteBuckets(writer, datasetId, chunk, size, progress);
                deleted += size;
                size = 0;
            }
        }
        deleteBuckets(writer, datasetId, chunk, size, progress);
        return deleted + size;
    }

    private static void deleteBuckets(BatchWriter writer, String datasetId, int[] buckets, int count,
                                      ProgressListener progress) {
        List<WriteRequest> requests = new AbstractList<>() {
            @Override
            public WriteRequest get(int index) {
                return WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder().key(TableLayout.key(buckets[index], datasetId)).build())
                        .build();
            }

            @Override
            public int size() {
                return count;
            }
        };
        writer.run(datasetId, "deleted", requests, progress);
    }

    /** A consistent Scan for the bucket items (bucket >= 0) of one dataset; names #b and #d must be bound. */
    private ScanRequest.Builder datasetScan(String datasetId) {
        return ScanRequest.builder()
                .tableName(tableName)
                .consistentRead(true)
                .filterExpression("#d = :d AND #b >= :zero")
                .expressionAttributeValues(Map.of(
                        ":d", AttributeValue.fromS(datasetId),
                        ":zero", AttributeValue.fromN("0")));
    }

    private QueryRequest partition(int bucket) {
        // "bucket" is a DynamoDB reserved word, hence the #b placeholder.
        return QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#b = :b")
                .expressionAttributeNames(Map.of("#b", TableLayout.BUCKET))
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromN(Integer.toString(bucket))))
                .build();
    }

    private void checkKeySchema(TableDescription table) {
        List<KeySchemaElement> expected = List.of(
                KeySchemaElement.builder().attributeName(TableLayout.BUCKET).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(TableLayout.DATASET).keyType(KeyType.RANGE).build());
        boolean typesMatch = table.attributeDefinitions().contains(attribute(TableLayout.BUCKET, ScalarAttributeType.N))
                && table.attributeDefinitions().contains(attribute(TableLayout.DATASET, ScalarAttributeType.S));
        if (!table.keySchema().equals(expected) || !typesMatch) {
            throw new StoreException("table " + tableName + " exists with another key schema: expected "
                    + TableLayout.BUCKET + " (N, HASH) and " + TableLayout.DATASET + " (S, RANGE)");
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}
