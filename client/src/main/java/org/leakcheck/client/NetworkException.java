package org.leakcheck.client;

/** The API could not be reached, or its answer did not arrive (connection refused, timeout, reset). */
public final class NetworkException extends LeakcheckException {

    private static final long serialVersionUID = 1L;

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
