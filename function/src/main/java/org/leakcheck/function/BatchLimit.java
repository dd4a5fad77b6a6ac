package org.leakcheck.function;

import org.leakcheck.protocol.lookup.BatchSizes;

/**
 * How many blinded elements one {@code POST /v2/evaluate} may carry on a route
 * (docs/protocol.md §7.2, §7.4): {@value #PAGE} on the public route, the page's Q; up to
 * {@value #MAX}, the documented maximum, on a route for registered API callers. The evaluate
 * function enforces it; the buckets function announces it in {@code /v2/info} as
 * {@code batch.limit}, next to {@code batch.page} and {@code batch.max}.
 *
 * @param value the limit, from {@value #PAGE} to {@value #MAX}
 */
public record BatchLimit(int value) {

    /** Q: the page's submission size, one NIR and one name with birth date, each alone and bound to the factor (docs/protocol.md §7.1). */
    public static final int PAGE = BatchSizes.PAGE;
    /** The documented maximum of any route. */
    public static final int MAX = BatchSizes.MAX;

    /**
     * A limit below {@value #PAGE} would refuse the page's own submissions; one above {@value #MAX}
     * would break the documented contract (and the 16 KiB body holds about 340 elements at most).
     */
    public BatchLimit {
        if (value < PAGE || value > MAX) {
            throw new IllegalArgumentException("batch limit must be an integer from " + PAGE + " to " + MAX);
        }
    }

    /** The public route's limit: Q. */
    public static BatchLimit page() {
        return new BatchLimit(PAGE);
    }
}
