package org.leakcheck.loader.load;

/**
 * Told how far a long phase has gone, so the CLI can draw a progress bar. Implementations must be
 * thread-safe: compute and write phases report from worker threads.
 */
public interface Progress {
    /** Ignores progress. */
    Progress NONE = new Progress() {
        @Override
        public void start(String phase, String unit, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void total(long total) {
        }

        @Override
        public void finish() {
        }
    };

    /** A phase begins; {@code total} is in {@code unit}s, or -1 when unknown. */
    void start(String phase, String unit, long total);

    /** {@code done} more units are done. */
    void advance(long done);

    /** A better estimate of the phase's total (e.g. rows, estimated from the bytes read so far). */
    void total(long total);

    /** The current phase is over. */
    void finish();
}
