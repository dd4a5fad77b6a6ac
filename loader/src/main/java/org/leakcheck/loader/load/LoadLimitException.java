package org.leakcheck.loader.load;

/**
 * A load that cannot be served as it is (an item over DynamoDB's limit, nothing to load): the
 * message names counts and rules only, never a value from the file.
 */
public final class LoadLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public LoadLimitException(String message) {
        super(message);
    }
}
