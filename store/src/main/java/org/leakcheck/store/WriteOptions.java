package org.leakcheck.store;

import java.time.Duration;

/**
 * How batched writes and deletes run.
 *
 * @param parallelism how many BatchWriteItem calls run at once (1..64)
 * @param maxAttempts attempts per batch of 25 items, the first one included (1..100); throttled,
 *                    unprocessed, 5xx and connection failures are retried until then
 * @param baseDelay   backoff before the second attempt; doubles on each attempt
 * @param maxDelay    cap of the backoff; each actual delay is drawn uniformly in [0, cap]
 *                    ("full jitter") so that parallel writers do not retry in lockstep
 */
public record WriteOptions(int parallelism, int maxAttempts, Duration baseDelay, Duration maxDelay) {

    /**
     * Four parallel calls (the url-connection client keeps five connections per host alive, so
     * more would open a new TLS connection per call), ten attempts, 50 ms doubling up to 5 s:
     * about 20 s of backoff at worst, enough to ride out on-demand throttling.
     */
    public static WriteOptions defaults() {
        return new WriteOptions(4, 10, Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    /** These options with {@code parallelism} calls at once. */
    public WriteOptions withParallelism(int parallelism) {
        return new WriteOptions(parallelism, maxAttempts, baseDelay, maxDelay);
    }

    /** Checks the ranges given above. */
    public WriteOptions {
        if (parallelism < 1 || parallelism > 64) {
            throw new IllegalArgumentException("parallelism: must be in [1, 64]");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts: must be in [1, 100]");
        }
        Validation.notNull(baseDelay, "baseDelay");
        Validation.notNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("baseDelay, maxDelay: must satisfy 0 <= baseDelay <= maxDelay");
        }
    }
}
