package org.leakcheck.client;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTP 429 from a daily limit (the API key's quota, or the evaluate function's cap per address):
 * retrying today cannot help. A batch run stops cleanly on it: every verdict delivered before it
 * stands, and the run can be resumed once the limit resets.
 */
public final class QuotaExhaustedException extends LeakcheckException {

    private static final long serialVersionUID = 1L;

    private final RateLimitKind kind;
    private final transient Optional<Duration> retryAfter;

    public QuotaExhaustedException(RateLimitKind kind, Optional<Duration> retryAfter) {
        super((kind == RateLimitKind.QUOTA ? "the daily quota of this API key is used up"
                : "the daily cap of evaluations for this address is reached")
                + retryAfter.map(d -> "; retry after " + d.toSeconds() + " s").orElse("; retry tomorrow (UTC)"));
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    /** {@link RateLimitKind#QUOTA} or {@link RateLimitKind#DAILY_CAP}. */
    public RateLimitKind kind() {
        return kind;
    }

    /** The server's Retry-After, when it sent one. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
