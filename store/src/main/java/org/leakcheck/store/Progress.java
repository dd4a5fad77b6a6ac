package org.leakcheck.store;

/**
 * The one progress interface of leakcheck: told how far a long phase has gone (generating a leak,
 * reading, computing, writing or deleting items), so a command line can draw a progress bar.
 * Batched writes and deletes call {@link #advance} from their writer threads, concurrently, with
 * the items each BatchWriteItem call confirmed: implementations must be thread-safe and quick. An
 * exception thrown here fails the phase.
 *
 * <p>Only {@link #advance} must be written, so a counter is a lambda ({@code counter::addAndGet});
 * a progress bar also overrides the phase methods.
 */
@FunctionalInterface
public interface Progress {

    /** Ignores progress. */
    Progress NONE = done -> { };

    /** {@code done} more units of the current phase are done (at least 1 from the store). */
    void advance(long done);

    /** A phase begins; {@code total} is in {@code unit}s, or -1 when unknown. */
    default void start(String phase, String unit, long total) {
    }

    /** A better estimate of the phase's total (e.g. rows, estimated from the bytes read so far). */
    default void total(long total) {
    }

    /** The current phase is over. */
    default void finish() {
    }
}
