package org.leakcheck.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter: before attempt n+1 we wait a uniform random time
 * in [0, min(maxDelay, baseDelay * 2^(n-1))]. Full jitter spreads parallel writers that were
 * throttled together (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
final class Backoff {

    private final long baseNanos;
    private final long maxNanos;

    Backoff(Duration baseDelay, Duration maxDelay) {
        this.baseNanos = baseDelay.toNanos();
        this.maxNanos = maxDelay.toNanos();
    }

    /** The cap of the delay after failed attempt {@code attempt} (1-based). */
    long capNanos(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 62);
        long cap = baseNanos;
        for (int i = 0; i < doublings && cap < maxNanos; i++) {
            cap = cap > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : cap * 2;
        }
        return Math.min(cap, maxNanos);
    }

    /** A random delay in [0, capNanos(attempt)]. */
    long delayNanos(int attempt) {
        long cap = capNanos(attempt);
        return cap == 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
    }
}
