package org.leakcheck.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A DynamoDbClient whose BatchWriteItem follows a script, for the faults dynalite never produces
 * (it never returns UnprocessedItems and never throttles). Every other operation is unsupported.
 */
final class ScriptedBatchClient implements DynamoDbClient {

    private final BiFunction<Integer, BatchWriteItemRequest, BatchWriteItemResponse> script;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<WriteRequest> applied = Collections.synchronizedList(new ArrayList<>());

    /** {@code script} gets the 0-based call number and the request; it returns a response or throws. */
    ScriptedBatchClient(BiFunction<Integer, BatchWriteItemRequest, BatchWriteItemResponse> script) {
        this.script = script;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        BatchWriteItemResponse response = script.apply(calls.getAndIncrement(), request);
        List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(BatchWriterTest.TABLE, List.of());
        request.requestItems().get(BatchWriterTest.TABLE).stream()
                .filter(r -> !unprocessed.contains(r))
                .forEach(applied::add);
        return response;
    }

    int calls() {
        return calls.get();
    }

    /** Requests the script accepted, in order of acceptance. */
    List<WriteRequest> applied() {
        return applied;
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
