package org.leakcheck.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.leakcheck.protocol.lookup.DatasetLoad;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Retry behaviour of writeBuckets for faults a real engine here cannot produce (UnprocessedItems,
 * throttling, 5xx), through a scripted client. Needs nothing.
 */
class BatchWriterTest {

    static final String TABLE = "scripted-table";
    private static final DatasetLoad RETRY = TestBuckets.load("retry-set", 1, 12);
    private static final WriteOptions FAST = new WriteOptions(3, 4, Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void retriesUnprocessedItemsUntilAllAreWritten() {
        // Each first call on a batch leaves its last 5 items unprocessed, as DynamoDB does under load.
        Set<Integer> seenBatchSizes = new HashSet<>();
        ScriptedBatchClient client = new ScriptedBatchClient((call, request) -> {
            List<WriteRequest> items = request.requestItems().get(TABLE);
            seenBatchSizes.add(items.size());
            if (items.size() > 5) {
                return unprocessed(items.subList(items.size() - 5, items.size()));
            }
            return unprocessed(List.of());
        });
        AtomicLong progress = new AtomicLong();
        List<StoredBucket> items = TestBuckets.items(100, 64, 1);

        new BucketTable(client, TABLE).writeBuckets(RETRY, TestBuckets.SERVED_UNTIL, items, FAST, progress::addAndGet);

        assertEquals(100, progress.get());
        assertEquals(100, client.applied().size());
        assertEquals(8, client.calls(), "4 batches of 25, each needing a second call");
        assertTrue(seenBatchSizes.contains(25) && seenBatchSizes.contains(5));
    }

    @Test
    void retriesThrottlingAndServerErrors() {
        ScriptedBatchClient client = new ScriptedBatchClient((call, request) -> {
            if (call == 0) {
                throw ProvisionedThroughputExceededException.builder().statusCode(400).build();
            }
            if (call == 1) {
                throw serviceError(500, "InternalServerError");
            }
            return unprocessed(List.of());
        });

        new BucketTable(client, TABLE).writeBuckets(RETRY, TestBuckets.SERVED_UNTIL, TestBuckets.items(10, 64, 2),
                new WriteOptions(1, 3, Duration.ofMillis(1), Duration.ofMillis(2)), Progress.NONE);

        assertEquals(3, client.calls());
        assertEquals(10, client.applied().size());
    }

    @Test
    void failsWithClearMessageWhenItemsStayUnprocessed() {
        ScriptedBatchClient client = new ScriptedBatchClient((call, request) ->
                unprocessed(request.requestItems().get(TABLE)));
        List<StoredBucket> items = TestBuckets.items(30, 64, 3);
        DatasetLoad stuck = TestBuckets.load("stuck-set", 2, 12);

        StoreException e = assertThrows(StoreException.class, () ->
                new BucketTable(client, TABLE).writeBuckets(stuck, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE));

        assertEquals("table scripted-table, dataset stuck-set: 30 of 30 items not written after 4 attempts"
                + " (last error: UnprocessedItems (throttled))", e.getMessage());
        // The first batch to give up stops the other, which may not have used all its attempts.
        assertTrue(client.calls() >= 5 && client.calls() <= 8, "calls: " + client.calls());
    }

    @Test
    void failsAfterLastAttemptNamingTheCauseClassButNoContent() {
        ScriptedBatchClient client = new ScriptedBatchClient((call, request) -> {
            if (request.requestItems().get(TABLE).size() == 25) {
                return unprocessed(List.of());
            }
            throw serviceError(503, "ServiceUnavailable");
        });
        List<StoredBucket> items = TestBuckets.items(30, 64, 4);
        DatasetLoad flaky = TestBuckets.load("flaky-set", 3, 12);

        StoreException e = assertThrows(StoreException.class, () ->
                new BucketTable(client, TABLE).writeBuckets(flaky, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE));

        assertEquals("table scripted-table, dataset flaky-set: 5 of 30 items not written after 4 attempts"
                + " (last error: DynamoDbException)", e.getMessage());
        assertInstanceOf(DynamoDbException.class, e.getCause());
        String firstBytes = HexFormat.of().formatHex(items.get(25).entries(), 0, 8);
        assertFalse(e.getMessage().toLowerCase().contains(firstBytes));
    }

    @Test
    void doesNotRetryValidationErrors() {
        ScriptedBatchClient client = new ScriptedBatchClient((call, request) -> {
            throw serviceError(400, "ValidationException");
        });

        StoreException e = assertThrows(StoreException.class, () ->
                new BucketTable(client, TABLE).writeBuckets(TestBuckets.load("bad-set", 4, 12), TestBuckets.SERVED_UNTIL,
                        TestBuckets.items(3, 64, 5),
                        new WriteOptions(1, 10, Duration.ofMillis(1), Duration.ofMillis(1)), Progress.NONE));

        assertEquals(1, client.calls());
        assertEquals("table scripted-table, dataset bad-set: 3 of 3 items not written non-retryable error"
                + " DynamoDbException", e.getMessage());
    }

    @Test
    void stopsOtherBatchesAfterAFailure() {
        ScriptedBatchClient client = new ScriptedBatchClient((call, request) -> {
            throw serviceError(400, "ValidationException");
        });
        DatasetLoad bad = TestBuckets.load("bad-set", 4, 12);

        assertThrows(StoreException.class, () -> new BucketTable(client, TABLE).writeBuckets(bad, TestBuckets.SERVED_UNTIL,
                TestBuckets.items(2_500, 8, 6), new WriteOptions(2, 3, Duration.ZERO, Duration.ZERO),
                Progress.NONE));

        // 100 batches in all; once one fails no other starts, so at most one call per writer thread.
        assertTrue(client.calls() <= 2, "calls after failure: " + client.calls());
    }

    @Test
    void rejectsDuplicateBucketsBeforeWriting() {
        ScriptedBatchClient client = new ScriptedBatchClient((call, request) -> unprocessed(List.of()));
        List<StoredBucket> items = List.of(new StoredBucket(1, new byte[32]), new StoredBucket(1, new byte[32]));
        DatasetLoad dup = TestBuckets.load("dup-set", 5, 12);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new BucketTable(client, TABLE).writeBuckets(dup, TestBuckets.SERVED_UNTIL, items, FAST, Progress.NONE));

        assertEquals("items: each bucket number must appear at most once", e.getMessage());
        assertEquals(0, client.calls());
    }

