package org.leakcheck.protocol.oprf;

/** The element does not have the 33-byte length of a compressed SEC1 P-256 point. */
public final class ElementLengthException extends InvalidElementException {

    private static final long serialVersionUID = 1L;

    /** Stable rule code carried by this exception. */
    public static final String RULE = "element.length";

    ElementLengthException(String field) {
        super(RULE, field + " must be exactly 33 bytes (compressed SEC1 point)");
    }
}
