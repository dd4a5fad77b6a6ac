package org.leakcheck.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a batch check runs ({@link LeakcheckClient#checkAll}). Every value has a default; the
 * builder-style methods return a copy.
 *
 * @param concurrency    requests in flight at most (evaluations and bucket reads together), 1 to 64
 * @param maxTries       tries of one request before it counts as failed (429 throttling, 5xx,
 *                       network errors), 1 to 100
 * @param backoffBase    first backoff; each retry doubles it, up to {@code backoffCap}, with jitter
 * @param backoffCap     the longest backoff, and the longest {@code Retry-After} honoured
 * @param bucketReads    which buckets are read (see {@link BucketReads})
 * @param expectedPersons how many persons the input holds, when known (-1: unknown); {@link
 *                       BucketReads#AUTO} decides from it
 * @param bucketCacheDir where bucket answers are kept between runs, with their ETag and max-age: used
 *                       without a request while fresh, then re-read with {@code If-None-Match} (a 304
 *                       has no body); empty: in memory only, for this run
 */
public record BatchOptions(int concurrency, int maxTries, Duration backoffBase, Duration backoffCap,
                           BucketReads bucketReads, long expectedPersons, Optional<Path> bucketCacheDir) {

    /** Default requests in flight: enough to keep two cores busy on both sides of a loopback, and polite to an API. */
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int DEFAULT_MAX_TRIES = 8;

    /**
     * Which buckets a run reads. What the reads reveal: whoever holds the OPRF key and the leak
     * can compute the bucket of any identity they guess, so a bucket the run did not read tells
     * them that no element of the list falls in it (docs/batch.md, "What the service learns").
     */
    public enum BucketReads {
        /** Every bucket of every served dataset, once: 2^B_D reads per dataset, independent of the list. */
        ALL,
        /** Only the buckets the list's elements (and the dummies) fall in, each once per run. */
        NEEDED,
        /**
         * {@link #ALL} for a dataset when the list has at least 2^B_D / Q persons (its Q·N elements
         * would touch most buckets anyway, so reading all of them costs at most ~1.6 times more);
         * {@link #NEEDED} below that, or when the size of the list is unknown.
         */
        AUTO
    }

    public BatchOptions {
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("concurrency: 1 to 64");
        }
        if (maxTries < 1 || maxTries > 100) {
            throw new IllegalArgumentException("maxTries: 1 to 100");
        }
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffCap, "backoffCap");
        if (backoffBase.isNegative() || backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoff: 0 <= base <= cap");
        }
        Objects.requireNonNull(bucketReads, "bucketReads");
        Objects.requireNonNull(bucketCacheDir, "bucketCacheDir");
    }

    /** The defaults: {@value #DEFAULT_CONCURRENCY} in flight, {@value #DEFAULT_MAX_TRIES} tries, backoff 250 ms to 60 s, AUTO. */
    public static BatchOptions defaults() {
        return new BatchOptions(DEFAULT_CONCURRENCY, DEFAULT_MAX_TRIES, Duration.ofMillis(250), Duration.ofSeconds(60),
                BucketReads.AUTO, -1, Optional.empty());
    }

    public BatchOptions withConcurrency(int n) {
        return new BatchOptions(n, maxTries, backoffBase, backoffCap, bucketReads, expectedPersons, bucketCacheDir);
    }

    public BatchOptions withMaxTries(int n) {
        return new BatchOptions(concurrency, n, backoffBase, backoffCap, bucketReads, expectedPersons, bucketCacheDir);
    }

    public BatchOptions withBackoff(Duration base, Duration cap) {
        return new BatchOptions(concurrency, maxTries, base, cap, bucketReads, expectedPersons, bucketCacheDir);
    }

    public BatchOptions withBucketReads(BucketReads reads) {
        return new BatchOptions(concurrency, maxTries, backoffBase, backoffCap, reads, expectedPersons, bucketCacheDir);
    }

    public BatchOptions withExpectedPersons(long n) {
        return new BatchOptions(concurrency, maxTries, backoffBase, backoffCap, bucketReads, n, bucketCacheDir);
    }

    public BatchOptions withBucketCache(Path dir) {
        return new BatchOptions(concurrency, maxTries, backoffBase, backoffCap, bucketReads, expectedPersons,
                Optional.of(dir));
    }
}
