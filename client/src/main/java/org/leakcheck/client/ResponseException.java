package org.leakcheck.client;

/**
 * The API answered, but not as protocol version 2 says (docs/protocol.md §7.5): an unsupported
 * version, suite or mode, malformed JSON or base64url, an invalid evaluated element, a bucket
 * answer for another URL or of another size, a corrupt or forged bucket, or a dataset replaced
 * twice during one check. A key that is not the pinned one is {@link KeyMismatchException}.
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
