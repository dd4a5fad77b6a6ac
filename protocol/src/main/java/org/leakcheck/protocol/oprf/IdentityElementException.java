package org.leakcheck.protocol.oprf;

/**
 * The element is the identity of the group (the point at infinity), which RFC 9497 §4.3
 * rejects.
 */
public final class IdentityElementException extends InvalidElementException {

    private static final long serialVersionUID = 1L;

    /** Stable rule code carried by this exception. */
    public static final String RULE = "element.identity";

    IdentityElementException(String field) {
        super(RULE, field + " must not be the identity element (point at infinity)");
    }
}
