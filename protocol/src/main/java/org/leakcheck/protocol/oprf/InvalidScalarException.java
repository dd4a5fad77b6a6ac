package org.leakcheck.protocol.oprf;

/**
 * A serialized scalar (a private key or a blind) was rejected. Subclasses say which check
 * failed; a scalar of the wrong length is reported by this class itself, with rule
 * {@value #LENGTH_RULE}.
 */
public class InvalidScalarException extends OprfException {

    private static final long serialVersionUID = 1L;

    /** Rule code for a scalar that is not exactly 32 bytes. */
    public static final String LENGTH_RULE = "scalar.length";

    InvalidScalarException(String rule, String message) {
        super(rule, message);
    }

    static InvalidScalarException wrongLength(String field) {
        return new InvalidScalarException(LENGTH_RULE, field + " must be exactly 32 bytes");
    }
}
