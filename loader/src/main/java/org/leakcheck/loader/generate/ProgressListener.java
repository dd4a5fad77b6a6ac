package org.leakcheck.loader.generate;

/**
 * Receives generation progress, so that the command line can draw a progress bar. Called from the
 * generating thread, every few thousand patients and once at the end with {@code done == total}.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param done  patients written so far
     * @param total patients to write
     */
    void progress(long done, long total);

    /** A listener that ignores progress. */
    static ProgressListener none() {
        return (done, total) -> {
        };
    }
}
