package org.leakcheck.client;

import java.time.Duration;
import java.util.Optional;

/** HTTP 429: the API (API Gateway throttling or the WAF) limits how often one caller may check. */
public final class RateLimitedException extends LeakcheckException {

    private static final long serialVersionUID = 1L;

    private final transient Optional<Duration> retryAfter;

    public RateLimitedException(Optional<Duration> retryAfter) {
        super("API rate limit reached" + retryAfter.map(d -> "; retry after " + d.toSeconds() + " s").orElse("; retry later"));
        this.retryAfter = retryAfter;
    }

    /** The server's Retry-After, when it sent one. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
