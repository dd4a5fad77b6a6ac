package org.leakcheck.client;

/**
 * The API answered, but not as protocol version 1 says: unsupported version or suite, malformed
 * JSON or base64url, an invalid evaluated element, a bucket response for another bucket, or a key
 * that changed between {@code /v1/info} and the evaluation.
 */
public final class ResponseException extends LeakcheckException {

    private static final long serialVersionUID = 1L;

    public ResponseException(String message) {
        super(message);
    }

    public ResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
