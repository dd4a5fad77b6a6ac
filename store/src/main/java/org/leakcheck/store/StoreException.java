package org.leakcheck.store;

/**
 * The bucket table could not do what was asked: writes still failing after their retries, a
 * malformed item, or a table with another key schema.
 *
 * <p>Messages name the dataset, the table, counts and the cause's class; never item contents.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with no underlying exception, such as a malformed item. */
    public StoreException(String message) {
        super(message);
    }

    /** A failure caused by {@code cause}, kept for the stack trace. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
