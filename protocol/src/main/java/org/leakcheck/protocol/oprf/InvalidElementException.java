package org.leakcheck.protocol.oprf;

/**
 * A serialized group element was rejected by DeserializeElement (RFC 9497 §4.3), so it is
 * what the RFC calls an {@code InputValidationError}. Subclasses say which check failed.
 */
public class InvalidElementException extends OprfException {

    private static final long serialVersionUID = 1L;

    InvalidElementException(String rule, String message) {
        super(rule, message);
    }
}
