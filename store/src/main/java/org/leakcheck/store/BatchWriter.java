package org.leakcheck.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Runs BatchWriteItem calls of 25 requests in parallel, retrying each batch's unprocessed items
 * and transient failures with capped exponential backoff and full jitter. The first batch that
 * still fails after its last attempt stops the others, and the whole run fails with a
 * {@link StoreException} that counts what was not done.
 *
 * <p>Every request is an idempotent put or delete of a whole item, so retrying a batch whose
 * response was lost (the engine may have applied it) is safe.
 */
final class BatchWriter {

    /** DynamoDB's limit of requests per BatchWriteItem call. */
    static final int BATCH_SIZE = 25;

    private static final long TERMINATION_WAIT_SECONDS = 120;

    private final DynamoDbClient client;
    private final String table;
    private final WriteOptions options;
    private final Backoff backoff;

    BatchWriter(DynamoDbClient client, String table, WriteOptions options) {
        this.client = client;
        this.table = table;
        this.options = options;
        this.backoff = new Backoff(options.baseDelay(), options.maxDelay());
    }

    /**
     * Applies every request. {@code requests} may build its elements lazily in {@code get}; it is
     * read from several threads, each index once.
     *
     * @param datasetId for the failure message
     * @param verb      "written" or "deleted", for the failure message
     * @throws StoreException if some requests are still not applied after their last attempt
     */
    void run(String datasetId, String verb, List<WriteRequest> requests, Progress progress) {
        int total = requests.size();
        if (total == 0) {
            return;
        }
        int batches = (total + BATCH_SIZE - 1) / BATCH_SIZE;
        Run run = new Run(progress);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), batches),
                threadFactory());
        BatchFailure failure = null;
        boolean interrupted = false;
        try {
            ExecutorCompletionService<Void> completion = new ExecutorCompletionService<>(pool);
            for (int b = 0; b < batches; b++) {
                List<WriteRequest> batch = requests.subList(b * BATCH_SIZE, Math.min(total, (b + 1) * BATCH_SIZE));
                completion.submit(() -> {
                    writeBatch(batch, run);
                    return null;
                });
            }
            for (int i = 0; i < batches && failure == null; i++) {
                failure = failureOf(completion.take());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            // Stop the other batches: sleeping ones wake up, new ones do not start.
            run.stop.set(true);
            pool.shutdownNow();
            interrupted |= !awaitTermination(pool);
        }
        long notDone = total - run.done.get();
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreException(where(datasetId) + notDone + " of " + total + " items not " + verb
                    + ": interrupted");
        }
        if (failure != null) {
            throw failure.toStoreException(where(datasetId), notDone, total, verb);
        }
    }

    private void writeBatch(List<WriteRequest> batch, Run run) throws BatchFailure {
        List<WriteRequest> pending = List.copyOf(batch);
        Throwable lastError = null;
        for (int attempt = 1; ; attempt++) {
            if (run.stop.get()) {
                throw BatchFailure.cancelled();
            }
            try {
                List<WriteRequest> attempted = pending;
                BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(Map.of(table, attempted)));
                List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(table, List.of())
                        : List.of();
                int applied = pending.size() - unprocessed.size();
                if (applied > 0) {
                    run.done.addAndGet(applied);
                    run.progress.advance(applied);
                }
                if (unprocessed.isEmpty()) {
                    return;
                }
                pending = unprocessed;
                lastError = null;
            } catch (RuntimeException e) {
                if (run.stop.get()) {
                    throw BatchFailure.cancelled();
                }
                if (!Retryable.isTransient(e)) {
                    throw run.fail(new BatchFailure(e, attempt, false));
                }
                lastError = e;
            }
            if (attempt >= options.maxAttempts()) {
                throw run.fail(new BatchFailure(lastError, attempt, true));
            }
            try {
                TimeUnit.NANOSECONDS.sleep(backoff.delayNanos(attempt));
            } catch (InterruptedException e) {
                throw BatchFailure.cancelled();
            }
        }
    }

    private static BatchFailure failureOf(Future<Void> finished) throws InterruptedException {
        try {
            finished.get();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BatchFailure failure) {
                return failure.cancelled ? null : failure;
            }
            // Anything else (a progress listener failing, say) fails the run as it is.
            return new BatchFailure(cause, 1, false);
        }
    }

    private static boolean awaitTermination(ExecutorService pool) {
        try {
            return pool.awaitTermination(TERMINATION_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }

    private String where(String datasetId) {
        return "table " + table + ", dataset " + datasetId + ": ";
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "leakcheck-store-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** State shared by one run's batches. */
    private static final class Run {
        final AtomicLong done = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Progress progress;

        Run(Progress progress) {
            this.progress = progress;
        }

        /** Stops the other batches at once, before the coordinating thread even hears of it. */
        BatchFailure fail(BatchFailure failure) {
            stop.set(true);
            return failure;
        }
    }

    /** A batch that gave up: after its last attempt, on a non-transient error, or cancelled. */
    private static final class BatchFailure extends Exception {
        private static final long serialVersionUID = 1L;

        final int attempts;
        final boolean exhausted;
        final boolean cancelled;

        BatchFailure(Throwable lastError, int attempts, boolean exhausted) {
            this(lastError, attempts, exhausted, false);
        }

        private BatchFailure(Throwable lastError, int attempts, boolean exhausted, boolean cancelled) {
            super(null, lastError, false, false);
            this.attempts = attempts;
            this.exhausted = exhausted;
            this.cancelled = cancelled;
        }

        static BatchFailure cancelled() {
            return new BatchFailure(null, 0, false, true);
        }

        StoreException toStoreException(String where, long notDone, int total, String verb) {
            Throwable error = getCause();
            // Unprocessed items come back without an exception: DynamoDB throttled them.
            String errorName = error == null ? "UnprocessedItems (throttled)" : error.getClass().getSimpleName();
            String why = exhausted
                    ? "after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " (last error: " + errorName + ")"
                    : "non-retryable error " + errorName;
            return new StoreException(where + notDone + " of " + total + " items not " + verb + " " + why, error);
        }
    }
}
