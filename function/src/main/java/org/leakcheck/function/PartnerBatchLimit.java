package org.leakcheck.function;

import org.leakcheck.protocol.lookup.BatchSizes;

/**
 * The most blinded elements one {@code POST /v2/evaluate} of a <em>registered API caller</em> may
 * carry on this deployment (docs/protocol.md §7.2, §7.4). The public, that is every request without
 * an API key or with the site key that CloudFront adds ({@link org.leakcheck.function.cap.Callers}),
 * may always send {@value #PAGE}, the page's Q, and no more. The evaluate function enforces both;
 * the buckets function announces this one in {@code /v2/info} as {@code batch.limit}, next to
 * {@code batch.page} (the public's) and {@code batch.max} (the documented maximum).
 *
 * @param value the limit, from {@value #PAGE} to {@value #MAX}
 */
public record PartnerBatchLimit(int value) {

    /** Q: the page's submission size, and the public's limit (docs/protocol.md §7.1). */
    public static final int PAGE = BatchSizes.PAGE;
    /** The documented maximum of any caller, and the default partner limit. */
    public static final int MAX = BatchSizes.MAX;
    /** The partner limit when none is configured: the documented maximum. */
    public static final PartnerBatchLimit DEFAULT = new PartnerBatchLimit(MAX);

    /**
     * A limit below {@value #PAGE} would give partners less than the page; one above {@value #MAX}
     * would break the documented contract (and the 16 KiB body holds about 340 elements at most).
     */
    public PartnerBatchLimit {
        if (value < PAGE || value > MAX) {
            throw new IllegalArgumentException("partner batch limit must be an integer from " + PAGE + " to " + MAX);
        }
    }

    /** The limit that applies to a caller: this one for a registered caller, {@value #PAGE} for the public. */
    public int forCaller(boolean registered) {
        return registered ? value : PAGE;
    }
}
