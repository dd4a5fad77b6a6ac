package org.leakcheck.store;

/**
 * Told how many items each BatchWriteItem call confirmed (written or deleted), so the loader can
 * draw its progress bar. Called from the writer threads, concurrently: implementations must be
 * thread-safe and quick. An exception thrown here fails the write.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Ignores progress. */
    ProgressListener NONE = count -> { };

    /** {@code count} more items were confirmed by the table (count is at least 1). */
    void itemsDone(int count);
}
