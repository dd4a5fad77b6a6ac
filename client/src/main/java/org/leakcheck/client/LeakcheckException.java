package org.leakcheck.client;

/**
 * A check could not be completed. Subclasses say why: {@link KeyMismatchException} (the service's
 * key is not the pinned one), {@link ApiProblemException} (the API refused the request),
 * {@link RateLimitedException}, {@link NetworkException}, {@link ResponseException} (the API's
 * answer breaks the protocol). Messages never contain the identity being checked.
 */
public class LeakcheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LeakcheckException(String message) {
        super(message);
    }

    public LeakcheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
