package org.leakcheck.store;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.leakcheck.protocol.lookup.DatasetIds;
import org.leakcheck.protocol.lookup.DatasetLoad;

import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
 * The bucket table adapter ({@code docs/protocol.md} §6.4): one padded item per bucket of each
 * load {@code (D, L)}, one manifest item per complete dataset naming its served load (layout in
 * {@link TableLayout}).
 *
 * <p>Readers (the buckets function, through the {@link BucketReader} port) use {@link #manifests()}
 * (an eventually consistent Query) and {@link #bucketEntries} (one GetItem), and serve only the loads that manifests name. The loader
 * uses {@link #writeBuckets} for every item of a load, then {@link #putManifest}, then
 * {@link #deleteOtherLoads}; verify uses the strongly consistent {@link #manifest(String)} and
 * {@link #scanLoad}.
 *
 * <p>Thread-safe: it holds only the client, which is.
 */
public final class BucketTable implements BucketReader {

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
     * The table and the engine it is in: its name and the endpoint (the region's when none was
     * given), so that a resumed load can tell that it writes where the interrupted one did.
     */
    public String target() {
        var config = client.serviceClientConfiguration();
        String engine = config.endpointOverride().map(Object::toString)
                .orElse("aws:" + config.region());
        return tableName + " @ " + engine;
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
     * Writes bucket items of {@code load} with BatchWriteItem, 25 per call, calls in parallel;
     * unprocessed items and transient failures (throttling, 5xx, connection errors, timeouts) are
     * retried as {@code options} say. Rewriting an item replaces it with the same bytes (items of
     * a load never change), so running the same write again after a failure converges to the same
     * table. The items are not served until {@link #putManifest} names the load. Every item gets
     * the TTL attribute {@value TableLayout#TTL_ATTRIBUTE} = {@link TableLayout#expiresAt(Instant)
     * servedUntil + grace}, the same as the manifest that will name the load.
     *
     * @param servedUntil the end date of the dataset (its manifest's {@code servedUntil})
     * @param items       each bucket number in [0, 2^B_D) at most once; entries non-empty and at most
     *                    {@link TableLayout#MAX_ENTRIES_BYTES}; their {@code expiresAt} is ignored
     * @throws IllegalArgumentException before any write, if an item breaks those rules
     * @throws StoreException if some items are still not written after their last attempt, or a
     *                        non-retryable error occurs; the message names the table, the
     *                        dataset, the count not written and the cause's class
     */
    public void writeBuckets(DatasetLoad load, Instant servedUntil, List<StoredBucket> items, WriteOptions options,
                             Progress progress) {
        Validation.notNull(load, "load");
        Validation.notNull(servedUntil, "servedUntil");
        long expiresAt = TableLayout.expiresAt(servedUntil);
        Validation.notNull(items, "items");
        Validation.notNull(options, "options");
        Validation.notNull(progress, "progress");
        int buckets = load.bucketCount();
        BitSet seen = new BitSet(buckets);
        for (StoredBucket item : items) {
            Validation.notNull(item, "items");
            if (item.bucket() >= buckets) {
                throw new IllegalArgumentException("items: bucket must be below 2^bucketBits");
            }
            if (seen.get(item.bucket())) {
                // BatchWriteItem rejects duplicate keys in one call; elsewhere the last write would win silently.
                throw new IllegalArgumentException("items: each bucket number must appear at most once");
            }
            seen.set(item.bucket());
            TableLayout.checkEntries(item.entries());
        }
        // Items are built (and their entries copied) only when their batch is sent.
        List<WriteRequest> requests = new AbstractList<>() {
            @Override
            public WriteRequest get(int index) {
                return WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(TableLayout.bucketItem(load, items.get(index), expiresAt)).build())
                        .build();
            }

            @Override
            public int size() {
                return items.size();
            }
        };
        new BatchWriter(client, tableName, options).run(load.datasetId(), "written", requests, progress);
    }

    /**
     * Writes (or replaces) a dataset's manifest, which makes its load the served one. Write it
     * only after every bucket item of that load.
     */
    public void putManifest(DatasetManifest manifest) {
        Validation.notNull(manifest, "manifest");
        client.putItem(r -> r.tableName(tableName).item(TableLayout.manifestItem(manifest)));
    }

    /**
     * Ends a dataset now ({@code end-dataset}): rewrites its manifest with {@code servedUntil = now}
     * (and the manifest's expiry with it), so readers show it as ended and serve none of its
     * buckets. Its bucket items keep their TTL, which is later; the manifest's expiry comes first.
     * A dataset already ended is left as it is (an end is never moved later here: reload the
     * dataset to extend it). The write is conditional on the manifest still naming the load read,
     * so a load that replaced it meanwhile is not overwritten.
     *
     * @return the dataset's manifest after the call, empty when the dataset has none
     * @throws StoreException if another load replaced the manifest between the read and the write
     */
    public Optional<DatasetManifest> endDataset(String datasetId, Instant now) {
        Validation.notNull(now, "now");
        Optional<DatasetManifest> current = manifest(datasetId);
        if (current.isEmpty() || !current.get().servedAt(now)) {
            return current;
        }
        DatasetManifest ended = current.get().endingAt(now);
        try {
            client.putItem(r -> r.tableName(tableName).item(TableLayout.manifestItem(ended))
                    .conditionExpression("#l = :l")
                    .expressionAttributeNames(Map.of("#l", TableLayout.LOAD))
                    .expressionAttributeValues(Map.of(":l", AttributeValue.fromS(ended.loadId()))));
        } catch (ConditionalCheckFailedException changed) {
            throw new StoreException("table " + tableName + ", dataset " + datasetId
                    + ": the manifest changed while ending the dataset (another load?); run the command again");
        }
        return Optional.of(ended);
    }

    /** The manifest of {@code datasetId} (strongly consistent read), empty if the dataset is incomplete or absent. */
    public Optional<DatasetManifest> manifest(String datasetId) {
        DatasetIds.require(datasetId);
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(tableName).consistentRead(true)
                .key(TableLayout.manifestKey(datasetId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(TableLayout.manifest(item));
    }

    /**
     * Every readable manifest, sorted by dataset id: one Query on the manifest partition
     * (eventually consistent). Callers decide which to serve (protocol version, entry size, key
     * id). A malformed manifest item is skipped and its dataset id (its sort key, or
     * {@code "(malformed id)"}) told to {@code unreadable}.
     */
    @Override
    public List<DatasetManifest> manifests(Consumer<String> unreadable) {
        List<DatasetManifest> manifests = new ArrayList<>();
        client.queryPaginator(partition(TableLayout.MANIFEST_PARTITION)).items().forEach(item -> {
            try {
                manifests.add(TableLayout.manifest(item));
            } catch (StoreException | IllegalArgumentException malformed) {
                AttributeValue id = item.get(TableLayout.DATASET);
                unreadable.accept(id != null && id.s() != null && DatasetIds.isValid(id.s()) ? id.s() : "(malformed id)");
            }
        });
        return manifests;
    }

    /**
     * The entries of bucket {@code bucket} of {@code load}: one GetItem of {@code (bucket, D#L)},
     * empty if there is no such item. The read is strongly consistent: the item was written
     * before the manifest that names its load, so a reader that saw the manifest always finds it,
     * even seconds after a load; the extra read cost is paid on CDN misses only (§7.3).
     *
     * @throws IllegalArgumentException if {@code bucket} is outside [0, 2^B_D)
     */
    @Override
    public Optional<byte[]> bucketEntries(DatasetLoad load, int bucket) {
        Validation.notNull(load, "load");
        if (bucket < 0 || bucket >= load.bucketCount()) {
            throw new IllegalArgumentException("bucket: must be in [0, 2^bucketBits)");
        }
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(tableName).consistentRead(true)
                .key(TableLayout.bucketKey(load, bucket))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TableLayout.entries(item, "bucket item " + TableLayout.sortKey(load)));
    }

    /**
     * Streams every bucket item of {@code load}, in no particular order, with a strongly
     * consistent Scan of the table read page by page as the stream is consumed. For verify: it
     * also finds items in buckets that should not exist, and reads each item's expiry
     * ({@link StoredBucket#expiresAt()}). Close nothing; abandon it freely.
     */
    public Stream<StoredBucket> scanLoad(DatasetLoad load) {
        Validation.notNull(load, "load");
        ScanRequest request = ScanRequest.builder()
                .tableName(tableName)
                .consistentRead(true)
                .filterExpression("#d = :d AND #b >= :zero")
                .projectionExpression("#b, #d, #e, #t")
                .expressionAttributeNames(Map.of("#b", TableLayout.BUCKET, "#d", TableLayout.DATASET,
                        "#e", TableLayout.ENTRIES, "#t", TableLayout.TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(
                        ":d", AttributeValue.fromS(TableLayout.sortKey(load)),
                        ":zero", AttributeValue.fromN("0")))
                .build();
        return client.scanPaginator(request).items().stream().map(TableLayout::storedBucket);
    }

    /**
     * Deletes the bucket items of {@code keep}'s dataset under every load other than {@code keep}:
     * the last step of a load (§6.4), after its manifest. Items are found by a Scan of keys, so
     * the items of a load that was killed before its manifest are deleted too.
     *
     * @return the number of bucket items deleted
     * @throws StoreException if the dataset's manifest does not name {@code keep} (another load
     *                        replaced it meanwhile, and its items must stay), or as
     *                        {@link #writeBuckets} does, counting items not deleted
     */
    public long deleteOtherLoads(DatasetLoad keep, WriteOptions options, Progress progress) {
        Validation.notNull(keep, "keep");
        Validation.notNull(options, "options");
        Validation.notNull(progress, "progress");
        String datasetId = keep.datasetId();
        boolean served = manifest(datasetId).map(m -> m.loadId().equals(keep.loadIdHex())).orElse(false);
        if (!served) {
            throw new StoreException("table " + tableName + ", dataset " + datasetId
                    + ": the manifest does not name load " + keep.loadIdHex() + "; not deleting other loads");
        }
        return deleteKeys(datasetId, itemKeys(datasetId, Optional.of(TableLayout.sortKey(keep))), options, progress);
    }

    /**
     * Deletes a dataset: its manifest first, so that it stops being served at once, then every
     * bucket item of every load of it, found by a Scan of keys (so the items of an incomplete
     * load are deleted too). Deleting an absent dataset deletes nothing.
     *
     * @return the number of bucket items deleted
     * @throws StoreException as {@link #writeBuckets} does, counting items not deleted
     */
    public long deleteDataset(String datasetId, WriteOptions options, Progress progress) {
        DatasetIds.require(datasetId);
        Validation.notNull(options, "options");
        Validation.notNull(progress, "progress");
        client.deleteItem(r -> r.tableName(tableName).key(TableLayout.manifestKey(datasetId)));
        return deleteKeys(datasetId, itemKeys(datasetId, Optional.empty()), options, progress);
    }

    /**
     * A keys-only, consistent Scan of the bucket items of every load of {@code datasetId} (never
     * its manifest, at bucket -1), except the items whose sort key is {@code except}.
     */
    private ScanRequest itemKeys(String datasetId, Optional<String> except) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":prefix", AttributeValue.fromS(TableLayout.datasetPrefix(datasetId)));
        values.put(":zero", AttributeValue.fromN("0"));
        except.ifPresent(sortKey -> values.put(":keep", AttributeValue.fromS(sortKey)));
        return ScanRequest.builder()
                .tableName(tableName)
                .consistentRead(true)
                .filterExpression("begins_with(#d, :prefix)" + (except.isPresent() ? " AND #d <> :keep" : "") + " AND #b >= :zero")
                .projectionExpression("#b, #d")
                .expressionAttributeNames(Map.of("#b", TableLayout.BUCKET, "#d", TableLayout.DATASET))
                .expressionAttributeValues(values)
                .build();
    }

    /** Deletes every item the key-only Scan {@code keys} finds, {@value #DELETE_CHUNK} at a time to bound memory. */
    private long deleteKeys(String datasetId, ScanRequest keys, WriteOptions options, Progress progress) {
        BatchWriter writer = new BatchWriter(client, tableName, options);
        long deleted = 0;
        List<Map<String, AttributeValue>> chunk = new ArrayList<>(DELETE_CHUNK);
        for (Map<String, AttributeValue> key : client.scanPaginator(keys).items()) {
            chunk.add(key);
            if (chunk.size() == DELETE_CHUNK) {
                deleted += deleteChunk(writer, datasetId, chunk, progress);
                chunk = new ArrayList<>(DELETE_CHUNK);
            }
        }
        return deleted + deleteChunk(writer, datasetId, chunk, progress);
    }

    private static int deleteChunk(BatchWriter writer, String datasetId, List<Map<String, AttributeValue>> keys,
                                   Progress progress) {
        List<WriteRequest> requests = new AbstractList<>() {
            @Override
            public WriteRequest get(int index) {
                return WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(keys.get(index)).build()).build();
            }

            @Override
            public int size() {
                return keys.size();
            }
        };
        writer.run(datasetId, "deleted", requests, progress);
        return keys.size();
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
