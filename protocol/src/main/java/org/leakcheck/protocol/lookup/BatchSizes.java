package org.leakcheck.protocol.lookup;

/**
 * How many blinded elements one evaluation carries ({@code docs/protocol.md} §7.1, §7.2): the one
 * home of these two numbers, for the functions, the clients and the CDK app.
 */
public final class BatchSizes {
    /**
     * Q: every submission of the page sends exactly this many elements, the most it can ever need:
     * one NIR and one name with birth date, each once alone and once bound to the factor
     * ({@code docs/protocol.md} §2.2); the rest are dummies.
     */
    public static final int PAGE = 4;
    /** The documented maximum of one evaluation, for registered API callers. */
    public static final int MAX = 256;

    private BatchSizes() {
    }
}
