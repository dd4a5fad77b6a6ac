package org.leakcheck.function.cap;

/** Where the daily counters live: one atomic "add if it stays within the limit" per evaluation. */
public interface CapStore {
    /**
     * Adds {@code elements} to the counter of {@code clientId} if the sum stays at most {@code limit},
     * creating the counter (expiring at {@code expiresAtEpochSecond}) on first use.
     *
     * @return true if counted, false if the counter would exceed {@code limit} (nothing is added)
     */
    boolean addWithin(byte[] clientId, int elements, int limit, long expiresAtEpochSecond);
}