    @Test
    void rejectsBucketsOutsideTheLoadAndOversizedItemsBeforeWriting() {
        ScriptedBatchClient client = new ScriptedBatchClient((call, request) -> unprocessed(List.of()));
        BucketTable table = new BucketTable(client, TABLE);
        DatasetLoad small = TestBuckets.load("small-set", 6, 2);
        List<StoredBucket> outside = List.of(new StoredBucket(0, new byte[32]), new StoredBucket(4, new byte[32]));
        List<StoredBucket> oversized = List.of(new StoredBucket(0, new byte[32]),
                new StoredBucket(1, new byte[TableLayout.MAX_ENTRIES_BYTES + 1]));
        List<StoredBucket> empty = List.of(new StoredBucket(0, new byte[0]));

        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                () -> table.writeBuckets(small, TestBuckets.SERVED_UNTIL, outside, FAST, Progress.NONE));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> table.writeBuckets(small, TestBuckets.SERVED_UNTIL, oversized, FAST, Progress.NONE));
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> table.writeBuckets(small, TestBuckets.SERVED_UNTIL, empty, FAST, Progress.NONE));

        assertEquals("items: bucket must be below 2^bucketBits", e1.getMessage());
        assertEquals("entries: must be at most " + TableLayout.MAX_ENTRIES_BYTES + " bytes (DynamoDB item limit)",
                e2.getMessage());
        assertEquals("entries: must not be empty", e3.getMessage());
        assertEquals(0, client.calls());
    }

    private static BatchWriteItemResponse unprocessed(List<WriteRequest> items) {
        return BatchWriteItemResponse.builder()
                .unprocessedItems(items.isEmpty() ? Map.of() : Map.of(TABLE, List.copyOf(items)))
                .build();
    }

    private static DynamoDbException serviceError(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    }
}
