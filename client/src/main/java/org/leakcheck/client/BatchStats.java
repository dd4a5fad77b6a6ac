package org.leakcheck.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a batch run sent and met, counted as it goes (thread-safe), for the command's report:
 * every request counts against an API key's daily quota, 304s included.
 */
public final class BatchStats {

    final AtomicLong infoReads = new AtomicLong();
    final AtomicLong evaluations = new AtomicLong();
    final AtomicLong elements = new AtomicLong();
    final AtomicLong bucketReads = new AtomicLong();
    final AtomicLong notModified = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong networkErrors = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong quota = new AtomicLong();
    final AtomicLong dailyCap = new AtomicLong();
    final AtomicLong perAddress = new AtomicLong();
    final AtomicLong unknown429 = new AtomicLong();

    /** A copy of the counters now. */
    public Snapshot snapshot() {
        return new Snapshot(infoReads.get(), evaluations.get(), elements.get(), bucketReads.get(), notModified.get(), cacheHits.get(),
                retries.get(), serverErrors.get(), networkErrors.get(), throttled.get(), quota.get(), dailyCap.get(),
                perAddress.get(), unknown429.get());
    }

    void rateLimited(RateLimitKind kind) {
        switch (kind) {
            case THROTTLED -> throttled.incrementAndGet();
            case QUOTA -> quota.incrementAndGet();
            case DAILY_CAP -> dailyCap.incrementAndGet();
            case PER_ADDRESS -> perAddress.incrementAndGet();
            case UNKNOWN -> unknown429.incrementAndGet();
        }
    }

    /**
     * The counters.
     *
     * @param infoReads    {@code GET /v2/info}
     * @param evaluations  {@code POST /v2/evaluate} answered 200
     * @param elements     blinded elements in those evaluations, dummies included
     * @param bucketReads  {@code GET /v2/buckets/...} answered 200 or 304
     * @param notModified  of those, 304 (the cached answer was still the one)
     * @param cacheHits    bucket answers taken from the bucket cache directory while fresh, without a request
     * @param retries      requests sent again (after a 429 throttle, a 5xx or a network error)
     * @param serverErrors 5xx answers
     * @param networkErrors requests that got no answer
     * @param throttled    429 from request-rate throttling ({@code Too Many Requests}, {@code rate.throttled})
     * @param quota        429 from the API key's daily quota ({@code Limit Exceeded}, {@code rate.quota})
     * @param dailyCap     429 from the evaluate function's daily cap ({@code rate.daily})
     * @param perAddress   429 from the WAF's rate per address ({@code rate.per-ip})
     * @param unknown429   other 429s
     */
    public record Snapshot(long infoReads, long evaluations, long elements, long bucketReads, long notModified,
                           long cacheHits,
                           long retries, long serverErrors, long networkErrors, long throttled, long quota,
                           long dailyCap, long perAddress, long unknown429) {

        /** Requests that got an answer counted by an API Gateway usage plan: info, evaluations, bucket reads. */
        public long requests() {
            return infoReads + evaluations + bucketReads;
        }

        /** Every 429 seen. */
        public long rateLimited() {
            return throttled + quota + dailyCap + perAddress + unknown429;
        }
    }
}
